import { createWriteStream } from 'node:fs';
import { IMPORT_MAX_BYTES, type ImportResponse } from '../../../src/domain/workOrder/imports';
import { INSERT_BATCH_ROWS } from '../../store/batch';
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { ok } from '../../../src/domain/protocol/result';
import type { Result } from '../result';
import { importTargetTeam } from './targetTeam';
import { ErrorList, refusal } from './importErrors';
import { refuseUpload, spooled, withSpoolDir, TooLarge, tooLarge, type CsvImportRequest } from './csvImport';
import { readRows } from './importRows';
import { runImportWrite, type PublishHold } from './importWorkerPool';
import type { ImportedRow } from './rowValidation';

/** Lets the API's event loop answer other requests between slices of a long pass (timers and I/O run in between). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Counts {
  rows: number;
  created: number;
  updated: number;
}

export interface ImportLimits {
  /** Largest body accepted (IMPORT_MAX_BYTES unless a test wants a small one). */
  maxBytes: number;
}

export function createImportService(store: Store, clock: Clock, limits: ImportLimits = { maxBytes: IMPORT_MAX_BYTES }) {
  // While the worker publishes (SQLite: holding the write lock for seconds), this process's writers wait for it
  // asynchronously instead of spinning on the lock with the event loop stopped; its reads go on.
  const hold: PublishHold = () => store.holdWrites();

  /**
   * Pass 1, outside any transaction: every row is validated, codes repeated in the file are found, and codes that
   * exist are checked against the database in batches. Only codes and their lines are kept: memory stays flat.
   */
  async function validate(source: AsyncIterable<Uint8Array>, teamId: string, errors: ErrorList): Promise<Counts | null> {
    return readRows(source, errors, async (columns, rows) => {
      const counts: Counts = { rows: 0, created: 0, updated: 0 };
      const firstLineOf = new Map<string, number>();
      let pending: ImportedRow[] = [];
      const checkPending = async () => {
        const found = new Map((await store.workOrders.findImportTargets(pending.flatMap((r) => r.code ?? []))).map((t) => [t.code, t]));
        for (const row of pending) {
          const target = row.code === null ? undefined : found.get(row.code);
          if (target === undefined) {
            counts.created += 1;
            continue;
          }
          counts.updated += 1;
          const refused = refusal(target, teamId, row.line, columns.header.code ?? 'code');
          if (refused) errors.add([refused]);
        }
        pending = [];
      };
      for await (const row of rows) {
        counts.rows += 1;
        if (row.code !== null) {
          const first = firstLineOf.get(row.code);
          if (first !== undefined) {
            errors.add([
              {
                line: row.line,
                column: columns.header.code ?? 'code',
                code: 'duplicate_code',
                message: `Code ${row.code} is already on line ${first}.`,
                params: { value: row.code, firstLine: first },
              },
            ]);
            continue;
          }
          firstLineOf.set(row.code, row.line);
        }
        pending.push(row);
        if (pending.length >= INSERT_BATCH_ROWS) {
          await checkPending();
          // On SQLite the check above is synchronous under its promise: without this, a whole buffered body would
          // be parsed and validated in one turn of the event loop.
          await yieldToEventLoop();
        }
      }
      await checkPending();
      return counts;
    });
  }

  /**
   * `POST /api/v1/work-orders/import` (design §9): all or nothing. The body streams through the validating pass
   * into a spool file; only a clean file is read again, by the import worker (a child process) on its own
   * connection that stages the rows and publishes them in one transaction (./importWrite.ts). A dry run stops after the first pass. Any error
   * → IMPORT_INVALID listing them (line, column as written, code) and nothing written.
   */
  async function importCsv(auth: AuthContext, request: CsvImportRequest): Promise<Result<ImportResponse>> {
    const team = await importTargetTeam(store, auth, request.teamId, 'work orders');
    if (!team.ok) return team;
    const teamId = team.value;
    const refused = refuseUpload(request, limits.maxBytes);
    if (refused) return refused;

    return withSpoolDir(async (spoolPath) => {
      const spool = createWriteStream(spoolPath);
      // A failed write is reported by `finished` at the end of pass 1; this listener only keeps it from being unhandled.
      spool.on('error', () => undefined);
      const errors = new ErrorList();
      let counts: Counts | null;
      try {
        counts = await validate(spooled(request.body, spool, limits.maxBytes), teamId, errors);
      } catch (error) {
        if (error instanceof TooLarge) return tooLarge(limits.maxBytes);
        throw error;
      } finally {
        spool.destroy();
      }
      if (errors.total > 0 || counts === null) return errors.failure();
      if (counts.rows === 0) {
        errors.add([{ line: 2, code: 'empty_file', message: 'The file has a header but no work orders.' }]);
        return errors.failure();
      }
      if (request.dryRun) return ok({ dryRun: true, ...counts });

      const written = await runImportWrite(
        {
          location: store.location,
          spoolPath,
          teamId,
          actorId: auth.user.id,
          at: clock.now().toISOString(),
        },
        hold,
      );
      if (!written.ok) return written;
      return ok({ dryRun: false, ...written.value });
    });
  }

  return { importCsv };
}

export type ImportService = ReturnType<typeof createImportService>;
