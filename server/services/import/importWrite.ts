/**
 * Pass 2 of an import (design §9), run in the import worker (./importWorker.ts) on a connection of its own: the
 * clean spooled file is read and validated again, every row is staged (./../../store/importStaging.ts), then all
 * are published in one transaction. The process serving the API only waits for the answer.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ok } from '../../../src/domain/protocol/result';
import { isoDayInVietnam } from '../../../src/domain/time/time';
import { WorkOrderStatus } from '../../../src/domain/workOrder/workOrder';
import type { ConnectOptions } from '../../store/connect';
import { openImportStaging, type StagedRow } from '../../store/importStaging';
import type { Result } from '../result';
import { ErrorList, refusal } from './importErrors';
import { readRows } from './importRows';

/** Rows staged per statement batch: small enough that the worker's memory stays flat whatever the file's size. */
const STAGE_ROWS = 2000;

/** What the API process hands the worker: all plain data (it crosses a thread boundary). */
export interface WriteTask {
  /** Where the database is; the worker opens its own connection there. */
  location: ConnectOptions;
  spoolPath: string;
  teamId: string;
  actorId: string;
  /** The import's time (ISO): created_at / updated_at of the rows, the feed and the audit entry. */
  at: string;
}

export interface WriteCounts {
  rows: number;
  created: number;
  updated: number;
}

export type WriteOutcome = Result<WriteCounts>;

/** A fresh code per row without one: YC + day + a random part per import + a counter (unique within the import). */
export function codeGenerator(now: Date): () => string {
  const day = isoDayInVietnam(now).replaceAll('-', '').slice(2);
  const batch = randomBytes(4).toString('hex').toUpperCase();
  let n = 0;
  return () => `YC${day}-${batch}${String((n += 1)).padStart(6, '0')}`;
}

/**
 * Stages the file and publishes it. `beforePublish` runs just before the publishing transaction (the worker asks
 * the API process to hold its own SQLite writers meanwhile, see ./importWorkerPool.ts).
 */
export async function writeImport(task: WriteTask, beforePublish?: () => Promise<void>): Promise<WriteOutcome> {
  const nextCode = codeGenerator(new Date(task.at));
  const staging = await openImportStaging(task.location);
  try {
    const errors = new ErrorList();
    let codeColumn = 'code';
    const rows = await readRows(createReadStream(task.spoolPath), errors, async (columns, source) => {
      codeColumn = columns.header.code ?? 'code';
      let count = 0;
      let batch: StagedRow[] = [];
      for await (const row of source) {
        count += 1;
        batch.push({ line: row.line, id: randomUUID(), code: row.code ?? nextCode(), fields: row.fields });
        if (batch.length >= STAGE_ROWS) {
          await staging.stage(batch);
          batch = [];
        }
      }
      await staging.stage(batch);
      return count;
    });
    if (errors.total > 0 || rows === null) return errors.failure();
    const published = await staging.publish({
      teamId: task.teamId,
      at: task.at,
      beforePublish,
      // Changed since the dry pass (someone assigned, completed or moved it meanwhile): the whole file is refused.
      refuse: (conflicts) => {
        for (const c of conflicts) {
          const refused = refusal({ code: c.code, teamId: c.teamId, status: WorkOrderStatus.parse(c.status) }, task.teamId, c.line, codeColumn);
          if (refused) errors.add([refused]);
        }
        return errors.total > 0;
      },
      audit: ({ created, updated }) => ({
        actorId: task.actorId,
        action: 'workOrder.import',
        entity: 'team',
        entityId: task.teamId,
        before: null,
        after: { rows, created, updated },
        at: task.at,
      }),
    });
    if (published === null) return errors.failure();
    await staging.checkpoint();
    return ok({ rows, ...published });
  } finally {
    await staging.close();
  }
}
