import { randomBytes } from 'node:crypto';
import { close as closeFd, createReadStream, fsync, open as openFd } from 'node:fs';
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

/**
 * Opens, fsyncs and closes a folder. Once per published blob, so on callbacks and a bare descriptor: a FileHandle
 * costs an object, a close promise and a finalizer on top of the same three system calls.
 */
function fsyncDirectory(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    openFd(dir, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      fsync(fd, (syncError) => {
        closeFd(fd, (closeError) => {
          const error = syncError ?? closeError;
          if (error) reject(error);
          else resolve();
        });
      });
    });
  });
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

/** Writes `pieces` (`total` bytes) in one writev, and what a short write left one piece at a time. */
async function writeAllPieces(handle: FileHandle, pieces: readonly Uint8Array[], total: number): Promise<void> {
  let written = pieces.length === 1 && pieces[0] !== undefined ? 0 : (await handle.writev(pieces)).bytesWritten;
  if (written === total) return;
  for (const piece of pieces) {
    if (written >= piece.length) {
      written -= piece.length;
      continue;
    }
    await writeAll(handle, written === 0 ? piece : piece.subarray(written));
    written = 0;
  }
}

/**
 * Bytes a writer gathers before it writes them: a photo of a few hundred KB arrives in socket reads of 16–64 KB,
 * and one writev for all of them costs one trip to the thread pool instead of one per read. It bounds what an
 * upload holds in memory besides the file; a stalled upload's bytes reach the file once this much has arrived.
 */
export const FOLDER_WRITE_BATCH_BYTES = 256 * 1024;

/**
 * Temporary names: `.<id>.<16 hex>.tmp`, the hex a random prefix of this process and a counter, so two processes
 * on one folder never collide and no upload pays for random bytes of its own.
 */
const TEMP_PREFIX = randomBytes(4).toString('hex');
let tempCounter = 0;
function tempSuffix(): string {
  tempCounter = (tempCounter + 1) % 0x1_0000_0000;
  return TEMP_PREFIX + tempCounter.toString(16).padStart(8, '0');
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
    const temp = path.join(dir, `.${id}.${tempSuffix()}.tmp`);
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
    // The bytes not written yet (less than FOLDER_WRITE_BATCH_BYTES); the verified writer has hashed them already.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const pieces = pending;
      const total = pendingBytes;
      pending = [];
      pendingBytes = 0;
      await writeAllPieces(handle, pieces, total);
    };
    return verifiedWriter(id, {
      write: (chunk) => {
        pending.push(chunk);
        pendingBytes += chunk.length;
        return pendingBytes >= FOLDER_WRITE_BATCH_BYTES ? flush() : Promise.resolve();
      },
      publish: async () => {
        await flush();
        await handle.sync();
        await close();
        await rename(temp, file);
        await fsyncDirectory(dir);
      },
      discard: async () => {
        pending = [];
        pendingBytes = 0;
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
