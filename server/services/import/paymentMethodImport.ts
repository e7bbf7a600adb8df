import type { ImportRowError } from '../../../src/domain/workOrder/imports';
import { IMPORT_MAX_BYTES } from '../../../src/domain/workOrder/imports';
import { parseBillingMethod, parseBillingPeriod, type PaymentMethodImportResponse } from '../../../src/domain/console/cashless';
import { checkCustomerCode } from '../../../src/domain/capture/identifiers';
import { normalizeText, textFault, TEXT_FAULT_MESSAGES } from '../../../src/domain/protocol/text';
import { ok } from '../../../src/domain/protocol/result';
import { INSERT_BATCH_ROWS } from '../../store/batch';
import type { PaymentMethodRow } from '../../store/paymentMethods';
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { failure, type Result } from '../result';
import { importTargetTeam } from './targetTeam';
import { readCsv } from './csvReader';
import { ErrorList } from './importErrors';
import { TooLarge } from './importRows';

/*
 * `POST /api/v1/payment-methods/import` (issue 15 §4): the billing system's payment method of each customer per
 * period. Read like the work-order import (streaming csv-parse through ./csvReader.ts: UTF-8 with or without BOM,
 * `,` or `;`, row errors with line and column, all or nothing), but simpler to write: only rows of customers the
 * team has a work order for are kept (billing lists every customer of the company; the others are counted as
 * skipped), which is at most the team's customers × the file's periods, so they are held in memory and written in
 * one transaction that first deletes the team's rows of the file's periods (a re-import replaces a period).
 */

const FIELDS = ['customer_code', 'period', 'method'] as const;
type Field = (typeof FIELDS)[number];

/** Header names per field, compared trimmed and case-insensitively: the English name, then billing (CMIS) names. */
export const PAYMENT_METHOD_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  customer_code: ['customer_code', 'MA_KHANG'],
  period: ['period', 'KY_HD', 'THANG_NAM'],
  method: ['method', 'HINH_THUC_TT', 'HTHUC_TT'],
};
const FIELD_BY_HEADER = new Map(FIELDS.flatMap((f) => PAYMENT_METHOD_ALIASES[f].map((a) => [a.toLowerCase(), f] as const)));

const CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

export interface PaymentMethodImportRequest {
  teamId: string | undefined;
  dryRun: boolean;
  contentType: string | undefined;
  contentEncoding?: string | undefined;
  contentLength: string | undefined;
  body: AsyncIterable<Uint8Array>;
}

interface Columns {
  index: Record<Field, number>;
  header: Record<Field, string>;
  width: number;
}

function mapHeader(cells: readonly string[]): { columns: Columns | null; errors: ImportRowError[] } {
  const index: Partial<Record<Field, number>> = {};
  const header: Partial<Record<Field, string>> = {};
  const errors: ImportRowError[] = [];
  cells.forEach((cell, i) => {
    const field = FIELD_BY_HEADER.get(cell.trim().toLowerCase());
    if (field === undefined) return;
    const first = header[field];
    if (first !== undefined) {
      errors.push({
        line: 1,
        column: cell.trim(),
        code: 'duplicate_column',
        message: `Column ${cell.trim()} repeats ${first}: keep one of them.`,
        params: { value: first },
      });
      return;
    }
    index[field] = i;
    header[field] = cell.trim();
  });
  for (const field of FIELDS) {
    if (index[field] === undefined) {
      errors.push({
        line: 1,
        column: field,
        code: 'missing_column',
        message: `The header has no ${PAYMENT_METHOD_ALIASES[field].join(' or ')} column; it is required.`,
      });
    }
  }
  if (errors.length > 0) return { columns: null, errors };
  return { columns: { index: index as Record<Field, number>, header: header as Record<Field, string>, width: cells.length }, errors };
}

/** One row read: its fields, or its errors (every problem of the row). */
function readRow(cells: readonly string[], columns: Columns, line: number): { row: PaymentMethodRow } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const cell = (field: Field): string | null => {
    const raw = cells[columns.index[field]] ?? '';
    const fault = textFault(raw);
    if (fault !== null) {
      errors.push({ line, column: columns.header[field], code: 'invalid_text', message: `This cell ${TEXT_FAULT_MESSAGES[fault]}.` });
      return null;
    }
    const text = normalizeText(raw).trim();
    if (text === '') {
      errors.push({ line, column: columns.header[field], code: 'required', message: 'This cell is required.' });
      return null;
    }
    return text;
  };
  const codeText = cell('customer_code');
  const periodText = cell('period');
  const methodText = cell('method');
  let customerCode: string | null = null;
  if (codeText !== null) {
    const checked = checkCustomerCode(codeText);
    if (checked.valid) customerCode = checked.code;
    else
      errors.push({
        line,
        column: columns.header.customer_code,
        code: 'invalid_customer_code',
        message: `"${codeText}" is not a customer code.`,
        params: { value: codeText },
      });
  }
  const period = periodText === null ? null : parseBillingPeriod(periodText);
  if (periodText !== null && period === null) {
    errors.push({
      line,
      column: columns.header.period,
      code: 'invalid_period',
      message: `"${periodText}" is not a period: write YYYY-MM (or MM/YYYY).`,
      params: { value: periodText },
    });
  }
  const method = methodText === null ? null : parseBillingMethod(methodText);
  if (methodText !== null && method === null) {
    errors.push({
      line,
      column: columns.header.method,
      code: 'invalid_method',
      message: `"${methodText}" is not a payment method: cash (TM), bank (NH), ewallet (VDT), app (APP) or counter (QT).`,
      params: { value: methodText },
    });
  }
  if (errors.length > 0 || customerCode === null || period === null || method === null) return { errors };
  return { row: { customerCode, period, method } };
}

async function* limited(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new TooLarge();
    yield chunk;
  }
}

export function createPaymentMethodImport(store: Store, clock: Clock, limits: { maxBytes: number } = { maxBytes: IMPORT_MAX_BYTES }) {
  const tooLarge = () => failure('PAYLOAD_TOO_LARGE', `An import may be at most ${limits.maxBytes} bytes.`);

  /** Reads the whole file: the team's rows kept, the rest counted; every error listed. */
  async function read(source: AsyncIterable<Uint8Array>, teamId: string, errors: ErrorList) {
    const kept: PaymentMethodRow[] = [];
    const keptLine = new Map<string, number>();
    const periods = new Set<string>();
    let rows = 0;
    let skipped = 0;
    let columns: Columns | null = null;
    const ours = await store.paymentMethods.teamCustomers(teamId);
    const keep = (row: PaymentMethodRow, line: number) => {
      if (!ours.has(row.customerCode)) {
        skipped += 1;
        return;
      }
      const key = `${row.customerCode} ${row.period}`;
      const first = keptLine.get(key);
      if (first !== undefined) {
        errors.add([
          {
            line,
            column: columns?.header.customer_code ?? 'customer_code',
            code: 'duplicate_code',
            message: `Customer ${row.customerCode} already has period ${row.period} on line ${first}.`,
            params: { value: `${row.customerCode} · ${row.period}`, firstLine: first },
          },
        ]);
        return;
      }
      keptLine.set(key, line);
      kept.push(row);
    };
    for await (const event of readCsv(source)) {
      if (event.kind === 'error') {
        errors.add([event.error]);
        break;
      }
      const { line, cells } = event.record;
      if (columns === null) {
        const header = mapHeader(cells);
        errors.add(header.errors);
        if (header.columns === null) return null;
        columns = header.columns;
        continue;
      }
      rows += 1;
      if (cells.length !== columns.width) {
        errors.add([
          {
            line,
            code: 'column_count',
            message: `This line has ${cells.length} columns; the header has ${columns.width}.`,
            params: { cells: cells.length, width: columns.width },
          },
        ]);
        continue;
      }
      const checked = readRow(cells, columns, line);
      if ('errors' in checked) {
        errors.add(checked.errors);
        continue;
      }
      periods.add(checked.row.period);
      keep(checked.row, line);
      // Lets the API answer other requests between slices of a long file (SQLite reads are synchronous).
      if (rows % INSERT_BATCH_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (columns === null) {
      errors.add([{ line: 1, code: 'empty_file', message: 'The file is empty: export the payment methods again with a header line.' }]);
      return null;
    }
    if (rows === 0) errors.add([{ line: 2, code: 'empty_file', message: 'The file has a header but no rows.' }]);
    return { kept, rows, skipped, periods: [...periods].sort() };
  }

  async function importCsv(auth: AuthContext, request: PaymentMethodImportRequest): Promise<Result<PaymentMethodImportResponse>> {
    const team = await importTargetTeam(store, auth, request.teamId, 'payment methods');
    if (!team.ok) return team;
    const teamId = team.value;
    const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CONTENT_TYPES.includes(type)) return failure('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv.');
    const encoding = (request.contentEncoding ?? '').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      return failure('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not accepted: send the CSV file uncompressed.`);
    }
    const declared = Number(request.contentLength ?? '0');
    if (Number.isFinite(declared) && declared > limits.maxBytes) return tooLarge();

    const errors = new ErrorList();
    let file: Awaited<ReturnType<typeof read>>;
    try {
      file = await read(limited(request.body, limits.maxBytes), teamId, errors);
    } catch (error) {
      if (error instanceof TooLarge) return tooLarge();
      throw error;
    }
    if (errors.total > 0 || file === null) return errors.failure();
    const answer = { rows: file.rows, stored: file.kept.length, skipped: file.skipped, periods: file.periods };
    if (request.dryRun) return ok({ dryRun: true, ...answer });
    const at = clock.now().toISOString();
    await store.transaction(async (tx) => {
      await tx.paymentMethods.replacePeriods(teamId, file.periods, file.kept, at);
      await tx.audit.append([
        { actorId: auth.user.id, action: 'paymentMethods.import', entity: 'team', entityId: teamId, before: null, after: answer, at },
      ]);
    });
    return ok({ dryRun: false, ...answer });
  }

  return { importCsv };
}

export type PaymentMethodImport = ReturnType<typeof createPaymentMethodImport>;
