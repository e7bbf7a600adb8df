import type { SyncMetaRow, UserDatabase } from './database';

/** The sync bookkeeping row; it exists from the moment the database is created. */
export async function readSyncMeta(db: UserDatabase): Promise<SyncMetaRow> {
  const row = await db.meta.get('sync');
  if (row === undefined) throw new Error(`Database of user ${db.userId} has no sync meta row`);
  return row;
}

export async function getClientId(db: UserDatabase): Promise<string> {
  return (await readSyncMeta(db)).clientId;
}

export async function getPullCursor(db: UserDatabase): Promise<string | null> {
  return (await readSyncMeta(db)).pullCursor;
}

/** Records that a pull ran to the end (`hasMore: false`): "Cập nhật lúc …". */
export async function markPulled(db: UserDatabase, at: number): Promise<void> {
  await db.meta.update('sync', { lastPulledAt: at });
}
