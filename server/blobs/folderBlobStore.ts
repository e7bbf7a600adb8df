import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { assertBlobId, type BlobStore, type BlobWriter, type StoredBlob } from './blobStore';
import { verifiedWriter } from './verifiedWriter';

/** `root/ab/cd/<id>`: two levels of 256 folders keep directories small with millions of photos. */
function blobPath(root: string, id: string): { dir: string; file: string } {
  assertBlobId(id);
  const dir = path.join(root, id.slice(0, 2), id.slice(2, 4));
  return { dir, file: path.join(dir, id) };
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** Makes the folders of a blob, then fsyncs each new one's parent so the new entries survive a crash. */
async function ensureDirectory(root: string, dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  for (let d = dir; d.length >= created.length && d !== path.dirname(d); d = path.dirname(d)) {
    await fsyncDirectory(path.dirname(d));
    if (d === root) break;
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Blobs as files under `root`, written atomically: a temporary file in the blob's own folder (same file
 * system, so the rename is atomic), fsync, rename over the final name, fsync the folder. A crash at any point
 * leaves either no blob or the whole blob, never half of one; a leftover `.tmp` file is all it can leave.
 * File names come only from the validated hex id and random bytes, never from user input. The bytes must hash to
 * the id (checked before the rename); a second put of an id renames the same bytes over the first.
 */
export function createFolderBlobStore(root: string): BlobStore {
  const absoluteRoot = path.resolve(root);

  // Folders this store made or found (at most 65,537): each is looked for once, not on every upload, and without an
  // error thrown per new folder (an exception costs a stack trace, mapped through source maps under tsx).
  const knownDirs = new Set<string>();

  async function begin(id: string): Promise<BlobWriter> {
    const { dir, file } = blobPath(absoluteRoot, id);
    const temp = path.join(dir, `.${id}.${randomBytes(8).toString('hex')}.tmp`);
    if (!knownDirs.has(dir)) {
      await ensureDirectory(absoluteRoot, dir);
      knownDirs.add(dir);
    }
    let handle: FileHandle;
    try {
      handle = await open(temp, 'wx', 0o640);
    } catch (error) {
      // The folder was removed behind the store's back (an operator cleaning up): make it again.
      if (!isMissing(error)) throw error;
      await ensureDirectory(absoluteRoot, dir);
      handle = await open(temp, 'wx', 0o640);
    }
    let handleOpen = true;
    const close = async () => {
      if (!handleOpen) return;
      handleOpen = false;
      await handle.close();
    };
    return verifiedWriter(id, {
      write: (chunk) => writeAll(handle, chunk),
      publish: async () => {
        await handle.sync();
        await close();
        await rename(temp, file);
        await fsyncDirectory(dir);
      },
      discard: async () => {
        await close();
        await unlink(temp).catch((error: unknown) => {
          if (!isMissing(error)) throw error;
        });
      },
    });
  }

  async function get(id: string): Promise<StoredBlob | null> {
    const { file } = blobPath(absoluteRoot, id);
    try {
      const { size } = await stat(file);
      return { size, stream: () => createReadStream(file) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  return {
    begin,
    get,
    exists: async (id) => (await get(id)) !== null,
  };
}

/** A temporary blob's name: `.<id>.<16 hex>.tmp` (see `begin`). */
const TEMP_NAME = /^\.[0-9a-f]{64}\.[0-9a-f]{16}\.tmp$/;

/**
 * Removes the temporary files a crash left (kill -9 mid-upload): those under `root/xx/yy/` older than `olderThanMs`.
 * A younger one may belong to an upload still running in another process on the same folder, so it stays; an
 * upload cannot last that long (the idle-body and request timeouts end it first). Returns how many were removed.
 */
export async function sweepStaleTemporaryBlobs(root: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  const dirs = async (dir: string) => {
    try {
      return (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))
        .map((e) => path.join(dir, e.name));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  };
  for (const first of await dirs(path.resolve(root))) {
    for (const second of await dirs(first)) {
      for (const entry of await readdir(second, { withFileTypes: true })) {
        if (!entry.isFile() || !TEMP_NAME.test(entry.name)) continue;
        const file = path.join(second, entry.name);
        try {
          if (now - (await stat(file)).mtimeMs < olderThanMs) continue;
          await unlink(file);
          removed++;
        } catch (error) {
          if (!isMissing(error)) throw error; // gone meanwhile: its upload finished or was swept by another process
        }
      }
    }
  }
  return removed;
}
