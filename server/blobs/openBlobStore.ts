import path from 'node:path';
import type { Config } from '../config';
import type { BlobStore } from './blobStore';
import { openDatabaseBlobStore } from './databaseBlobStore';
import { createFolderBlobStore } from './folderBlobStore';

export interface OpenedBlobStore {
  blobs: BlobStore;
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
  if (config.blobStore === 'folder') return { blobs: createFolderBlobStore(photoFolder(config)), close: () => Promise.resolve() };
  if (config.databaseUrl === null) throw new Error('BLOB_STORE=database needs DATABASE_URL');
  const store = await openDatabaseBlobStore({ databaseUrl: config.databaseUrl, ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}) });
  return { blobs: store, close: () => store.close() };
}
