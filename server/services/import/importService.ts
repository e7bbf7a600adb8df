import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { FieldError } from '../../../src/domain/errors';
import { IMPORT_MAX_BYTES, type ImportResponse, type ImportRowError } from '../../../src/domain/imports';
import { isoDayInVietnam } from '../../../src/domain/time';
import type { WorkOrderStatus } from '../../../src/domain/workOrder';
import { INSERT_BATCH_ROWS } from '../../store/batch';
import type { NewChange, NewWorkOrder } from '../../store/records';
import type { Repos, Store } from '../../store/store';
import type { ImportTarget } from '../../store/workOrders';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { failure, success, type Failure, type Result } from '../result';
import { mapHeader, type ColumnMap } from './columns';
import { readCsv } from './csvReader';
import { validateRow, type ImportedRow } from './rowValidation';

/** Errors listed in a refusal; the detail says how many there were in all. */
export const IMPORT_ERRORS_LISTED = 1000;
/** Statuses an import may still rewrite: nobody has been to the site yet. */
const UPDATABLE: readonly WorkOrderStatus[] = ['unassigned', 'assigned'];
const CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

export interface ImportRequest {
  /** `?teamId=`: required of an admin; a supervisor imports into their own team (naming it is allowed). */
  teamId: string | undefined;
  dryRun: boolean;
  contentType: string | undefined;
  contentLength: string | undefined;
  body: AsyncIterable<Uint8Array>;
}

/** Collects row errors, keeping the first IMPORT_ERRORS_LISTED and counting the rest. */
class ErrorList {
  readonly listed: ImportRowError[] = [];
  total = 0;

  add(errors: readonly ImportRowError[]): void {
    for (const e of errors) {
      this.total += 1;
      if (this.listed.length < IMPORT_ERRORS_LISTED) this.listed.push(e);
    }
  }

  failure(): { ok: false; error: Failure } {
    const shown = this.total > this.listed.length ? `; the first ${this.listed.length} are listed` : '';
    // Each entry is an ImportRowError (line, column) and also a problem field error (path), as design §7 wants.
    // Database checks run per batch, after the rows' own checks: sort so the list reads top to bottom.
    const sorted = [...this.listed].sort((a, b) => a.line - b.line);
    const errors: FieldError[] = sorted.map((e) => ({ path: e.column === undefined ? `line ${e.line}` : `line ${e.line}.${e.column}`, ...e }));
    return failure('IMPORT_INVALID', `The file has ${this.total} error(s)${shown}; nothing was imported.`, { errors });
  }
}

/** Why an existing work order cannot take a row, or null when it can. */
function refusal(target: ImportTarget, teamId: string, line: number, column: string): ImportRowError | null {
  if (target.teamId !== teamId) {
    return { line, column, code: 'other_team', message: `Work order ${target.code} belongs to another team.` };
  }
  if (!UPDATABLE.includes(target.status)) {
    return { line, column, code: 'not_updatable', message: `Work order ${target.code} is ${target.status}; only unassigned or assigned work can be updated.` };
  }
  return null;
}

/** A fresh code per row without one: YC + day + a random part per import + a counter (unique within the import). */
function codeGenerator(now: Date): () => string {
  const day = isoDayInVietnam(now).replaceAll('-', '').slice(2);
  const batch = randomBytes(4).toString('hex').toUpperCase();
  let n = 0;
  return () => `YC${day}-${batch}${String((n += 1)).padStart(6, '0')}`;
}

/** Copies the body to a spool file while passing it on, counting bytes; over the limit it throws TooLarge. */
class TooLarge extends Error {}

async function* spooled(body: AsyncIterable<Uint8Array>, file: WriteStream, maxBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new TooLarge();
    if (file.destroyed) return;
    if (!file.write(chunk)) await once(file, 'drain');
    yield chunk;
  }
  file.end();
  // Rejects if any write failed (disk full): pass 2 must never read a truncated spool.
  await finished(file);
}

type Pass<T> = (header: ColumnMap, rows: AsyncIterable<ImportedRow>) => Promise<T>;

/** Reads a CSV: the header, then each valid row; every error goes to `errors` and its row is skipped. */
async function readRows<T>(source: AsyncIterable<Uint8Array>, errors: ErrorList, pass: Pass<T>): Promise<T | null> {
  const events = readCsv(source);
  let columns: ColumnMap | null = null;
  async function* rows(): AsyncGenerator<ImportedRow> {
    for await (const event of events) {
      if (event.kind === 'error') {
        errors.add([event.error]);
        return;
      }
      if (columns === null) throw new Error('rows read before the header');
      const { line, cells } = event.record;
      if (cells.length !== columns.width) {
        errors.add([{ line, code: 'column_count', message: `This line has ${cells.length} columns; the header has ${columns.width}.` }]);
        continue;
      }
      const checked = validateRow(cells, columns, line);
      if ('errors' in checked) errors.add(checked.errors);
      else yield checked.row;
    }
  }
  try {
    const first = await events.next();
    if (first.done === true) {
      errors.add([{ line: 1, code: 'empty_file', message: 'The file is empty: export the work orders again with a header line.' }]);
      return null;
    }
    if (first.value.kind === 'error') {
      errors.add([first.value.error]);
      return null;
    }
    const header = mapHeader(first.value.record.cells);
    errors.add(header.errors);
    if (header.errors.length > 0) return null;
    columns = header.columns;
    return await pass(columns, rows());
  } finally {
    // Stops reading the body when the header already decided (the reader's own cleanup runs).
    await events.return(undefined);
  }
}

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
  const tooLarge = () => failure('PAYLOAD_TOO_LARGE', `An import may be at most ${limits.maxBytes} bytes.`);

  /** The team an import goes into: a supervisor's own, or the admin's `?teamId=` (which must exist). */
  async function targetTeam(auth: AuthContext, teamId: string | undefined): Promise<Result<string>> {
    if (auth.user.role === 'supervisor') {
      if (auth.user.teamId === null) return failure('FORBIDDEN', 'A supervisor without a team cannot import work orders.');
      if (teamId !== undefined && teamId !== auth.user.teamId) return failure('FORBIDDEN', 'Supervisors import only into their own team.');
      return success(auth.user.teamId);
    }
    if (teamId === undefined) {
      return failure('VALIDATION_FAILED', 'Name the team the work orders go into.', {
        errors: [{ path: 'teamId', code: 'required', message: 'Add ?teamId= with the id of a team.' }],
      });
    }
    if ((await store.teams.findById(teamId)) === undefined) {
      return failure('VALIDATION_FAILED', 'No such team.', { errors: [{ path: 'teamId', code: 'not_found', message: 'Unknown team.' }] });
    }
    return success(teamId);
  }

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
            errors.add([{ line: row.line, column: columns.header.code ?? 'code', code: 'duplicate_code', message: `Code ${row.code} is already on line ${first}.` }]);
            continue;
          }
          firstLineOf.set(row.code, row.line);
        }
        pending.push(row);
        if (pending.length >= INSERT_BATCH_ROWS) await checkPending();
      }
      await checkPending();
      return counts;
    });
  }

  /** Pass 2, in one transaction: the clean file again, written in batches. Any surprise rolls everything back. */
  async function write(tx: Repos, source: AsyncIterable<Uint8Array>, auth: AuthContext, teamId: string): Promise<Result<Counts>> {
    const now = clock.now();
    const at = now.toISOString();
    const nextCode = codeGenerator(now);
    const errors = new ErrorList();
    const counts = await readRows(source, errors, async (columns, rows) => {
      const totals: Counts = { rows: 0, created: 0, updated: 0 };
      // Appended once at the end: the feed's lock is taken after every row lock, in the order a push takes them.
      const changes: NewChange[] = [];
      let batch: ImportedRow[] = [];
      const flush = async () => {
        const found = new Map((await tx.workOrders.findImportTargets(batch.flatMap((r) => r.code ?? []), { lock: true })).map((t) => [t.code, t]));
        const inserts: NewWorkOrder[] = [];
        for (const row of batch) {
          const target = row.code === null ? undefined : found.get(row.code);
          if (target === undefined) {
            inserts.push({
              ...row.fields, id: randomUUID(), code: row.code ?? nextCode(), status: 'unassigned', assigneeId: null,
              teamId, version: 1, createdAt: at, updatedAt: at,
            });
            continue;
          }
          // Changed since the dry pass (someone assigned or completed it meanwhile).
          const refused = refusal(target, teamId, row.line, columns.header.code ?? 'code');
          if (refused) {
            errors.add([refused]);
            continue;
          }
          await tx.workOrders.updateImported(target.id, target.code, row.fields, target.version + 1, at);
          if (target.assigneeId !== null) {
            changes.push({ recipientUserId: target.assigneeId, entity: 'workOrder', entityId: target.id, op: 'upsert', entityVersion: target.version + 1 });
          }
        }
        await tx.workOrders.insertMany(inserts);
        totals.created += inserts.length;
        totals.updated += batch.length - inserts.length;
        batch = [];
      };
      for await (const row of rows) {
        totals.rows += 1;
        batch.push(row);
        if (batch.length >= INSERT_BATCH_ROWS) await flush();
      }
      await flush();
      await tx.changes.append(changes, at);
      return totals;
    });
    if (errors.total > 0 || counts === null) return errors.failure();
    await tx.audit.append([{
      actorId: auth.user.id, action: 'workOrder.import', entity: 'team', entityId: teamId, before: null,
      after: { rows: counts.rows, created: counts.created, updated: counts.updated }, at,
    }]);
    return success(counts);
  }

  /**
   * `POST /api/v1/work-orders/import` (design §9): all or nothing. The body streams through the validating pass
   * into a spool file; only a clean file is read again, inside one transaction, and written. A dry run stops after
   * the first pass. Any error → IMPORT_INVALID listing them (line, column as written, code) and nothing written.
   */
  async function importCsv(auth: AuthContext, request: ImportRequest): Promise<Result<ImportResponse>> {
    const team = await targetTeam(auth, request.teamId);
    if (!team.ok) return team;
    const teamId = team.value;
    const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CONTENT_TYPES.includes(type)) return failure('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv.');
    const declared = Number(request.contentLength ?? '0');
    if (Number.isFinite(declared) && declared > limits.maxBytes) return tooLarge();

    const dir = await mkdtemp(path.join(tmpdir(), 'meterswap-import-'));
    try {
      const spoolPath = path.join(dir, 'body.csv');
      const spool = createWriteStream(spoolPath);
      // A failed write is reported by `finished` at the end of pass 1; this listener only keeps it from being unhandled.
      spool.on('error', () => undefined);
      const errors = new ErrorList();
      let counts: Counts | null;
      try {
        counts = await validate(spooled(request.body, spool, limits.maxBytes), teamId, errors);
      } catch (error) {
        if (error instanceof TooLarge) return tooLarge();
        throw error;
      } finally {
        spool.destroy();
      }
      if (errors.total > 0 || counts === null) return errors.failure();
      if (counts.rows === 0) {
        errors.add([{ line: 2, code: 'empty_file', message: 'The file has a header but no work orders.' }]);
        return errors.failure();
      }
      if (request.dryRun) return success({ dryRun: true, ...counts });

      const written = await store.transaction(async (tx) => {
        const result = await write(tx, createReadStream(spoolPath), auth, teamId);
        // Throwing rolls the transaction back; the failure travels out as a value.
        if (!result.ok) throw new RolledBack(result.error);
        return result.value;
      }).catch((error: unknown) => {
        if (error instanceof RolledBack) return error.failure;
        throw error;
      });
      if ('code' in written) return { ok: false, error: written };
      return success({ dryRun: false, ...written });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return { importCsv };
}

class RolledBack extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail);
  }
}

export type ImportService = ReturnType<typeof createImportService>;
