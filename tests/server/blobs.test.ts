import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../server/blobs/blobStore';
import { createFolderBlobStore } from '../../server/blobs/folderBlobStore';
import { createMemoryBlobStore } from '../../server/blobs/memoryBlobStore';

const ID = 'ab'.repeat(32);

describe.each([
  ['folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'meterswap-blobs-'));
    return { store: createFolderBlobStore(dir), dir };
  }],
  ['memory', () => Promise.resolve({ store: createMemoryBlobStore(), dir: null })],
] as const)('%s blob store', (_name, open) => {
  let store: BlobStore;
  let dir: string | null;
  beforeEach(async () => {
    ({ store, dir } = await open());
  });
  afterEach(async () => {
    if (dir !== null) await rm(dir, { recursive: true, force: true });
  });

  it('shows nothing until commit, then the whole blob', async () => {
    const writer = await store.begin(ID);
    await writer.write(Buffer.from('hello '));
    await writer.write(Buffer.from('world'));
    expect(await store.exists(ID)).toBe(false);
    await writer.commit();
    const blob = await store.get(ID);
    expect(blob?.size).toBe(11);
    if (!blob) throw new Error('the committed blob is missing');
    expect(await text(blob.stream())).toBe('hello world');
  });

  it('leaves nothing behind when a write is aborted', async () => {
    const writer = await store.begin(ID);
    await writer.write(Buffer.from('half a photo'));
    await writer.abort();
    await writer.abort();
    expect(await store.get(ID)).toBeNull();
    if (dir !== null) expect((await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())).toEqual([]);
  });

  it('refuses any name but 64 lowercase hex characters', async () => {
    for (const bad of ['../../etc/passwd', ID.toUpperCase(), `${ID}/x`, '']) {
      await expect(store.begin(bad)).rejects.toThrow(/64 lowercase hex/);
    }
  });
});

describe('folder blob store layout', () => {
  it('keeps a blob at ab/cd/<id>, written through a temporary file in the same folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'meterswap-blobs-'));
    try {
      const store = createFolderBlobStore(dir);
      const id = `abcd${'0'.repeat(60)}`;
      const writer = await store.begin(id);
      await writer.write(Buffer.from('bytes'));
      const during = await readdir(path.join(dir, 'ab', 'cd'));
      expect(during).toEqual([expect.stringMatching(new RegExp(`^\\.${id}\\.[0-9a-f]+\\.tmp$`))]);
      await writer.commit();
      expect(await readdir(path.join(dir, 'ab', 'cd'))).toEqual([id]);
      expect(await readFile(path.join(dir, 'ab', 'cd', id), 'utf8')).toBe('bytes');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
