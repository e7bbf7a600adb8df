import type { FieldError } from '../../../src/domain/protocol/errors';
import {
  MutationOriginal,
  type MutationEnvelope,
  type MutationError,
  type MutationResult,
  type PushRequest,
  type PushResponse,
} from '../../../src/domain/protocol/mutations';
import { isUniqueViolation } from '../../store/errors';
import type { Repos, Store, TxRepos } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { prepareMutation, type PreparedMutation } from '../mutations/registry';
import type { MutationOutcome, ReceiptSettings } from '../mutations/types';
import { ok } from '../../../src/domain/protocol/result';
import { failure, type Failure, type Result } from '../result';
import { mutationArgsHash } from './argsHash';

/**
 * Times one mutation is attempted when its savepoint loses a race: another client logged the same mutation id, or
 * stored a completion or visit under the same id, after this push read them (unique violation → the retry sees
 * the other's row: 422, or the handler's answer to an id already stored), or the handler rejected after writing
 * (the retry records only the rejection). A concurrent push of the same client cannot race: it waits for the
 * client's row.
 */
const MAX_ATTEMPTS = 3;

/**
 * Undoes the mutation (its savepoint) and ends the request with this failure (409, 422); earlier ones stay. Thrown
 * out of the transaction (403 CLIENT_USER_MISMATCH), it undoes the whole push.
 */
class AbortPush extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

/** Rolls back what a handler wrote before rejecting, so the retry records the rejection alone. */
class HandlerRejected extends Error {
  constructor(readonly error: MutationError) {
    super(error.code);
  }
}

/**
 * A push run without savepoints met what only a savepoint can undo alone (a handler's rejection, a lost race):
 * its transaction is rolled back, and the push runs again with a savepoint per mutation.
 */
class NeedsSavepoints extends Error {
  constructor(cause: unknown) {
    super('the push needs a savepoint per mutation', { cause });
  }
}

/** Within one request the seqs must be contiguous and increasing (a batch is a slice of the outbox). */
function batchOrderProblem(mutations: readonly MutationEnvelope[]): Failure | null {
  const errors: FieldError[] = [];
  let previous: number | null = null;
  for (const [i, m] of mutations.entries()) {
    if (previous !== null && m.seq !== previous + 1) {
      errors.push({ path: `mutations.${i}.seq`, code: 'not_contiguous', message: `Expected seq ${previous + 1} after ${previous}.` });
    }
    previous = m.seq;
  }
  return errors.length === 0 ? null : { code: 'VALIDATION_FAILED', detail: 'The mutations of a push must have contiguous, increasing seq.', errors };
}

const outOfOrder = (expectedSeq: number, got: number): Failure => ({
  code: 'SYNC_OUT_OF_ORDER',
  detail: `Expected seq ${expectedSeq}, got ${got}: resend from ${expectedSeq}.`,
  extras: { expectedSeq },
});

const MISMATCH_DETAIL = 'This client id belongs to another user; create a new local database.';

const keyReused = (m: MutationEnvelope): Failure => ({
  code: 'IDEMPOTENCY_KEY_REUSED',
  detail: `Seq ${m.seq} or mutation ${m.mutationId} was already used for another mutation.`,
});

/** A processed seq sent again: the stored result, with status duplicate and no side effect (design §5). */
async function duplicateOf(tx: Repos, clientId: string, m: MutationEnvelope, argsHash: string): Promise<MutationResult> {
  const logged = await tx.mutationLog.findBySeq(clientId, m.seq);
  if (logged === undefined) {
    // Logged seqs older than the log's retention: nothing left to compare or repeat.
    return { seq: m.seq, mutationId: m.mutationId, status: 'duplicate' };
  }
  if (logged.mutationId !== m.mutationId || logged.argsHash !== argsHash) throw new AbortPush(keyReused(m));
  const original = MutationOriginal.parse(logged.result);
  return {
    seq: m.seq,
    mutationId: m.mutationId,
    status: 'duplicate',
    ...(original.conflict === undefined ? {} : { conflict: original.conflict }),
    ...(original.conflicts === undefined ? {} : { conflicts: original.conflicts }),
    ...(original.error === undefined ? {} : { error: original.error }),
    original,
  };
}

/**
 * What a push's transaction knows about its client once it holds the client's row (syncClients.lockForPush): the
 * last processed seq, which no other push can move until this one commits, and the mutation ids already logged.
 */
interface ClientState {
  lastSeq: number;
  /** Logged mutation ids among the batch's (read once per push), plus those this push logs as it goes. */
  loggedMutationIds: Set<string>;
}

/** Team names for the receipts, kept a minute: a push of 50 swaps asks once, and a renamed team shows soon enough. */
function teamNameCache(ttlMs = 60_000): ReceiptSettings['teamName'] {
  const names = new Map<string, { name: string; until: number }>();
  return async (tx, teamId) => {
    const now = Date.now();
    const cached = names.get(teamId);
    if (cached !== undefined && cached.until > now) return cached.name;
    const name = (await tx.teams.findById(teamId))?.name ?? '';
    if (names.size > 1000) names.clear();
    names.set(teamId, { name, until: now + ttlMs });
    return name;
  };
}

export interface PushOptions {
  /** The address the receipts' links start with (server/config.ts publicBaseUrl). */
  publicUrl: string;
}

export function createPushService(store: Store, clock: Clock, options: PushOptions) {
  const receipts: ReceiptSettings = { publicUrl: options.publicUrl, teamName: teamNameCache() };
  /**
   * One mutation, under its own savepoint when `isolated`: classify the seq (duplicate / gap / next), apply or
   * reject, then write mutation_log, so an acknowledged seq always has its effects and an undone one has neither
   * (last_seq is written once for the whole push, in the same transaction: advance). A refusal of the push
   * (AbortPush) is always decided before the mutation writes anything. `recheck`: ask the log again whether the
   * mutation id is taken (a retry after a unique violation: another client may have logged it since the batch was
   * read).
   */
  async function processOnce(
    tx: TxRepos,
    auth: AuthContext,
    clientId: string,
    client: ClientState,
    m: MutationEnvelope,
    argsHash: string,
    prepared: PreparedMutation,
    { isolated, recheck }: { isolated: boolean; recheck: boolean },
  ): Promise<MutationResult> {
    const userId = auth.user.id;
    const run = async (): Promise<MutationResult> => {
      const now = clock.now();
      const at = now.toISOString();
      if (m.seq <= client.lastSeq) return duplicateOf(tx, clientId, m, argsHash);
      if (m.seq > client.lastSeq + 1) throw new AbortPush(outOfOrder(client.lastSeq + 1, m.seq));
      if (client.loggedMutationIds.has(m.mutationId) || (recheck && (await tx.mutationLog.findByMutationId(m.mutationId)))) {
        throw new AbortPush(keyReused(m));
      }

      let outcome: MutationOutcome;
      if (prepared.kind === 'reject') {
        outcome = { status: 'rejected', error: prepared.error };
        await tx.mutationLog.insertRejected({
          clientId,
          userId,
          seq: m.seq,
          mutationId: m.mutationId,
          name: m.name,
          payload: m,
          error: prepared.error,
          receivedAt: at,
        });
      } else {
        outcome = await prepared.run({ tx, user: auth.user, clientId, mutationId: m.mutationId, now, receipts });
        if (outcome.status === 'rejected') throw new HandlerRejected(outcome.error);
      }
      const entry = {
        clientId,
        seq: m.seq,
        mutationId: m.mutationId,
        name: m.name,
        argsHash,
        status: outcome.status,
        result: outcome satisfies MutationOriginal,
        receivedAt: at,
      };
      // Under a savepoint the log row goes in now, so a lost race on the mutation id undoes this mutation alone;
      // without, at commit with the others (a lost race there rolls the push back and runs it again isolated).
      if (isolated) await tx.mutationLog.insert(entry);
      else tx.atCommit.insertMutationLog(entry);
      return { seq: m.seq, mutationId: m.mutationId, ...outcome };
    };
    return isolated ? tx.savepoint(run) : run();
  }

  async function processMutation(
    tx: TxRepos,
    auth: AuthContext,
    clientId: string,
    client: ClientState,
    m: MutationEnvelope,
    isolated: boolean,
  ): Promise<Result<MutationResult>> {
    const argsHash = mutationArgsHash(m.name, m.args);
    let prepared = prepareMutation(m.name, m.args);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await processOnce(tx, auth, clientId, client, m, argsHash, prepared, { isolated, recheck: attempt > 1 });
        if (m.seq > client.lastSeq) {
          client.lastSeq = m.seq;
          client.loggedMutationIds.add(m.mutationId);
        }
        return ok(result);
      } catch (error) {
        if (error instanceof AbortPush) return { ok: false, error: error.failure };
        if (!isolated) throw error instanceof HandlerRejected || isUniqueViolation(error) ? new NeedsSavepoints(error) : error;
        if (attempt >= MAX_ATTEMPTS) throw error;
        if (error instanceof HandlerRejected) prepared = { kind: 'reject', error: error.error };
        else if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  /**
   * The push's mutations in order, in the caller's transaction: lock the client's row once (a concurrent push of
   * the same client waits here until this one commits, then reads the seq it left), read which of the batch's
   * mutation ids are logged already, run each mutation (under its own savepoint when `isolated`), and write
   * last_seq once at the end, also when a failure ends the push part-way (the mutations before it are kept).
   */
  async function pushInTransaction(tx: TxRepos, auth: AuthContext, request: PushRequest, isolated: boolean): Promise<Result<PushResponse>> {
    const { clientId } = request;
    const locked = await tx.syncClients.lockForPush(clientId, auth.user.id, clock.now().toISOString());
    // Thrown, so that the lock's own write (last seen) is undone too: a refusal changes nothing.
    if (locked.userId !== auth.user.id) throw new AbortPush({ code: 'CLIENT_USER_MISMATCH', detail: MISMATCH_DETAIL });
    const fresh = request.mutations.filter((m) => m.seq > locked.lastSeq).map((m) => m.mutationId);
    const client: ClientState = { lastSeq: locked.lastSeq, loggedMutationIds: await tx.mutationLog.findLoggedMutationIds(fresh) };
    const results: MutationResult[] = [];
    let outcome: Result<PushResponse> | null = null;
    for (const m of request.mutations) {
      const processed = await processMutation(tx, auth, clientId, client, m, isolated);
      // Returning (not throwing) commits the mutations before the one that failed.
      if (!processed.ok) {
        outcome = processed;
        break;
      }
      results.push(processed.value);
    }
    if (client.lastSeq > locked.lastSeq) await tx.syncClients.advance(clientId, client.lastSeq, clock.now().toISOString());
    return outcome ?? ok({ lastSeq: client.lastSeq, results, serverTime: clock.now().toISOString() });
  }

  /**
   * `POST /api/v1/sync/push` (design §5). Whole-request refusals come first and change nothing: another user's
   * client (403), a batch that does not start at or before the next expected seq (409 with expectedSeq), a batch
   * whose seqs are not contiguous (400). Then the mutations run in order in ONE transaction, each all or nothing:
   * one commit (one disk flush) per push instead of one per mutation, which is what bounds ingest on a
   * durable database (SQLite with synchronous=FULL: 121 → 679 swaps/s without the per-mutation flushes).
   * A failure met part-way (422 key reuse at a new seq, or a 409 when the database changed under us) ends the
   * request there: the mutations of the batch before it are committed, and the client learns them as duplicates
   * when it resends (it always resends from its first unacknowledged seq). A transient error (database busy or
   * down, a PostgreSQL deadlock) rolls the whole batch back: 503, nothing applied, the client resends it all.
   * The savepoints are taken only when needed: the push runs first without them, and if a mutation has to be
   * undone alone (a handler rejected it, or it lost a race for a unique id), that transaction is rolled
   * back and the push runs again with a savepoint per mutation, whose outcome is the one committed. Together with
   * what is written once per push rather than per mutation (the client's lock, last_seq, the log, the feed's
   * rows), a swap costs six statements on PostgreSQL, where each is a round trip and most of what a push costs.
   */
  async function push(auth: AuthContext, request: PushRequest): Promise<Result<PushResponse>> {
    const orderProblem = batchOrderProblem(request.mutations);
    if (orderProblem) return { ok: false, error: orderProblem };
    // Refusals are decided on what is already stored, so a refused push does not register its client.
    const first = request.mutations[0];
    const known = await store.syncClients.find(request.clientId);
    if (known !== null && known.userId !== auth.user.id) return failure('CLIENT_USER_MISMATCH', MISMATCH_DETAIL);
    if (first !== undefined && first.seq > (known?.lastSeq ?? 0) + 1) return { ok: false, error: outOfOrder((known?.lastSeq ?? 0) + 1, first.seq) };
    // First sight: bind the client to the user before the transaction (a known client is bound already).
    if (known === null) {
      const owner = await store.syncClients.bind(request.clientId, auth.user.id, clock.now().toISOString());
      if (owner.userId !== auth.user.id) return failure('CLIENT_USER_MISMATCH', MISMATCH_DETAIL);
      if (first !== undefined && first.seq > owner.lastSeq + 1) return { ok: false, error: outOfOrder(owner.lastSeq + 1, first.seq) };
    }
    const attempt = async (isolated: boolean): Promise<Result<PushResponse>> => {
      try {
        return await store.transaction((tx) => pushInTransaction(tx, auth, request, isolated));
      } catch (error) {
        if (error instanceof AbortPush) return { ok: false, error: error.failure };
        throw error;
      }
    };
    try {
      return await attempt(false);
    } catch (error) {
      // A unique violation here was met at commit, by the rows written then (store.atCommit): a lost race too.
      if (!(error instanceof NeedsSavepoints) && !isUniqueViolation(error)) throw error;
    }
    return attempt(true);
  }

  return { push };
}

export type PushService = ReturnType<typeof createPushService>;
