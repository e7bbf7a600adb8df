import * as z from 'zod/mini';

/** Largest CSV `POST /api/v1/work-orders/import` accepts (about 200,000 rows of CMIS export). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Why a row (or the header, line 1) of an import is refused. The UI words each code in Vietnamese;
 * `message` is the server's English explanation for integrators.
 */
export const IMPORT_ERROR_CODES = [
  'missing_column',
  'duplicate_column',
  'required',
  'too_long',
  'invalid_number',
  'out_of_range',
  'invalid_date',
  'invalid_customer_code',
  'invalid_phone',
  'invalid_phases',
  'invalid_serial',
  'column_count',
  'duplicate_code',
  'not_updatable',
  'other_team',
  'invalid_encoding',
  'invalid_text',
  'empty_file',
  /** Payment-method import (issue 15 §4): a period that is not YYYY-MM / MM/YYYY. */
  'invalid_period',
  /** Payment-method import: a method outside the closed set (src/domain/console/cashless.ts). */
  'invalid_method',
  /** Head-end readings (issue 17): a reading stamped later than now. */
  'reading_in_future',
  /** Head-end readings: the same meter and time twice with different values. */
  'conflicting_duplicate',
  /** Head-end readings: a communication type other than RF-Mesh, PLC, GPRS/4G or NB-IoT. */
  'invalid_comm_type',
  /** Head-end readings: an XML message that is not well-formed, has a DTD or entities, or is not a MeterReadings message. */
  'invalid_xml',
  /** Stock delivery (issue 16 §1): a row that is both a meter and a seal range. */
  'mixed_row',
  /** Stock delivery: a remote-read type other than RF, PLC, 4G, NB-IoT. */
  'invalid_remote_read',
  /** Stock delivery: a seal kind other than terminal_cover, box, verification. */
  'invalid_seal_kind',
  /** Stock delivery: a serial or seal code already in some team's stock. */
  'already_in_stock',
  /** Stock delivery: more items than one file may bring. */
  'too_many_items',
  /** Stock delivery: a seal code that is not 3–40 characters of A–Z, 0–9, "-", "/". */
  'invalid_code',
  /** Stock delivery: a range whose ends differ in more than their trailing number. */
  'range_mismatch',
  /** Stock delivery: a range that ends before it starts. */
  'reversed_range',
  /** Stock delivery: a range of more items than one range may hold (`max`; `count` it holds). */
  'range_too_large',
] as const;
export const ImportErrorCode = z.enum(IMPORT_ERROR_CODES);
export type ImportErrorCode = z.infer<typeof ImportErrorCode>;

/**
 * What a row error is about, for a client to say it in the user's language (the `message` is English, for API
 * users): each member optional, present where the code has it. Added after the first clients: they ignore it.
 */
export const ImportErrorParams = z.object({
  /** The cell as the file wrote it; for `duplicate_code` the repeated key; for `not_updatable`/`other_team` the work order's code; for `duplicate_column` the column it repeats. */
  value: z.optional(z.string()),
  /** `duplicate_code`: the line that has the key first. */
  firstLine: z.optional(z.number().check(z.int(), z.positive())),
  /** `out_of_range` bounds; `too_long` limit (`max`) and the cell's `length`. */
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  length: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** `column_count`: cells on the line and columns of the header. */
  cells: z.optional(z.number().check(z.int(), z.nonnegative())),
  width: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** `range_too_large`: how many items the range holds. */
  count: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** `not_updatable`: the work order's status. */
  status: z.optional(z.string()),
});
export type ImportErrorParams = z.infer<typeof ImportErrorParams>;

export const ImportRowError = z.object({
  /** 1-based line of the file; the header is line 1. */
  line: z.number().check(z.int(), z.positive()),
  /** The column as named in the file's header (English or CMIS name); absent for whole-row errors. */
  column: z.optional(z.string()),
  code: ImportErrorCode,
  /** English, for API users; the console says it from `code` and `params`. */
  message: z.string(),
  params: z.optional(ImportErrorParams),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportQuery = z.object({
  dryRun: z.pipe(
    z.optional(z.enum(['0', '1', 'true', 'false'])),
    z.transform((v) => v === '1' || v === 'true'),
  ),
});

const count = z.number().check(z.int(), z.nonnegative());

/** Answer of a clean import (or dry run: nothing written, the counts it would make). */
export const ImportResponse = z.object({
  dryRun: z.boolean(),
  created: count,
  updated: count,
  rows: count,
});
export type ImportResponse = z.infer<typeof ImportResponse>;
