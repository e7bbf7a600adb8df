/**
 * What every CSV import with a dry run shares (work orders, payment methods, the stock delivery, the head-end's
 * readings): the request's checks (media type, no compression, size), the body counted against the byte limit,
 * the header mapped by aliases, and the row loop (csv-parse's errors, the column count, a cap, the empty file).
 * Each import keeps only what is its own: its fields and aliases, how a row reads, what it does with the rows.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import type { ImportRowError } from '../../../src/domain/workOrder/imports';
import { INSERT_BATCH_ROWS } from '../../store/batch';
import type { ConnectOptions } from '../../store/connect';
import { failure, type Failure, type Result } from '../result';
import { readCsv } from './csvReader';
import type { ErrorList } from './importErrors';

/** Types a browser or a script may give a .csv file. */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

/** The headers of an upload a CSV import looks at before reading a byte of it. */
export interface CsvUpload {
  contentType: string | undefined;
  /** Content-Encoding as sent: only none or `identity` is read (a compressed body is refused, not guessed at). */
  contentEncoding?: string | undefined;
  contentLength: string | undefined;
  body: AsyncIterable<Uint8Array>;
}

type Refusal = { ok: false; error: Failure };

/** The body went past the byte limit. */
export class TooLarge extends Error {}

export const tooLarge = (maxBytes: number): Refusal => failure('PAYLOAD_TOO_LARGE', `An import may be at most ${maxBytes} bytes.`);

/** Why the upload is refused before reading it (media type, compression, declared size), or null. */
export function refuseUpload(upload: Omit<CsvUpload, 'body'>, maxBytes: number, tooBig: (max: number) => Refusal = tooLarge): Refusal | null {
  const type = (upload.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!CSV_CONTENT_TYPES.includes(type)) return failure('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv.');
  const encoding = (upload.contentEncoding ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    return failure('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not accepted: send the CSV file uncompressed.`);
  }
  const declared = Number(upload.contentLength ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) return tooBig(maxBytes);
  return null;
}

/** The body as it streams, counted: past `maxBytes` it throws TooLarge. */
export async function* limited(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new TooLarge();
    yield chunk;
  }
}

/** Copies the body to a spool file while passing it on, counting bytes; over the limit it throws TooLarge. */
export async function* spooled(body: AsyncIterable<Uint8Array>, file: WriteStream, maxBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new TooLarge();
    if (file.destroyed) return;
    if (!file.write(chunk)) await once(file, 'drain');
    yield chunk;
  }
  file.end();
  // Rejects if any write failed (disk full): a later pass must never read a truncated spool.
  await finished(file);
}

/**
 * Runs `fn` with the path of `body.csv` in a private temporary directory, removed afterwards whatever happens.
 */
export async function withSpoolDir<T>(fn: (spoolPath: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'meterswap-import-'));
  try {
    return await fn(path.join(dir, 'body.csv'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Copies the body, counted, to a spool file and runs `fn` on it (in a worker, typically: nothing of the file is
 * decoded on this thread). Past `maxBytes`, PAYLOAD_TOO_LARGE; the spool is removed afterwards either way.
 */
export function withSpooledBody<T>(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  fn: (spoolPath: string) => Promise<Result<T>>,
  tooBig: (max: number) => Refusal = tooLarge,
): Promise<Result<T>> {
  return withSpoolDir(async (spoolPath) => {
    try {
      // Resolves once every byte is on disk (a failed write, a disk full, rejects): `fn` never reads a truncated spool.
      await pipeline(limited(body, maxBytes), createWriteStream(spoolPath));
    } catch (error) {
      if (error instanceof TooLarge) return tooBig(maxBytes);
      throw error;
    }
    return fn(spoolPath);
  });
}

/** What the API process hands the import worker for an upload it spooled (./importJobs.ts): plain data only. */
export interface SpooledImportTask {
  /** Where the database is; the worker opens its own connection there. */
  location: ConnectOptions;
  spoolPath: string;
  teamId: string;
  actorId: string;
  dryRun: boolean;
  /** The import's time (ISO), read from the API's clock: what it writes is stamped with it. */
  at: string;
}

/** An import request as the routes hand it: the upload, a dry run or not, the team an admin names. */
export interface CsvImportRequest extends CsvUpload {
  /** `?teamId=`: required of an admin; a supervisor imports into their own team (naming it is allowed). */
  teamId: string | undefined;
  dryRun: boolean;
}

/** Called by a worker's job just before its publishing transaction: resolves once the API process holds its writers. */
export type BeforePublish = () => Promise<void>;

/** Runs `read` on the counted body; a body past the limit is PAYLOAD_TOO_LARGE whatever `read` had done. */
export async function readLimited<T>(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  read: (source: AsyncIterable<Uint8Array>) => Promise<T>,
  tooBig: (max: number) => Refusal = tooLarge,
): Promise<T | Refusal> {
  try {
    return await read(limited(body, maxBytes));
  } catch (error) {
    if (error instanceof TooLarge) return tooBig(maxBytes);
    throw error;
  }
}

/** Where each field named by the header sits, and its header as the file wrote it (for row errors). */
export interface CsvColumns<F extends string> {
  index: Partial<Record<F, number>>;
  header: Partial<Record<F, string>>;
  /** Number of columns of the header: every record must have as many. */
  width: number;
}

/** Header text (lower case) → field, from each field's aliases. */
export const fieldsByHeader = <F extends string>(fields: readonly F[], aliases: Readonly<Record<F, readonly string[]>>): ReadonlyMap<string, F> =>
  new Map(fields.flatMap((f) => aliases[f].map((a) => [a.toLowerCase(), f] as const)));

/**
 * Maps a header line, compared trimmed and case-insensitively; unknown columns are ignored (exports carry many).
 * A field named twice is an error on line 1; `repeatHint` ends its message. Required columns are the caller's.
 */
export function mapCsvHeader<F extends string>(
  cells: readonly string[],
  byHeader: ReadonlyMap<string, F>,
  repeatHint = ': keep one of them.',
): { columns: CsvColumns<F>; errors: ImportRowError[] } {
  const columns: CsvColumns<F> = { index: {}, header: {}, width: cells.length };
  const errors: ImportRowError[] = [];
  cells.forEach((cell, i) => {
    const field = byHeader.get(cell.trim().toLowerCase());
    if (field === undefined) return;
    const first = columns.header[field];
    if (first !== undefined) {
      errors.push({
        line: 1,
        column: cell.trim(),
        code: 'duplicate_column',
        message: `Column ${cell.trim()} repeats ${first}${repeatHint}`,
        params: { value: first },
      });
      return;
    }
    columns.index[field] = i;
    columns.header[field] = cell.trim();
  });
  return { columns, errors };
}

/** A `missing_column` error per required field the header lacks. */
export function missingColumns<F extends string>(
  columns: CsvColumns<F>,
  required: readonly F[],
  aliases: Readonly<Record<F, readonly string[]>>,
): ImportRowError[] {
  return required
    .filter((field) => columns.index[field] === undefined)
    .map((field) => ({
      line: 1,
      column: field,
      code: 'missing_column' as const,
      message: `The header has no ${aliases[field].join(' or ')} column; it is required.`,
    }));
}

/** The row error of a record whose width is not the header's, or null. */
export function widthError(cells: readonly string[], width: number, line: number): ImportRowError | null {
  if (cells.length === width) return null;
  return {
    line,
    code: 'column_count',
    message: `This line has ${cells.length} columns; the header has ${width}.`,
    params: { cells: cells.length, width },
  };
}

export interface CsvRowsOptions<F extends string> {
  /** The header line's columns, or its errors (then nothing else is read). */
  header: (cells: readonly string[]) => { columns: CsvColumns<F>; errors: ImportRowError[] };
  /** What to export again when the file has no header line. */
  what: string;
  /** Most rows read; the next one gets `tooMany`'s error and reading stops. */
  maxRows?: { max: number; error: (line: number, rows: number) => ImportRowError };
  /** Rows between two yields to the event loop (whoever runs it answers something else meanwhile). */
  yieldEvery?: number;
  /** One row of the header's width (its own errors go to the same list). */
  row: (cells: readonly string[], line: number, columns: CsvColumns<F>) => void;
}

/**
 * Reads a CSV import's rows: the header, then every record to `row`; every error goes to `errors`. Null when the
 * header is missing or unusable; otherwise the rows counted (an empty body of rows is an error, not a null).
 */
export async function readCsvRows<F extends string>(
  source: AsyncIterable<Uint8Array>,
  errors: ErrorList,
  options: CsvRowsOptions<F>,
): Promise<{ columns: CsvColumns<F>; rows: number } | null> {
  const yieldEvery = options.yieldEvery ?? INSERT_BATCH_ROWS;
  let columns: CsvColumns<F> | null = null;
  let rows = 0;
  for await (const event of readCsv(source)) {
    if (event.kind === 'error') {
      errors.add([event.error]);
      break;
    }
    const { line, cells } = event.record;
    if (columns === null) {
      const header = options.header(cells);
      errors.add(header.errors);
      if (header.errors.length > 0) return null;
      columns = header.columns;
      continue;
    }
    rows += 1;
    if (options.maxRows !== undefined && rows > options.maxRows.max) {
      errors.add([options.maxRows.error(line, rows)]);
      break;
    }
    const wrong = widthError(cells, columns.width, line);
    if (wrong !== null) errors.add([wrong]);
    else options.row(cells, line, columns);
    if (rows % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (columns === null) {
    errors.add([{ line: 1, code: 'empty_file', message: `The file is empty: export the ${options.what} again with a header line.` }]);
    return null;
  }
  if (rows === 0) errors.add([{ line: 2, code: 'empty_file', message: 'The file has a header but no rows.' }]);
  return { columns, rows };
}
