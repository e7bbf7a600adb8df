import path from 'node:path';
import type { Config } from '../config';
import type { BlobStore } from './blobStore';
import { openDatabaseBlobStore } from './databaseBlobStore';
import { createFolderBlobStore, sweepStaleTemporaryBlobs } from './folderBlobStore';

/** A temporary blob older than this at start is a crash's leftover: no upload lasts it (request timeout 300 s). */
export const STALE_TEMPORARY_BLOB_MS = 15 * 60_000;

export interface OpenedBlobStore {
  blobs: BlobStore;
  /** Crash leftovers removed at start (folder store). */
  swept: number;
  /** Releases what the store holds (the database store's connections); call after the server has stopped. */
  close(): Promise<void>;
}

/** The photo folder of the folder store (the default): `DATA_DIR/photos`. */
export function photoFolder(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'photos');
}

/** The store BLOB_STORE names. Database: the same PostgreSQL database as the records (the config made sure there is one). */
export async function openBlobStore(
  config: Pick<Config, 'blobStore' | 'dataDir' | 'databaseUrl'>,
  options: { onPoolError?: (error: Error) => void } = {},
): Promise<OpenedBlobStore> {
  if (config.blobStore === 'folder') {
    const swept = await sweepStaleTemporaryBlobs(photoFolder(config), STALE_TEMPORARY_BLOB_MS);
    return { blobs: createFolderBlobStore(photoFolder(config)), swept, close: () => Promise.resolve() };
  }
  if (config.databaseUrl === null) throw new Error('BLOB_STORE=database needs DATABASE_URL');
  const store = await openDatabaseBlobStore({
    databaseUrl: config.databaseUrl,
    ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
  });
  // The database store writes nothing before commit: a crash leaves nothing to sweep.
  return { blobs: store, swept: 0, close: () => store.close() };
}
