import type { UserDatabase } from './database';
import { photoQueueStoreFor } from './photoQueueStore';

/** What this device has not yet had acknowledged, as the supervisor's sync-backlog report shows it. */
export interface DeviceBacklog {
  /** Outbox records still waiting for the server's answer (rejected ones were received: they are not counted). */
  pendingRecords: number;
  /** Photos of sent or waiting records not uploaded yet (a draft's photos are not work to send). */
  pendingPhotos: number;
  /** Device time the oldest waiting record was written; null when none waits. */
  oldestPendingAt: string | null;
}

/** Counts the device's backlog: one read of the outbox index and the photo queue's own pending list. */
export async function deviceBacklog(db: UserDatabase): Promise<DeviceBacklog> {
  // A fresh collection for each query: Dexie's first() narrows the collection it is called on.
  const pending = () => db.outbox.where('status').equals('pending');
  const [pendingRecords, oldest, photoIds] = await Promise.all([pending().count(), pending().first(), photoQueueStoreFor(db).pendingPhotoIds()]);
  return { pendingRecords, pendingPhotos: photoIds.length, oldestPendingAt: oldest?.createdAt ?? null };
}
