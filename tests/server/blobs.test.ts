import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobDigestMismatchError, BlobTooLargeError, type BlobStore } from '../../server/blobs/blobStore';
import { createDatabaseBlobStore, openDatabaseBlobStore } from '../../server/blobs/databaseBlobStore';
import { createFolderBlobStore } from '../../server/blobs/folderBlobStore';
import { createMemoryBlobStore } from '../../server/blobs/memoryBlobStore';
import { BLOB_CHUNK_BYTES, openBlobRepository, type BlobRepository } from '../../server/store/blobRepository';
import { connect, type ConnectOptions } from '../../server/store/connect';
import type { Database } from '../../server/store/schema';
import { backends, createTestDatabase, type TestDatabase } from './harness';

/**
 * The blob-store contract (issue 7): every implementation passes the same suite. Atomic write, idempotent put
 * (also concurrent, also from two instances as two processes would), digest check, streaming read, missing blob.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Subject {
  store: BlobStore;
  /** Another instance on the same storage, as another process (or the restarted one) would open it. */
  reopen(): Promise<BlobStore>;
  /** Everything the storage holds for `id`, committed or not: files, rows, map entries. */
  traces(id: string): Promise<string[]>;
  /** What `traces` shows for one committed blob of `size` bytes. */
  committed(id: string, size: number): string[];
  /** How to open this store in a child process that then dies (null: nothing outlives the process). */
  crashSpec: Record<string, unknown> | null;
  close(): Promise<void>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function folderSubject(): Promise<Subject> {
  const dir = await mkdtemp(path.join(tmpdir(), 'meterswap-blobs-'));
  return {
    store: createFolderBlobStore(dir),
    reopen: () => Promise.resolve(createFolderBlobStore(dir)),
    traces: async (id) => (await filesUnder(dir)).filter((f) => f.includes(id)),
    committed: (id) => [path.join(id.slice(0, 2), id.slice(2, 4), id)],
    crashSpec: { kind: 'folder', dir },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

function memorySubject(): Promise<Subject> {
  const store = createMemoryBlobStore();
  return Promise.resolve({
    store,
    reopen: () => Promise.resolve(store),
    traces: (id) => Promise.resolve(store.ids().filter((i) => i === id)),
    committed: (id) => [id],
    crashSpec: null,
    close: () => Promise.resolve(),
  });
}

async function databaseSubject(): Promise<Subject> {
  const database: TestDatabase = await createTestDatabase('postgres');
  const raw: Kysely<Database> = (await connect(database.location)).db;
  const opened = [await openDatabaseBlobStore(database.location)];
  return {
    store: opened[0] as BlobStore,
    reopen: async () => {
      const again = await openDatabaseBlobStore(database.location);
      opened.push(again);
      return again;
    },
    traces: async (id) => {
      const { rows } = await sql<{ trace: string }>`
        select 'header ' || size || ' in ' || chunk_count as trace from blobs where id = ${id}
        union all select 'chunk ' || idx || ' of ' || length(bytes) from blob_chunks where blob_id = ${id}
        order by trace`.execute(raw);
      return rows.map((r) => r.trace);
    },
    committed: (_id, size) => {
      const count = Math.ceil(size / BLOB_CHUNK_BYTES);
      const chunks = Array.from({ length: count }, (_, i) => `chunk ${i} of ${Math.min(BLOB_CHUNK_BYTES, size - i * BLOB_CHUNK_BYTES)}`);
      return [...chunks, `header ${size} in ${count}`].sort();
    },
    crashSpec: { kind: 'database', location: database.location },
    close: async () => {
      for (const store of opened) await store.close();
      await raw.destroy();
      await database.destroy();
    },
  };
}

const subjects: [string, () => Promise<Subject>][] = [
  ['folder', folderSubject],
  ['memory', memorySubject],
  ...(backends.includes('postgres') ? [['database (PostgreSQL)', databaseSubject] as [string, () => Promise<Subject>]] : []),
];

/** Writes `bytes` in pieces of the given sizes (cycled), as a request body arrives. */
async function writeInPieces(store: BlobStore, id: string, bytes: Uint8Array, pieces: number[] = [65_536]) {
  const writer = await store.begin(id);
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const n = pieces[i % pieces.length] ?? 65_536;
    await writer.write(bytes.subarray(offset, offset + n));
    offset += n;
  }
  return writer;
}

async function put(store: BlobStore, bytes: Uint8Array, pieces?: number[]): Promise<string> {
  const id = sha256(bytes);
  await (await writeInPieces(store, id, bytes, pieces)).commit();
  return id;
}

async function readAll(stream: Readable): Promise<{ bytes: Buffer; pieces: number[] }> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return { bytes: Buffer.concat(parts), pieces: parts.map((p) => p.length) };
}

/** The blob under `id` streams back exactly `expected`, and its size says so (Buffer#equals: toEqual walks byte by byte). */
async function expectContent(store: BlobStore, id: string, expected: Uint8Array): Promise<void> {
  const blob = await store.get(id);
  expect(blob?.size).toBe(expected.length);
  if (blob === null) throw new Error(`blob ${id} is missing`);
  const { bytes } = await readAll(blob.stream());
  expect(bytes.length).toBe(expected.length);
  expect(bytes.equals(expected)).toBe(true);
}

const CRASH_FILL = { 'before-commit': 0x37, 'mid-commit': 0x38 } as const;

/**
 * A child process opens the subject's storage, writes a 700,000-byte blob (three chunks of the database store) and
 * kills itself with SIGKILL at `phase`: after the last write, or (database) inside the commit, after it has taken
 * two chunks and before the header (the repository sends the chunks and the header in one statement).
 */
async function crashChild(subject: Subject, phase: keyof typeof CRASH_FILL) {
  if (subject.crashSpec === null) throw new Error('this store does not outlive its process');
  const bytes = Buffer.alloc(700_000, CRASH_FILL[phase]);
  const modules = Object.fromEntries(
    Object.entries({
      folder: 'server/blobs/folderBlobStore.ts',
      database: 'server/blobs/databaseBlobStore.ts',
      repository: 'server/store/blobRepository.ts',
    }).map(([k, v]) => [k, pathToFileURL(path.join(root, v)).href]),
  );
  const code = `
    const spec = JSON.parse(process.env.BLOB_CRASH);
    const bytes = Buffer.alloc(700000, spec.fill);
    const id = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    let store;
    if (spec.kind === 'folder') {
      store = (await import(spec.modules.folder)).createFolderBlobStore(spec.dir);
    } else {
      const repository = await (await import(spec.modules.repository)).openBlobRepository(spec.location);
      const dying = function* (chunks) { let n = 0; for (const c of chunks) { if (n++ === 2) process.kill(process.pid, 'SIGKILL'); yield c; } };
      store = (await import(spec.modules.database)).createDatabaseBlobStore({ ...repository, put: (blob) => repository.put({ ...blob, chunks: dying(blob.chunks) }) });
    }
    const writer = await store.begin(id);
    await writer.write(bytes.subarray(0, 300000));
    await writer.write(bytes.subarray(300000));
    if (spec.phase === 'before-commit') process.kill(process.pid, 'SIGKILL');
    await writer.commit();
    process.exit(3);
  `;
  const died = await new Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: root,
      env: { ...process.env, BLOB_CRASH: JSON.stringify({ ...subject.crashSpec, phase, fill: CRASH_FILL[phase], modules }) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (exitCode, signal) => resolve({ signal, code: exitCode, stderr }));
  });
  return { id: sha256(bytes), bytes, died };
}

describe.each(subjects)('blob store contract: %s', (name, open) => {
  let subject: Subject;
  let store: BlobStore;
  beforeAll(async () => {
    subject = await open();
    store = subject.store;
  });
  afterAll(async () => {
    await subject.close();
  });

  describe('atomic write', () => {
    it('shows nothing until commit, then the whole blob', async () => {
      const bytes = randomBytes(300_000);
      const id = sha256(bytes);
      const writer = await writeInPieces(store, id, bytes, [1, 99_999, 150_000]);
      expect(await store.exists(id)).toBe(false);
      expect(await store.get(id)).toBeNull();
      expect(await (await subject.reopen()).exists(id)).toBe(false);
      await writer.commit();
      expect(await store.exists(id)).toBe(true);
      await expectContent(store, id, bytes);
      expect(await subject.traces(id)).toEqual(subject.committed(id, bytes.length));
    });

    it('leaves nothing behind when a write is aborted, and takes the id again afterwards', async () => {
      const bytes = randomBytes(600_000);
      const id = sha256(bytes);
      const writer = await writeInPieces(store, id, bytes);
      await writer.abort();
      await writer.abort();
      expect(await store.exists(id)).toBe(false);
      expect(await store.get(id)).toBeNull();
      expect(await subject.traces(id)).toEqual([]);
      await expect(writer.write(bytes)).rejects.toThrow(/aborted/);
      await expect(writer.commit()).rejects.toThrow(/aborted/);
      expect(await put(store, bytes)).toBe(id);
      await expectContent(store, id, bytes);
    });

    it('closes a writer once committed: no more writes, one commit, abort harmless', async () => {
      const bytes = randomBytes(1000);
      const writer = await writeInPieces(store, sha256(bytes), bytes);
      await writer.commit();
      await expect(writer.write(bytes)).rejects.toThrow(/committed/);
      await expect(writer.commit()).rejects.toThrow(/committed/);
      await writer.abort();
      await expectContent(store, sha256(bytes), bytes);
    });

    // Only stores that outlive their process can be checked after it dies (the memory store dies with it): the test is
    // not defined for the memory store rather than skipped.
    if (name !== 'memory')
      it('shows nothing when the process dies between write and commit', async () => {
        const { id, bytes, died } = await crashChild(subject, 'before-commit');
        expect(died, died.stderr).toMatchObject({ signal: 'SIGKILL' });
        const restarted = await subject.reopen();
        expect(await restarted.exists(id)).toBe(false);
        expect(await restarted.get(id)).toBeNull();
        // Whatever the dead writer left (the folder store's temporary file) is invisible and in nobody's way.
        expect((await subject.traces(id)).filter((t) => !t.endsWith('.tmp'))).toEqual([]);
        expect(await put(restarted, bytes)).toBe(id);
        await expectContent(store, id, bytes);
      });

    // Only the database store's commit takes the chunks one by one (then writes them and the header in one statement).
    if (name.startsWith('database'))
      it('shows nothing when the process dies inside the commit, after it took two chunks', async () => {
        const { id, bytes, died } = await crashChild(subject, 'mid-commit');
        expect(died, died.stderr).toMatchObject({ signal: 'SIGKILL' });
        const restarted = await subject.reopen();
        expect(await restarted.exists(id)).toBe(false);
        expect(await restarted.get(id)).toBeNull();
        expect(await subject.traces(id)).toEqual([]);
        expect(await put(restarted, bytes)).toBe(id);
        await expectContent(store, id, bytes);
      });
  });

  describe('idempotent put', () => {
    it('takes the same id twice, one after the other, and keeps one blob', async () => {
      const bytes = randomBytes(400_000);
      const id = await put(store, bytes);
      expect(await put(store, bytes, [7_000])).toBe(id);
      expect(await put(await subject.reopen(), bytes)).toBe(id);
      await expectContent(store, id, bytes);
      expect(await subject.traces(id)).toEqual(subject.committed(id, bytes.length));
    });

    it('takes concurrent puts of one id, from one instance and from another, and keeps one blob', async () => {
      const bytes = randomBytes(3 * BLOB_CHUNK_BYTES + 12_345);
      const id = sha256(bytes);
      const other = await subject.reopen();
      const writers = await Promise.all([store, other, store, other].map((s) => s.begin(id)));
      // Interleaved writes, then every commit at once.
      for (let offset = 0; offset < bytes.length; offset += 100_000) {
        for (const writer of writers) await writer.write(bytes.subarray(offset, offset + 100_000));
      }
      await Promise.all(writers.map((w) => w.commit()));
      await expectContent(store, id, bytes);
      await expectContent(other, id, bytes);
      expect(await subject.traces(id)).toEqual(subject.committed(id, bytes.length));
    });
  });

  describe('digest check', () => {
    it('refuses bytes that do not hash to the id, storing nothing', async () => {
      const bytes = randomBytes(300_000);
      const claimed = sha256(randomBytes(32));
      const writer = await writeInPieces(store, claimed, bytes);
      const refusal = await writer.commit().then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(BlobDigestMismatchError);
      expect(refusal).toMatchObject({ id: claimed, digest: sha256(bytes) });
      expect(await store.exists(claimed)).toBe(false);
      expect(await store.get(claimed)).toBeNull();
      expect(await store.exists(sha256(bytes))).toBe(false);
      expect(await subject.traces(claimed)).toEqual([]);
      await writer.abort();
      await expect(writer.commit()).rejects.toThrow(/aborted/);
    });

    it('keeps a stored blob when other bytes arrive under its id', async () => {
      const bytes = randomBytes(5000);
      const id = await put(store, bytes);
      const tampered = Buffer.from(bytes);
      tampered[100] = (tampered[100] ?? 0) ^ 0xff;
      const writer = await writeInPieces(store, id, tampered);
      await expect(writer.commit()).rejects.toBeInstanceOf(BlobDigestMismatchError);
      await expectContent(store, id, bytes);
    });

    it('refuses any name but 64 lowercase hex characters', async () => {
      const id = sha256(Buffer.from('x'));
      for (const bad of ['../../etc/passwd', id.toUpperCase(), `${id}/x`, id.slice(1), '']) {
        await expect(store.begin(bad)).rejects.toThrow(/64 lowercase hex/);
      }
    });
  });

  describe('streaming read', () => {
    it('streams a multi-chunk blob back byte-identical, with its size, as often as asked', async () => {
      const bytes = randomBytes(5 * 1024 * 1024 - 1);
      const id = await put(store, bytes, [1, 262_143, 333_333, 4096]);
      const blob = await store.get(id);
      expect(blob?.size).toBe(bytes.length);
      if (blob === null) throw new Error('the blob is missing');
      const first = await readAll(blob.stream());
      expect(first.bytes.equals(bytes)).toBe(true);
      expect(first.pieces.length).toBeGreaterThan(1);
      expect(Math.max(...first.pieces)).toBeLessThanOrEqual(BLOB_CHUNK_BYTES);
      expect((await readAll(blob.stream())).bytes.equals(bytes)).toBe(true);
    });

    it('stores and streams an empty blob', async () => {
      const id = await put(store, new Uint8Array(0));
      expect(id).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect((await store.get(id))?.size).toBe(0);
      await expectContent(store, id, Buffer.alloc(0));
    });
  });

  describe('missing blob', () => {
    it('answers get with null and exists with false', async () => {
      const id = sha256(randomBytes(16));
      expect(await store.get(id)).toBeNull();
      expect(await store.exists(id)).toBe(false);
      expect(await subject.traces(id)).toEqual([]);
    });
  });
});

describe('folder blob store layout', () => {
  it('keeps a blob at ab/cd/<id>, written through a temporary file in the same folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'meterswap-blobs-'));
    try {
      const store = createFolderBlobStore(dir);
      const bytes = Buffer.from('bytes');
      const id = sha256(bytes);
      const folder = path.join(dir, id.slice(0, 2), id.slice(2, 4));
      const writer = await store.begin(id);
      await writer.write(bytes);
      expect(await readdir(folder)).toEqual([expect.stringMatching(new RegExp(`^\\.${id}\\.[0-9a-f]+\\.tmp$`))]);
      await writer.commit();
      expect(await readdir(folder)).toEqual([id]);
      expect(await readFile(path.join(folder, id), 'utf8')).toBe('bytes');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(backends.includes('postgres'))('database blob store internals (PostgreSQL)', () => {
  let database: TestDatabase;
  let repository: BlobRepository;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    repository = await openBlobRepository(database.location);
  });
  afterAll(async () => {
    await repository.close();
    await database.destroy();
  });

  it('reads one chunk ahead at most, and stops reading when the stream is destroyed', async () => {
    let reads = 0;
    const counted = { ...repository, chunk: (id: string, idx: number) => (reads++, repository.chunk(id, idx)) };
    const store = createDatabaseBlobStore(counted);
    const bytes = randomBytes(10 * BLOB_CHUNK_BYTES);
    const id = await put(store, bytes);
    const blob = await store.get(id);
    if (blob === null) throw new Error('the blob is missing');
    expect(reads).toBe(0);
    const stream = blob.stream();
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.pause();
    expect(first.equals(bytes.subarray(0, BLOB_CHUNK_BYTES))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reads).toBeLessThanOrEqual(3);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterDestroy = reads;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toBe(afterDestroy);
    expect(reads).toBeLessThan(10);
  });

  it('refuses to buffer more than its limit (a photo: 5 MB), storing nothing', async () => {
    const store = createDatabaseBlobStore(repository, { maxBytes: 1000 });
    const bytes = randomBytes(1001);
    const id = sha256(bytes);
    const writer = await store.begin(id);
    await writer.write(bytes.subarray(0, 1000));
    await expect(writer.write(bytes.subarray(1000))).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(writer.commit()).rejects.toThrow(/failed/);
    await writer.abort();
    expect(await repository.header(id)).toBeUndefined();
    expect(await repository.chunk(id, 0)).toBeUndefined();
  });

  it('rolls back a put whose chunks fail half-way: no header, no chunk', async () => {
    const id = sha256(randomBytes(8));
    async function* failing() {
      yield Buffer.alloc(BLOB_CHUNK_BYTES, 1);
      yield Buffer.alloc(BLOB_CHUNK_BYTES, 2);
      await Promise.resolve();
      throw new Error('connection lost');
    }
    await expect(repository.put({ id, size: 3 * BLOB_CHUNK_BYTES, chunks: failing(), storedAt: new Date().toISOString() })).rejects.toThrow(
      'connection lost',
    );
    expect(await repository.header(id)).toBeUndefined();
    expect(await repository.chunk(id, 0)).toBeUndefined();
  });

  it('says whether a put stored the blob: once true, then false', async () => {
    const bytes = randomBytes(10);
    const blob = { id: sha256(bytes), size: 10, chunks: [bytes], storedAt: new Date().toISOString() };
    expect(await repository.put(blob)).toBe(true);
    expect(await repository.put(blob)).toBe(false);
    expect(await repository.header(blob.id)).toEqual({ size: 10, chunkCount: 1 });
  });
});

describe('database blob store on SQLite', () => {
  it('is refused: it needs PostgreSQL', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'meterswap-blobs-'));
    try {
      await expect(openBlobRepository({ dataDir } satisfies ConnectOptions)).rejects.toThrow(/needs PostgreSQL/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
