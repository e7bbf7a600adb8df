import { randomUUID } from 'node:crypto';
import {
  COMMISSIONING_MISMATCH_CODE,
  FUTURE_TOLERANCE_MS,
  judgeFirstReading,
  readAfterInstall,
  type HesIngestResult,
  type MeterReadingInput,
} from '../../../src/domain/commissioning/commissioning';
import { ok } from '../../../src/domain/protocol/result';
import type { HesReadingRecord, InstalledSerialRecord } from '../../store/commissioning';
import type { NewChange, ReviewRecord } from '../../store/records';
import type { Store } from '../../store/store';
import type { Clock } from '../clock';
import { ErrorList } from '../import/importErrors';
import { failure, type Result } from '../result';

/*
 * Applies the head-end's readings (issue 17 §2–3), whatever carried them (61968-9 XML, JSON, CSV): one rule, one
 * transaction, all or nothing. Each reading is stored once per (serial, read time): a replay stores nothing new
 * and counts as duplicates. A reading of a serial installed nowhere is kept (`unmatched`) and listed. The first
 * reading after the install of a completion still awaiting decides it: confirmed, or mismatch with a review item.
 */

/** One reading with where it came from: the CSV line, or the reading's 1-based position in the message. */
export interface LocatedReading {
  line: number;
  reading: MeterReadingInput;
}

export interface IngestOptions {
  source: 'api' | 'csv';
  dryRun: boolean;
  /** A supervisor's file applies only to completions of their team; readings of other teams' meters are skipped. */
  teamId: string | null;
  /** The head-end's message id, with the body's SHA-256 (a replay of the id with another body is refused). */
  message?: { id: string; bodyHash: string; tokenId: string | null };
  /** Who did it, for the audit log (null for a token). */
  actorId: string | null;
  /** Runs just before the transaction (the import worker asks the API process to hold its SQLite writers). */
  beforeWrite?: () => Promise<void>;
}

export type IngestAnswer = HesIngestResult & { skipped: number };

/** Work per turn of the event loop on a large message: other requests are answered between slices. */
const SLICE = 2000;
const breathe = (i: number) => (i % SLICE === SLICE - 1 ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined);

/** Readings stamped in the future, and the same serial and time twice with other values: row errors. */
async function checkReadings(readings: readonly LocatedReading[], now: number, errors: ErrorList): Promise<Map<string, LocatedReading>> {
  const unique = new Map<string, LocatedReading>();
  for (const [i, located] of readings.entries()) {
    await breathe(i);
    const { reading, line } = located;
    const readAt = new Date(reading.readAt).toISOString();
    if (Date.parse(readAt) > now + FUTURE_TOLERANCE_MS) {
      errors.add([
        {
          line,
          column: 'readAt',
          code: 'reading_in_future',
          message: `Reading time ${reading.readAt} is in the future.`,
          params: { value: reading.readAt },
        },
      ]);
      continue;
    }
    const key = `${reading.serial}|${readAt}`;
    const first = unique.get(key);
    if (first === undefined) {
      unique.set(key, { line, reading: { ...reading, readAt } });
      continue;
    }
    if (first.reading.total !== reading.total) {
      errors.add([
        {
          line,
          column: 'total',
          code: 'conflicting_duplicate',
          message: `Meter ${reading.serial}, read ${reading.readAt}, already has another value on line ${first.line}.`,
          params: { value: `${reading.serial} · ${reading.readAt}`, firstLine: first.line },
        },
      ]);
    }
  }
  return unique;
}

export function initialIndexOf(holder: Pick<InstalledSerialRecord, 'payload'>): number | null {
  const payload = holder.payload as { installed?: { readings?: { total?: unknown } } } | null;
  const total = payload?.installed?.readings?.total;
  return typeof total === 'number' ? total : null;
}

export function remoteReadOf(holder: Pick<InstalledSerialRecord, 'payload'>): string | null {
  const payload = holder.payload as { installed?: { remoteRead?: unknown } } | null;
  const value = payload?.installed?.remoteRead;
  return typeof value === 'string' ? value : null;
}

/** The review item of a first reading that disagrees: both values in its detail (the console words it from the record). */
export function mismatchReview(
  holder: Pick<InstalledSerialRecord, 'workOrderId' | 'completionId'>,
  reading: { total: number; readAt: string },
  initialIndex: number,
  reason: string,
  at: string,
): ReviewRecord {
  return {
    id: randomUUID(),
    workOrderId: holder.workOrderId,
    completionId: holder.completionId,
    code: COMMISSIONING_MISMATCH_CODE,
    detail: `First remote reading ${reading.total} (read ${reading.readAt}) disagrees with the installed meter's initial index ${initialIndex} (${reason}).`,
    status: 'open',
    createdAt: at,
  };
}

export function createReadingIngest(store: Store, clock: Clock) {
  async function ingest(readings: readonly LocatedReading[], options: IngestOptions): Promise<Result<IngestAnswer>> {
    const now = clock.now();
    const at = now.toISOString();
    if (options.message !== undefined && !options.dryRun) {
      const seen = await store.commissioning.findMessage(options.message.id);
      if (seen !== undefined) {
        if (seen.bodyHash !== options.message.bodyHash)
          return failure('IDEMPOTENCY_KEY_REUSED', `Message ${options.message.id} was already received with another content.`);
        return ok({ ...(seen.result as IngestAnswer), replayed: true });
      }
    }
    const errors = new ErrorList();
    const unique = await checkReadings(readings, now.getTime(), errors);
    if (errors.total > 0) return errors.failure();

    const bySerial = new Map<string, MeterReadingInput[]>();
    for (const { reading } of unique.values()) {
      const list = bySerial.get(reading.serial);
      if (list === undefined) bySerial.set(reading.serial, [reading]);
      else list.push(reading);
    }
    const serials = [...bySerial.keys()];

    await options.beforeWrite?.();
    return store.transaction(async (tx) => {
      const holders = new Map<string, InstalledSerialRecord>();
      // The latest primary completion that installed the serial (oldest first: the last one wins).
      for (const h of await tx.commissioning.installedSerials(serials)) holders.set(h.serial, h);
      const stored = await tx.commissioning.storedReadingKeys(serials);
      const answer: IngestAnswer = {
        dryRun: options.dryRun,
        replayed: false,
        readings: readings.length,
        duplicates: readings.length - unique.size,
        confirmed: 0,
        mismatched: 0,
        later: 0,
        unmatched: 0,
        skipped: 0,
      };
      const rows: HesReadingRecord[] = [];
      const reviews: ReviewRecord[] = [];
      const changes: NewChange[] = [];
      const decisions: { completionId: string; row: HesReadingRecord; state: string; reason: string | null; commType: string | null }[] = [];
      const row = (r: MeterReadingInput, completionId: string | null, outcome: string): HesReadingRecord => ({
        id: randomUUID(),
        serial: r.serial,
        readAt: r.readAt,
        total: r.total,
        normal: r.normal ?? null,
        peak: r.peak ?? null,
        offPeak: r.offPeak ?? null,
        commType: r.commType ?? null,
        source: options.source,
        receivedAt: at,
        completionId,
        outcome,
      });
      let turn = 0;
      for (const [serial, list] of bySerial) {
        await breathe((turn += 1));
        const fresh = list.filter((r) => !stored.has(`${serial}|${r.readAt}`)).sort((a, b) => a.readAt.localeCompare(b.readAt));
        answer.duplicates += list.length - fresh.length;
        if (fresh.length === 0) continue;
        const holder = holders.get(serial);
        if (holder === undefined) {
          answer.unmatched += fresh.length;
          rows.push(...fresh.map((r) => row(r, null, 'unmatched')));
          continue;
        }
        if (options.teamId !== null && holder.teamId !== options.teamId) {
          answer.skipped += fresh.length;
          continue;
        }
        const installedAt = new Date(holder.capturedAt).toISOString();
        const initialIndex = initialIndexOf(holder);
        const first = holder.state === 'awaiting' && initialIndex !== null ? fresh.find((r) => readAfterInstall(installedAt, r.readAt)) : undefined;
        for (const r of fresh) {
          if (r !== first || initialIndex === null) {
            answer.later += 1;
            rows.push(row(r, holder.completionId, 'later'));
            continue;
          }
          const verdict = judgeFirstReading({ initialIndex, installedAt, phases: holder.phases }, r);
          const decided = row(r, holder.completionId, verdict.state);
          rows.push(decided);
          const reason = verdict.state === 'mismatch' ? verdict.reason : null;
          decisions.push({
            completionId: holder.completionId,
            row: decided,
            state: verdict.state,
            reason,
            commType: r.commType ?? remoteReadOf(holder),
          });
          if (verdict.state === 'confirmed') answer.confirmed += 1;
          else {
            answer.mismatched += 1;
            reviews.push(mismatchReview(holder, r, initialIndex, reason ?? 'below_initial', at));
          }
          changes.push({ recipientUserId: holder.technicianId, entity: 'completion', entityId: holder.completionId, op: 'upsert', entityVersion: 0 });
        }
      }
      if (options.dryRun) return ok(answer);
      // In slices with a turn of the event loop between them: on SQLite each statement is synchronous, so a 100,000-row
      // write would otherwise hold the thread from the first statement to the last.
      for (let i = 0; i < rows.length; i += SLICE) {
        await tx.commissioning.insertReadings(rows.slice(i, i + SLICE));
        await breathe(SLICE - 1);
      }
      for (const [i, d] of decisions.entries()) {
        await breathe(i);
        await tx.commissioning.decide(d.completionId, {
          state: d.state,
          readingId: d.row.id,
          firstReadAt: d.row.readAt,
          firstReadTotal: d.row.total,
          commType: d.commType,
          reason: d.reason,
          at,
        });
      }
      tx.atCommit.insertReviews(reviews);
      await tx.changes.append(changes, at);
      if (options.message !== undefined) {
        const first = await tx.commissioning.insertMessage({
          messageId: options.message.id,
          bodyHash: options.message.bodyHash,
          tokenId: options.message.tokenId,
          result: answer,
          receivedAt: at,
        });
        if (!first) throw new Error('message id recorded concurrently');
      }
      await tx.audit.append([
        {
          actorId: options.actorId,
          action: options.source === 'api' ? 'hes.readings.receive' : 'hes.readings.import',
          entity: 'hes_readings',
          entityId: options.message?.id ?? null,
          before: null,
          after: { ...answer, tokenId: options.message?.tokenId ?? null },
          at,
        },
      ]);
      return ok(answer);
    });
  }

  return { ingest };
}

export type ReadingIngest = ReturnType<typeof createReadingIngest>;
