import { createReadStream } from 'node:fs';
import * as z from 'zod/mini';
import type { HesImportResponse } from '../../../src/domain/commissioning/commissioningApi';
import { HES_MAX_READINGS, MeterReadingInput, parseCommType } from '../../../src/domain/commissioning/commissioning';
import { parseDecimal } from '../../../src/domain/capture/readings';
import { normalizeText, textFault, TEXT_FAULT_MESSAGES } from '../../../src/domain/protocol/text';
import type { ImportRowError } from '../../../src/domain/workOrder/imports';
import {
  fieldsByHeader,
  mapCsvHeader,
  missingColumns,
  readCsvRows,
  type BeforePublish,
  type CsvColumns,
  type SpooledImportTask,
} from '../import/csvImport';
import { ErrorList } from '../import/importErrors';
import type { Store } from '../../store/store';
import type { Result } from '../result';
import { createReadingIngest, type LocatedReading } from './readingIngest';

/*
 * The head-end's CSV export of readings (issue 17 §2): meter serial, reading time, registers total/normal/peak/
 * off-peak, communication type. Read with the work-order import's streaming reader (UTF-8 with or without BOM, `,`
 * or `;`, row errors with line and column).
 */

const FIELDS = ['serial', 'read_at', 'total', 'normal', 'peak', 'off_peak', 'comm_type'] as const;
type Field = (typeof FIELDS)[number];
const REQUIRED: readonly Field[] = ['serial', 'read_at', 'total'];

/** Header names per field, compared trimmed and case-insensitively: the English name, then head-end export names. */
export const HES_CSV_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  serial: ['serial', 'meter_serial', 'SO_CTO', 'SERIAL_NO'],
  read_at: ['read_at', 'reading_time', 'THOI_GIAN', 'TG_DOC'],
  total: ['total', 'CS_TONG', 'CHI_SO'],
  normal: ['normal', 'CS_BT', 'BT'],
  peak: ['peak', 'CS_CD', 'CD'],
  off_peak: ['off_peak', 'CS_TD', 'TD'],
  comm_type: ['comm_type', 'KIEU_TT', 'PHUONG_THUC_TT'],
};
const FIELD_BY_HEADER = fieldsByHeader(FIELDS, HES_CSV_ALIASES);

/**
 * A reading time: ISO 8601 with an offset, or a local time of Vietnam (UTC+7, the head-end's display):
 * `yyyy-MM-dd HH:mm[:ss]` or `dd/MM/yyyy HH:mm[:ss]`. Null for anything else.
 */
export function parseReadingTime(text: string): string | null {
  if (z.safeParse(z.iso.datetime({ offset: true }), text).success) return new Date(text).toISOString();
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]] : vn ? [vn[3], vn[2], vn[1], vn[4], vn[5], vn[6]] : null;
  if (parts === null) return null;
  const [y, mo, d, h, mi, s] = parts.map((p) => Number(p ?? '0')) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h - 7, mi, s);
  const check = new Date(ms + 7 * 3_600_000);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return new Date(ms).toISOString();
}

type Columns = CsvColumns<Field>;

function mapHeader(cells: readonly string[]): { columns: Columns; errors: ImportRowError[] } {
  const { columns, errors } = mapCsvHeader(cells, FIELD_BY_HEADER, '.');
  return { columns, errors: [...errors, ...missingColumns(columns, REQUIRED, HES_CSV_ALIASES)] };
}

function readRow(cells: readonly string[], columns: Columns, line: number): { reading: MeterReadingInput } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const column = (field: Field) => columns.header[field] ?? field;
  const cell = (field: Field): string | null => {
    const i = columns.index[field];
    if (i === undefined) return null;
    const raw = cells[i] ?? '';
    const fault = textFault(raw);
    if (fault !== null) {
      errors.push({ line, column: column(field), code: 'invalid_text', message: `This cell ${TEXT_FAULT_MESSAGES[fault]}.` });
      return null;
    }
    const text = normalizeText(raw).trim();
    return text === '' ? null : text;
  };
  const required = (field: Field) => {
    const value = cell(field);
    if (value === null && !errors.some((e) => e.column === column(field)))
      errors.push({ line, column: column(field), code: 'required', message: 'This cell is required.' });
    return value;
  };
  const number = (field: Field, text: string | null): number | undefined => {
    if (text === null) return undefined;
    const value = parseDecimal(text);
    if (value === null)
      errors.push({ line, column: column(field), code: 'invalid_number', message: `"${text}" is not a number.`, params: { value: text } });
    return value ?? undefined;
  };
  const serial = required('serial');
  const readAtText = required('read_at');
  const total = number('total', required('total'));
  const normal = number('normal', cell('normal'));
  const peak = number('peak', cell('peak'));
  const offPeak = number('off_peak', cell('off_peak'));
  const commText = cell('comm_type');
  const readAt = readAtText === null ? null : parseReadingTime(readAtText);
  if (readAtText !== null && readAt === null)
    errors.push({
      line,
      column: column('read_at'),
      code: 'invalid_date',
      message: `"${readAtText}" is not a time: write 2026-11-24T08:30:00+07:00 or 24/11/2026 08:30.`,
      params: { value: readAtText },
    });
  const commType = commText === null ? undefined : parseCommType(commText);
  if (commType === null)
    errors.push({
      line,
      column: column('comm_type'),
      code: 'invalid_comm_type',
      message: `"${commText}" is not a communication type.`,
      params: { value: commText ?? '' },
    });
  if (errors.length > 0 || serial === null || readAt === null || total === undefined) return { errors };
  const parsed = z.safeParse(MeterReadingInput, {
    serial,
    readAt,
    total,
    ...(normal === undefined ? {} : { normal }),
    ...(peak === undefined ? {} : { peak }),
    ...(offPeak === undefined ? {} : { offPeak }),
    ...(commType === undefined || commType === null ? {} : { commType }),
  });
  if (parsed.success) return { reading: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      if (field === 'serial')
        return {
          line,
          column: column('serial'),
          code: 'invalid_serial' as const,
          message: `"${serial}" is not a meter serial.`,
          params: { value: serial },
        };
      const f: Field = field === 'offPeak' ? 'off_peak' : (FIELDS.find((x) => x === field) ?? 'total');
      return {
        line,
        column: column(f),
        code: 'out_of_range' as const,
        message: `${field} ${issue.message}.`,
        params: { value: field, min: 0, max: 99_999_999 },
      };
    }),
  };
}

/** Reads the whole file into readings; every error goes to `errors`. Null when the header itself is unusable. */
export async function readMeterReadingsCsv(source: AsyncIterable<Uint8Array>, errors: ErrorList): Promise<LocatedReading[] | null> {
  const readings: LocatedReading[] = [];
  const file = await readCsvRows(source, errors, {
    header: mapHeader,
    what: 'readings',
    yieldEvery: 2000,
    maxRows: {
      max: HES_MAX_READINGS,
      error: (line, rows) => ({
        line,
        code: 'out_of_range',
        message: `A file may hold at most ${HES_MAX_READINGS} readings.`,
        params: { value: String(rows), min: 1, max: HES_MAX_READINGS },
      }),
    },
    row: (cells, line, columns) => {
      const checked = readRow(cells, columns, line);
      if ('errors' in checked) errors.add(checked.errors);
      else readings.push({ line, reading: checked.reading });
    },
  });
  return file === null ? null : readings;
}

/** What the API process hands the import worker for a head-end CSV (a supervisor's team, or none for an admin's). */
export type HesCsvTask = Omit<SpooledImportTask, 'teamId'> & { teamId: string | null };

/**
 * The import worker's job (../import/importJobs.ts): the spooled file read and applied on `store` (the worker's own
 * connection), at the API's time (its clock's reading when the request came).
 */
export async function importHesCsv(store: Store, task: HesCsvTask, beforePublish: BeforePublish): Promise<Result<HesImportResponse>> {
  const errors = new ErrorList();
  const readings = await readMeterReadingsCsv(createReadStream(task.spoolPath), errors);
  if (errors.total > 0 || readings === null) return errors.failure();
  const ingest = createReadingIngest(store, { now: () => new Date(task.at) });
  return ingest.ingest(readings, { source: 'csv', dryRun: task.dryRun, teamId: task.teamId, actorId: task.actorId, beforeWrite: beforePublish });
}
