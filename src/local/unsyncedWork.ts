import { openUserDatabase, type UserDatabase, type UserDatabaseDeps } from './database';

/**
 * Work on this device the server has not acknowledged: outbox rows not yet acked (rejected
 * ones too: the device keeps its copy until someone looks at it), drafts, photos not uploaded.
 * Anything here blocks deleting the database.
 */
export async function countUnsyncedWork(db: UserDatabase): Promise<number> {
  return db.transaction('r', db.outbox, db.drafts, db.photos, async () => {
    const [outbox, drafts, photos] = await Promise.all([
      db.outbox.where('status').anyOf('pending', 'rejected').count(),
      db.drafts.count(),
      db.photos.where('status').equals('pending').count(),
    ]);
    return outbox + drafts + photos;
  });
}

export type RemoveUserDataResult = { removed: true } | { removed: false; unsynced: number };

/**
 * Clean sign-out: deletes this user's database when nothing is unsynced, otherwise keeps it
 * (the same user signing in again continues where they left off).
 */
export async function removeUserDataIfSynced(db: UserDatabase): Promise<RemoveUserDataResult> {
  const unsynced = await countUnsyncedWork(db);
  if (unsynced > 0) return { removed: false, unsynced };
  await db.delete();
  return { removed: true };
}

/** The same check for a user whose database is not open here (the previous user of the device). */
export async function removeUserDataByIdIfSynced(userId: string, deps: UserDatabaseDeps): Promise<RemoveUserDataResult> {
  const db = await openUserDatabase(userId, deps);
  const result = await removeUserDataIfSynced(db);
  if (!result.removed) db.close();
  return result;
}
