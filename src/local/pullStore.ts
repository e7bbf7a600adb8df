import { applyPull, type PullPage } from './applyPull';
import type { UserDatabase } from './database';
import { deviceBacklog } from './deviceBacklog';
import { getClientId, getPullCursor, markPulled, readSyncMeta } from './meta';

/** The local half of the pull loop (src/sync's `PullStore`), bound to one user's database. */
export function pullStoreFor(db: UserDatabase) {
  return {
    getClientId: () => getClientId(db),
    getPullCursor: () => getPullCursor(db),
    applyPage: (page: PullPage) => applyPull(db, page),
    markPulled: (at: number) => markPulled(db, at),
    getLastPulledAt: async () => (await readSyncMeta(db)).lastPulledAt,
    deviceReport: () => deviceBacklog(db),
  };
}
