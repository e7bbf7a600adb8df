import { randomUUID } from 'node:crypto';
import { FOLLOW_UP_REASON, judgeFirstReading, readAfterInstall } from '../../../src/domain/commissioning/commissioning';
import { initialIndexOf, mismatchReview, remoteReadOf } from './readingIngest';
import type { NewWorkOrder } from '../../store/records';
import type { Store, TxRepos } from '../../store/store';
import type { Clock } from '../clock';

/*
 * The commissioning sweep (issue 17 §3–4). First, readings stored as unmatched because they came before their swap
 * was synced (a technician offline for the day) decide that swap by the same rule as on receipt. Then a completion still awaiting its first reading when the deadline has passed
 * (COMMISSIONING_DEADLINE_HOURS after the install, 48 by default) becomes `overdue`, and a follow-up work order
 * "kiểm tra đo xa" is opened for the same customer: unassigned in the completion's team, so it waits in the
 * supervisor's queue and on the map to be dispatched.
 *
 * Safe with several server processes without a lease: each row is turned overdue by one guarded UPDATE
 * (`state = 'awaiting'`) inside the transaction that opens its follow-up. Two processes sweeping at once both try;
 * on PostgreSQL the second waits for the first's row lock and then finds the row no longer awaiting (0 rows), on
 * SQLite writes are serial anyway; only the one whose update changed the row opens the order. A reading that
 * arrives at the same moment is decided by the same guard: whichever commits first wins, never both.
 */

/** Rows per pass: a backlog is worked off over a few passes, each short. */
const SWEEP_BATCH = 200;

/** A code for the follow-up: the order's code + `-KTDX` (then `-KTDX2`…), within the 40 characters a code may have. */
async function followUpCode(tx: TxRepos, base: string): Promise<string> {
  const stem = `${base.slice(0, 33)}-KTDX`;
  const candidates = [stem, ...Array.from({ length: 8 }, (_, i) => `${stem}${i + 2}`)];
  const taken = new Set((await tx.workOrders.findImportTargets(candidates)).map((t) => t.code));
  return candidates.find((c) => !taken.has(c)) ?? `${stem}-${randomUUID().slice(0, 6)}`;
}

export function createCommissioningSweep(store: Store, clock: Clock, deadlineHours: number) {
  /**
   * Readings that arrived before their swap was synced (stored as unmatched: the technician was offline) decide the
   * swap once it is here, by the same rule as on receipt. Answers how many swaps they decided.
   */
  async function matchLate(at: string): Promise<number> {
    const found = await store.commissioning.awaitingWithUnmatchedReadings(SWEEP_BATCH * 4);
    const firsts = new Map<string, (typeof found)[number]>();
    for (const f of found) if (!firsts.has(f.completionId) && readAfterInstall(f.installedAt, f.reading.readAt)) firsts.set(f.completionId, f);
    let decided = 0;
    for (const { completionId, reading } of firsts.values()) {
      const done = await store.transaction(async (tx) => {
        const holder = (await tx.commissioning.installedSerials([reading.serial])).at(-1);
        if (holder === undefined || holder.completionId !== completionId || holder.state !== 'awaiting') return false;
        const initialIndex = initialIndexOf(holder);
        if (initialIndex === null) return false;
        const installedAt = new Date(holder.capturedAt).toISOString();
        const verdict = judgeFirstReading({ initialIndex, installedAt, phases: holder.phases }, reading);
        const reason = verdict.state === 'mismatch' ? verdict.reason : null;
        const decidedNow = await tx.commissioning.decide(completionId, {
          state: verdict.state,
          readingId: reading.id,
          firstReadAt: reading.readAt,
          firstReadTotal: reading.total,
          commType: reading.commType ?? remoteReadOf(holder),
          reason,
          at,
        });
        if (!decidedNow) return false;
        await tx.commissioning.claimReading(reading.id, completionId, verdict.state);
        if (reason !== null) tx.atCommit.insertReviews([mismatchReview(holder, reading, initialIndex, reason, at)]);
        await tx.changes.append(
          [{ recipientUserId: holder.technicianId, entity: 'completion', entityId: completionId, op: 'upsert', entityVersion: 0 }],
          at,
        );
        return true;
      });
      if (done) decided += 1;
    }
    return decided;
  }

  /** One pass: readings that came before their swap decide it; then what is still awaiting past the deadline becomes overdue (each with its follow-up order). */
  async function sweep(): Promise<{ overdue: number; matchedLate: number }> {
    const now = clock.now();
    const at = now.toISOString();
    const matchedLate = await matchLate(at);
    const cutoff = new Date(now.getTime() - deadlineHours * 3_600_000).toISOString();
    const due = await store.commissioning.awaitingBefore(cutoff, SWEEP_BATCH);
    let overdue = 0;
    for (const row of due) {
      const done = await store.transaction(async (tx) => {
        if (!(await tx.commissioning.markOverdue(row.completionId, at))) return false;
        const wo = await tx.workOrders.findById(row.workOrderId);
        const completion = await tx.completions.findById(row.completionId);
        if (wo === undefined || completion === undefined) return true;
        const followUp: NewWorkOrder = {
          ...wo,
          id: randomUUID(),
          code: await followUpCode(tx, wo.code),
          oldMeterSerial: completion.installedSerial ?? wo.oldMeterSerial,
          oldMeterType: null,
          lastBilledReading: null,
          reason: FOLLOW_UP_REASON,
          plannedDate: null,
          status: 'unassigned',
          assigneeId: null,
          routeOrder: null,
          version: 1,
          notice: null,
          createdAt: at,
          updatedAt: at,
        };
        await tx.workOrders.insertMany([followUp]);
        await tx.commissioning.setFollowUp(row.completionId, followUp.id);
        // The technician's device shows the record as overdue after its next pull.
        await tx.changes.append(
          [{ recipientUserId: row.technicianId, entity: 'completion', entityId: row.completionId, op: 'upsert', entityVersion: 0 }],
          at,
        );
        await tx.audit.append([
          {
            actorId: null,
            action: 'commissioning.overdue',
            entity: 'completion',
            entityId: row.completionId,
            before: { state: 'awaiting', installedAt: row.installedAt },
            after: { state: 'overdue', followUpWorkOrderId: followUp.id, followUpCode: followUp.code },
            at,
          },
        ]);
        return true;
      });
      if (done) overdue += 1;
    }
    return { overdue, matchedLate };
  }

  /** Runs `sweep` every `everyMs` (main.ts); the returned stop waits for a pass under way. */
  function start(log: { info(d: object, m: string): void; error(d: object, m: string): void }, everyMs: number): () => Promise<void> {
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
      timer = setTimeout(() => {
        running = sweep().then(
          ({ overdue, matchedLate }) => {
            if (matchedLate > 0) log.info({ matchedLate }, 'commissioning decided by readings that came before their swap');
            if (overdue > 0) log.info({ overdue }, 'commissioning overdue: follow-up work orders opened');
          },
          (error: unknown) => log.error({ err: error }, 'commissioning sweep failed; the next one tries again'),
        );
        void running.then(() => {
          if (!stopped) schedule();
        });
      }, everyMs);
      timer.unref();
    };
    schedule();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    };
  }

  return { sweep, start };
}
