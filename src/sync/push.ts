import { PROTOCOL_VERSION, PUSH_MAX_MUTATIONS } from '../domain/protocol/limits';
import type { MutationEnvelope, MutationResult } from '../domain/protocol/mutations';
import { batchSize } from '../domain/protocol/outboxRules';
import { err, ok, type Result } from '../domain/protocol/result';
import type { ApiClient } from './api';
import { isClientOutdated, type ApiError } from './apiError';

/** What the push loop needs from the local store (src/local/outboxStore.ts implements it). */
export interface PushStore {
  getClientId(): Promise<string>;
  /** Seq of the oldest pending outbox row, or null when nothing waits. */
  firstPendingSeq(): Promise<number | null>;
  /** Retained outbox rows with seq ≥ `fromSeq`, any status, in seq order, at most `limit`. */
  rowsFrom(fromSeq: number, limit: number): Promise<MutationEnvelope[]>;
  /** Applies one push answer to the outbox in ONE transaction (acked / rejected, with result and time). */
  applyResults(results: readonly MutationResult[], at: number): Promise<void>;
  /**
   * Notes a push refusal that needs a person on the row it stopped at (key reuse, client of another user, or any
   * other refusal the same bytes would meet again: a 400 or a 500), so the outbox view shows it needing attention.
   */
  markBlocked(seq: number, code: string): Promise<void>;
  /**
   * The server lost what it had acknowledged from `fromSeq` on (restored from a backup): the photos of the retained
   * rows from there, uploaded or not, wait to be sent again (the photo queue asks the server first, so a photo it
   * still has is not sent twice).
   */
  requeuePhotosFrom(fromSeq: number): Promise<void>;
}

/** Client-side codes of the push loop, beside the server's catalogue. */
export const PUSH_ERROR_CODES = [
  /** The server asks for a seq this device no longer holds (deleted after retention, or never had). */
  'OUTBOX_GAP',
  /** The server answered 200 but did not move past the batch: a bug somewhere; stop instead of spinning. */
  'PUSH_NO_PROGRESS',
] as const;

/** A phone never spins on a server that keeps answering without progress. */
export const MAX_PUSH_BATCHES_PER_RUN = 1_000;

export interface PushSummary {
  batches: number;
  mutations: number;
}

export interface PushDeps {
  api: Pick<ApiClient, 'push'>;
  store: PushStore;
  now: () => number;
  /** Called with the seqs of a batch while it is on the wire (for "đang gửi"); null when none is. */
  onInFlight?: (seqs: readonly number[] | null) => void;
}

const pushError = (code: (typeof PUSH_ERROR_CODES)[number], detail: string): ApiError => ({ code, status: null, retryable: false, detail });

/**
 * A refusal of the whole push that resending the same bytes cannot change (design §7: only 429, 503 and the
 * resend-from of a 409 are retryable), and that is about the mutations rather than the session or the app's
 * version (CLIENT_OUTDATED refuses every batch alike: no row is to blame, none is marked).
 */
function isPermanentRefusal(error: ApiError): boolean {
  return !error.retryable && error.status !== null && error.code !== 'UNAUTHENTICATED' && !isClientOutdated(error);
}

/**
 * Pushes until no pending outbox row is left, oldest first, in batches of at most 50 mutations and 256 KB. Each
 * answer is applied in one transaction before the next batch leaves. A 409 SYNC_OUT_OF_ORDER (the server lost seqs
 * it had acknowledged, e.g. restored from a backup) resends from `expectedSeq` out of the retained rows, and queues
 * their photos again (the backup may have lost them too). A permanent refusal of a batch (a 400, a 422, a 500: the
 * server itself rejects a bad mutation one by one, so this is a bug or an old server) is narrowed down by sending
 * one mutation at a time until it recurs: the rows before the culprit are delivered, the culprit is marked as
 * needing attention (markBlocked), and the run ends there. Every other failure ends the run as a value; the outbox
 * is untouched and the next run resends the same seqs (idempotent). The engine does not retry a permanent refusal
 * on a timer, only when something new happens (a write, the app coming back, the button).
 */
export async function pushAll({ api, store, now, onInFlight }: PushDeps): Promise<Result<PushSummary, ApiError>> {
  const clientId = await store.getClientId();
  let resendFrom: number | null = null;
  let mutations = 0;
  // After a permanent refusal of a batch, one mutation per push until the culprit is met again.
  let oneAtATime = false;
  for (let batches = 0; batches < MAX_PUSH_BATCHES_PER_RUN; batches++) {
    const pending = await store.firstPendingSeq();
    // Replaying retained rows after a 409 goes on until it reaches the pending ones.
    if (resendFrom !== null && (pending === null || resendFrom >= pending)) resendFrom = null;
    const from = resendFrom ?? pending;
    if (from === null) return ok({ batches, mutations });
    const rows = contiguousFrom(from, await store.rowsFrom(from, PUSH_MAX_MUTATIONS));
    if (rows.length === 0) return err(pushError('OUTBOX_GAP', `The outbox holds no row with seq ${from}.`));
    const batch = rows.slice(0, oneAtATime ? 1 : batchSize(clientId, rows));
    onInFlight?.(batch.map((m) => m.seq));
    const answer = await api.push({ protocolVersion: PROTOCOL_VERSION, clientId, mutations: batch }).finally(() => onInFlight?.(null));
    if (!answer.ok) {
      const error = answer.error;
      if (error.code === 'SYNC_OUT_OF_ORDER' && error.expectedSeq !== undefined && error.expectedSeq < from) {
        resendFrom = error.expectedSeq;
        await store.requeuePhotosFrom(resendFrom);
        continue;
      }
      if (isPermanentRefusal(error)) {
        if (batch.length > 1) {
          oneAtATime = true;
          continue;
        }
        await store.markBlocked(from, error.code);
      }
      return err(error);
    }
    const { results } = answer.value;
    if (!results.some((r) => r.seq === from)) return err(pushError('PUSH_NO_PROGRESS', `No result for seq ${from}.`));
    await store.applyResults(results, now());
    mutations += results.length;
    if (resendFrom !== null) resendFrom = Math.max(...results.map((r) => r.seq)) + 1;
  }
  return ok({ batches: MAX_PUSH_BATCHES_PER_RUN, mutations });
}

/** The rows from `from` without a hole: a batch is a contiguous slice of the outbox (the server refuses gaps). */
function contiguousFrom(from: number, rows: readonly MutationEnvelope[]): MutationEnvelope[] {
  const out: MutationEnvelope[] = [];
  for (const row of rows) {
    if (row.seq !== from + out.length) break;
    out.push(row);
  }
  return out;
}
