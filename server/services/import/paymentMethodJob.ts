import { createReadStream } from 'node:fs';
import type { ImportRowError } from '../../../src/domain/workOrder/imports';
import { parseBillingMethod, parseBillingPeriod, type PaymentMethodImportResponse } from '../../../src/domain/console/cashless';
import { checkCustomerCode } from '../../../src/domain/capture/identifiers';
import { normalizeText, textFault, TEXT_FAULT_MESSAGES } from '../../../src/domain/protocol/text';
import { ok } from '../../../src/domain/protocol/result';
import type { PaymentMethodRow } from '../../store/paymentMethods';
import type { Store } from '../../store/store';
import type { Result } from '../result';
import { fieldsByHeader, mapCsvHeader, missingColumns, readCsvRows, type CsvColumns, type BeforePublish, type SpooledImportTask } from './csvImport';
import { ErrorList } from './importErrors';

/*
 * `POST /api/v1/payment-methods/import` (issue 15 §4): the billing system's payment method of each customer per
 * period. Read like the work-order import (streaming csv-parse through ./csvReader.ts: UTF-8 with or without BOM,
 * `,` or `;`, row errors with line and column, all or nothing), but simpler to write: only rows of customers the
 * team has a work order for are kept (billing lists every customer of the company; the others are counted as
 * skipped), which is at most the team's customers × the file's periods, so they are held in memory and written in
 * one transaction that first deletes the team's rows of the file's periods (a re-import replaces a period).
 * All of it runs in the import worker (./importJobs.ts); ./paymentMethodImport.ts is the API's side.
 */

const FIELDS = ['customer_code', 'period', 'method'] as const;
type Field = (typeof FIELDS)[number];

/** Header names per field, compared trimmed and case-insensitively: the English name, then billing (CMIS) names. */
export const PAYMENT_METHOD_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  customer_code: ['customer_code', 'MA_KHANG'],
  period: ['period', 'KY_HD', 'THANG_NAM'],
  method: ['method', 'HINH_THUC_TT', 'HTHUC_TT'],
};
const FIELD_BY_HEADER = fieldsByHeader(FIELDS, PAYMENT_METHOD_ALIASES);

/** Every field is required: once the header is checked, each has its index and its header text. */
interface Columns {
  index: Record<Field, number>;
  header: Record<Field, string>;
  width: number;
}

function mapHeader(cells: readonly string[]): { columns: CsvColumns<Field>; errors: ImportRowError[] } {
  const mapped = mapCsvHeader(cells, FIELD_BY_HEADER);
  return { columns: mapped.columns, errors: [...mapped.errors, ...missingColumns(mapped.columns, FIELDS, PAYMENT_METHOD_ALIASES)] };
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

/** Reads the whole file: the team's rows kept, the rest counted; every error listed. */
async function read(store: Store, source: AsyncIterable<Uint8Array>, teamId: string, errors: ErrorList) {
  const kept: PaymentMethodRow[] = [];
  const keptLine = new Map<string, number>();
  const periods = new Set<string>();
  let skipped = 0;
  const ours = await store.paymentMethods.teamCustomers(teamId);
  const keep = (row: PaymentMethodRow, line: number, column: string) => {
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
          column,
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
  const file = await readCsvRows(source, errors, {
    header: mapHeader,
    what: 'payment methods',
    row: (cells, line, mapped) => {
      // mapHeader refused a header without one of the fields: each has its index now.
      const columns = mapped as Columns;
      const checked = readRow(cells, columns, line);
      if ('errors' in checked) {
        errors.add(checked.errors);
        return;
      }
      periods.add(checked.row.period);
      keep(checked.row, line, columns.header.customer_code);
    },
  });
  if (file === null) return null;
  return { kept, rows: file.rows, skipped, periods: [...periods].sort() };
}

/**
 * The import worker's job (./importJobs.ts): reads, checks and (unless a dry run) writes the spooled file, on `store`
 * (the worker's own connection).
 */
export async function importPaymentMethods(
  store: Store,
  task: SpooledImportTask,
  beforePublish: BeforePublish,
): Promise<Result<PaymentMethodImportResponse>> {
  const { teamId, at } = task;
  const errors = new ErrorList();
  const file = await read(store, createReadStream(task.spoolPath), teamId, errors);
  if (errors.total > 0 || file === null) return errors.failure();
  const answer = { rows: file.rows, stored: file.kept.length, skipped: file.skipped, periods: file.periods };
  if (task.dryRun) return ok({ dryRun: true, ...answer });
  await beforePublish();
  await store.transaction(async (tx) => {
    await tx.paymentMethods.replacePeriods(teamId, file.periods, file.kept, at);
    await tx.audit.append([
      { actorId: task.actorId, action: 'paymentMethods.import', entity: 'team', entityId: teamId, before: null, after: answer, at },
    ]);
  });
  return ok({ dryRun: false, ...answer });
}
