import { PULL_DEFAULT_LIMIT } from '../domain/protocol/limits';
import type { PullPageResponse as PullResponse } from '../domain/protocol/sync';
import { ok, type Result } from '../domain/protocol/result';
import type { ApiClient, DeviceReport } from './api';
import type { ApiError } from './apiError';

/** What the pull loop needs from the local store (src/local implements it). */
export interface PullStore {
  getClientId(): Promise<string>;
  getPullCursor(): Promise<string | null>;
  /** Applies a page and stores its cursor in one transaction. */
  applyPage(page: Omit<PullResponse, 'hasMore'>): Promise<void>;
  /** The pull reached `hasMore: false` at this instant (epoch ms). */
  markPulled(at: number): Promise<void>;
  /** What the device still has to send, reported to the server with the pull (optional: older stores omit it). */
  deviceReport?(): Promise<DeviceReport>;
}

/** A server that keeps answering `hasMore` with no progress must not spin the phone forever. */
export const MAX_PULL_PAGES_PER_RUN = 500;

export interface PullSummary {
  pages: number;
  changes: number;
}

export interface PullDeps {
  api: Pick<ApiClient, 'pull'>;
  store: PullStore;
  now: () => number;
  limit?: number;
}

/**
 * Pulls until the server says `hasMore: false`, each page applied (with its cursor) before
 * the next is asked for. Starts from the stored cursor, so an interrupted pull resumes.
 */
export async function pullAll({ api, store, now, limit = PULL_DEFAULT_LIMIT }: PullDeps): Promise<Result<PullSummary, ApiError>> {
  const clientId = await store.getClientId();
  let cursor = await store.getPullCursor();
  // Counted once per run, after the push: what is still waiting now is the backlog the supervisor should see.
  const report = await store.deviceReport?.();
  let changes = 0;
  for (let pages = 1; pages <= MAX_PULL_PAGES_PER_RUN; pages++) {
    const result = await api.pull({ clientId, cursor, limit, ...(report === undefined ? {} : { report }) });
    if (!result.ok) return result;
    const page = result.value;
    await store.applyPage({ changes: page.changes, reset: page.reset, cursor: page.cursor, lastSeq: page.lastSeq });
    changes += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) {
      await store.markPulled(now());
      return ok({ pages, changes });
    }
  }
  // Stopped early but every applied page is stored: the next run continues from here.
  return ok({ pages: MAX_PULL_PAGES_PER_RUN, changes });
}
