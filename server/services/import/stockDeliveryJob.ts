import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ImportErrorCode, ImportErrorParams, ImportRowError } from '../../../src/domain/workOrder/imports';
import { MANUFACTURE_YEAR_MIN, remoteReadFromModel, type RemoteReadType, type SealKind } from '../../../src/domain/capture/handoverFields';
import {
  expandRange,
  LOT_MAX,
  MAX_DELIVERY_ITEMS,
  MAX_RANGE_ITEMS,
  MODEL_MAX,
  normalizeStockCode,
  RANGE_FAULT_MESSAGES,
  STOCK_CODE_PATTERN,
  VERIFICATION_NO_MAX,
  warehouseHolder,
  type StockImportResponse,
} from '../../../src/domain/stock/stock';
import { normalizeText, textFault, TEXT_FAULT_MESSAGES } from '../../../src/domain/protocol/text';
import { ok } from '../../../src/domain/protocol/result';
import type { NewStockItem, NewStockMovement } from '../../store/stock';
import type { Store } from '../../store/store';
import type { Result } from '../result';
import { fieldsByHeader, mapCsvHeader, readCsvRows, type CsvColumns, type BeforePublish, type SpooledImportTask } from './csvImport';
import { ErrorList } from './importErrors';
import { parseImportDate } from './rowValidation';

/*
 * `POST /api/v1/stock/import` (issue 16 §1): the warehouse's delivery list into the team's warehouse. Read like the
 * work-order import (streaming csv-parse through ./csvReader.ts: UTF-8 with or without BOM, `,` or `;`, row errors
 * with line and column, a dry run, all or nothing). A row is a meter (serial, model, phases, manufacture year,
 * verification date and stamp number, remote-read type, lot) or a range of seals (from, to, kind, lot). A code
 * already in any team's stock, or twice in the file, is a row error. The items (at most MAX_DELIVERY_ITEMS) are held
 * in memory and written in one transaction with their first movement, the delivery. All of it runs in the import
 * worker (./importJobs.ts); ./stockImport.ts is the API's side.
 */

const FIELDS = [
  'serial',
  'model',
  'phases',
  'manufacture_year',
  'verified_on',
  'verification_no',
  'remote_read',
  'lot',
  'seal_from',
  'seal_to',
  'seal_kind',
] as const;
type Field = (typeof FIELDS)[number];

/** Header names per field, compared trimmed and case-insensitively: the English name, then the warehouse's names. */
export const STOCK_IMPORT_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  serial: ['serial', 'SO_CTO', 'SO_CONG_TO'],
  model: ['model', 'LOAI_CTO', 'CHUNG_LOAI'],
  phases: ['phases', 'SO_PHA'],
  manufacture_year: ['manufacture_year', 'NAM_SX'],
  verified_on: ['verified_on', 'NGAY_KD'],
  verification_no: ['verification_no', 'SO_TEM_KD', 'SO_GCN_KD'],
  remote_read: ['remote_read', 'DO_XA'],
  lot: ['lot', 'SO_LO', 'LO'],
  seal_from: ['seal_from', 'NIEM_TU'],
  seal_to: ['seal_to', 'NIEM_DEN'],
  seal_kind: ['seal_kind', 'LOAI_NIEM'],
};
const FIELD_BY_HEADER = fieldsByHeader(FIELDS, STOCK_IMPORT_ALIASES);

const REMOTE_READ_WORDS: Record<string, RemoteReadType> = {
  rf_mesh: 'rf_mesh',
  rf: 'rf_mesh',
  plc: 'plc',
  gprs_4g: 'gprs_4g',
  '4g': 'gprs_4g',
  gprs: 'gprs_4g',
  nb_iot: 'nb_iot',
  'nb-iot': 'nb_iot',
  nbiot: 'nb_iot',
};
const SEAL_KIND_WORDS: Record<string, SealKind> = {
  terminal_cover: 'terminal_cover',
  nap_chup: 'terminal_cover',
  'nắp chụp': 'terminal_cover',
  box: 'box',
  hom: 'box',
  hòm: 'box',
  'hòm công tơ': 'box',
  verification: 'verification',
  kiem_dinh: 'verification',
  'kiểm định': 'verification',
};

type Columns = CsvColumns<Field>;

type ItemFields = Omit<NewStockItem, 'id' | 'team_id' | 'kind' | 'code'>;
interface ReadItem {
  kind: 'meter' | 'seal';
  code: string;
  fields: ItemFields;
  line: number;
  column: string;
}

function mapHeader(cells: readonly string[]): { columns: Columns; errors: ImportRowError[] } {
  const { columns, errors } = mapCsvHeader(cells, FIELD_BY_HEADER);
  const { index } = columns;
  if (index.serial === undefined && index.seal_from === undefined) {
    errors.push({
      line: 1,
      column: 'serial',
      code: 'missing_column',
      message: `The header has neither a meter serial column (${STOCK_IMPORT_ALIASES.serial.join(', ')}) nor a seal column (${STOCK_IMPORT_ALIASES.seal_from.join(', ')}).`,
    });
  }
  if (index.serial !== undefined) {
    for (const field of ['model', 'phases', 'manufacture_year', 'verified_on'] as const) {
      if (index[field] === undefined) {
        errors.push({ line: 1, column: field, code: 'missing_column', message: `Meters need a ${STOCK_IMPORT_ALIASES[field].join(' or ')} column.` });
      }
    }
  }
  if (index.seal_from !== undefined && index.seal_kind === undefined) {
    errors.push({
      line: 1,
      column: 'seal_kind',
      code: 'missing_column',
      message: `Seals need a ${STOCK_IMPORT_ALIASES.seal_kind.join(' or ')} column.`,
    });
  }
  return { columns, errors };
}

/** One row read: its items (one meter, or a range of seals), or its errors (every problem of the row). */
function readRow(cells: readonly string[], columns: Columns, line: number, year: number): { items: ReadItem[] } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const columnOf = (field: Field) => columns.header[field] ?? field;
  const fail = (field: Field, code: ImportErrorCode, message: string, params?: ImportErrorParams): null => {
    errors.push({ line, column: columnOf(field), code, message, ...(params && { params }) });
    return null;
  };
  const cell = (field: Field, max = 60): string | null => {
    const i = columns.index[field];
    if (i === undefined) return null;
    const raw = cells[i] ?? '';
    const fault = textFault(raw);
    if (fault !== null) return fail(field, 'invalid_text', `This cell ${TEXT_FAULT_MESSAGES[fault]}.`);
    const text = normalizeText(raw).trim();
    if (text === '') return null;
    if (text.length > max) return fail(field, 'too_long', `At most ${max} characters (this has ${text.length}).`, { max, length: text.length });
    return text;
  };
  const required = (field: Field, max?: number): string | null => {
    const value = cell(field, max);
    if (value === null && !errors.some((e) => e.column === columnOf(field))) fail(field, 'required', 'This value is required.');
    return value;
  };
  const serialText = cell('serial');
  const sealFrom = cell('seal_from');
  const lot = cell('lot', LOT_MAX);
  if (serialText !== null && sealFrom !== null) {
    fail('seal_from', 'mixed_row', 'A row is a meter or a range of seals, not both: put them on lines of their own.');
    return { errors };
  }
  if (serialText === null && sealFrom === null) {
    if (errors.length === 0) fail(columns.index.serial === undefined ? 'seal_from' : 'serial', 'required', 'Give a meter serial or a seal code.');
    return { errors };
  }
  if (serialText !== null) {
    const code = normalizeStockCode(serialText);
    if (!STOCK_CODE_PATTERN.test(code)) fail('serial', 'invalid_serial', `"${serialText}" is not a meter serial.`, { value: serialText });
    const model = required('model', MODEL_MAX);
    const phasesText = required('phases');
    const phases = phasesText === null ? null : Number(phasesText);
    if (phasesText !== null && phases !== 1 && phases !== 3)
      fail('phases', 'invalid_phases', `"${phasesText}" is not 1 or 3 phases.`, { value: phasesText });
    const yearText = required('manufacture_year');
    const manufactureYear = yearText === null ? null : Number(yearText);
    if (yearText !== null && (!/^\d{4}$/.test(yearText) || (manufactureYear ?? 0) < MANUFACTURE_YEAR_MIN || (manufactureYear ?? 0) > year)) {
      fail('manufacture_year', 'out_of_range', `The manufacture year must be between ${MANUFACTURE_YEAR_MIN} and ${year}.`, {
        value: yearText,
        min: MANUFACTURE_YEAR_MIN,
        max: year,
      });
    }
    const verifiedText = required('verified_on');
    const verifiedOn = verifiedText === null ? null : parseImportDate(verifiedText);
    if (verifiedText !== null && verifiedOn === null)
      fail('verified_on', 'invalid_date', `"${verifiedText}" is not a date (dd/MM/yyyy).`, { value: verifiedText });
    const verificationNo = cell('verification_no', VERIFICATION_NO_MAX);
    const remoteText = cell('remote_read');
    let remoteRead: RemoteReadType | null = remoteText === null ? (model === null ? null : remoteReadFromModel(model)) : null;
    if (remoteText !== null) {
      const word = REMOTE_READ_WORDS[remoteText.toLowerCase()];
      if (word === undefined)
        fail('remote_read', 'invalid_remote_read', `"${remoteText}" is not a remote-read type (RF, PLC, 4G, NB-IoT).`, { value: remoteText });
      else remoteRead = word;
    }
    if (errors.length > 0) return { errors };
    return {
      items: [
        {
          kind: 'meter',
          code,
          line,
          column: columnOf('serial'),
          fields: {
            model,
            phases,
            manufacture_year: manufactureYear,
            verified_on: verifiedOn,
            verification_no: verificationNo,
            remote_read: remoteRead,
            seal_kind: null,
            lot,
          },
        },
      ],
    };
  }
  const sealTo = cell('seal_to') ?? sealFrom ?? '';
  const kindText = required('seal_kind');
  const sealKind = kindText === null ? undefined : SEAL_KIND_WORDS[kindText.toLowerCase()];
  if (kindText !== null && sealKind === undefined) {
    fail('seal_kind', 'invalid_seal_kind', `"${kindText}" is not a seal kind (terminal_cover, box, verification).`, { value: kindText });
  }
  const expanded = expandRange(sealFrom ?? '', sealTo, MAX_RANGE_ITEMS);
  if ('fault' in expanded) {
    fail('seal_from', expanded.fault, `${sealFrom}–${sealTo} ${RANGE_FAULT_MESSAGES[expanded.fault]}.`, {
      value: `${sealFrom}–${sealTo}`,
      ...(expanded.count === undefined ? {} : { count: expanded.count, max: MAX_RANGE_ITEMS }),
    });
  }
  if (errors.length > 0 || 'fault' in expanded || sealKind === undefined) return { errors };
  const fields: ItemFields = {
    model: null,
    phases: null,
    manufacture_year: null,
    verified_on: null,
    verification_no: null,
    remote_read: null,
    seal_kind: sealKind,
    lot,
  };
  return { items: expanded.codes.map((code) => ({ kind: 'seal', code, line, column: columnOf('seal_from'), fields })) };
}

/** Items written per slice of the one transaction (their rows and movements are built slice by slice). */
const WRITE_SLICE = 5000;

/** Reads the delivery: its items and rows, every error to `errors`; null when the header is missing or unusable. */
async function read(source: AsyncIterable<Uint8Array>, errors: ErrorList, year: number) {
  const items: ReadItem[] = [];
  const firstLine = new Map<string, number>();
  let tooMany = false;
  const file = await readCsvRows(source, errors, {
    header: mapHeader,
    what: 'delivery',
    row: (cells, line, columns) => {
      const checked = readRow(cells, columns, line, year);
      if ('errors' in checked) {
        errors.add(checked.errors);
        return;
      }
      for (const item of checked.items) {
        const key = `${item.kind} ${item.code}`;
        const first = firstLine.get(key);
        if (first !== undefined) {
          errors.add([
            {
              line,
              column: item.column,
              code: 'duplicate_code',
              message: `${item.code} is already on line ${first}.`,
              params: { value: item.code, firstLine: first },
            },
          ]);
          continue;
        }
        if (items.length >= MAX_DELIVERY_ITEMS) {
          if (!tooMany) {
            errors.add([
              {
                line,
                code: 'too_many_items',
                message: `A delivery brings at most ${MAX_DELIVERY_ITEMS} items: split the file.`,
                params: { max: MAX_DELIVERY_ITEMS },
              },
            ]);
          }
          tooMany = true;
          break;
        }
        firstLine.set(key, line);
        items.push(item);
      }
    },
  });
  return file === null ? null : { items, rows: file.rows };
}

/** Row errors for every code already in some team's stock. */
async function alreadyInStock(items: readonly ReadItem[], teamId: string, errors: ErrorList, repo: Store['stock']): Promise<void> {
  for (const kind of ['meter', 'seal'] as const) {
    const ofKind = items.filter((i) => i.kind === kind);
    const existing = await repo.existingCodes(
      kind,
      ofKind.map((i) => i.code),
    );
    for (const item of ofKind) {
      const team = existing.get(item.code);
      if (team === undefined) continue;
      errors.add([
        {
          line: item.line,
          column: item.column,
          code: 'already_in_stock',
          message:
            team === teamId
              ? `${item.code} is already in this team's stock (an earlier delivery).`
              : `${item.code} is already in another team's stock: ask the warehouse which delivery is right.`,
          params: { value: item.code },
        },
      ]);
    }
  }
}

/**
 * The import worker's job (./importJobs.ts): reads, checks and (unless a dry run) writes the spooled delivery, on
 * `store` (the worker's own connection).
 */
export async function deliverStock(store: Store, task: SpooledImportTask, beforePublish: BeforePublish): Promise<Result<StockImportResponse>> {
  const { teamId, at } = task;
  const errors = new ErrorList();
  const file = await read(createReadStream(task.spoolPath), errors, Number(at.slice(0, 4)));
  if (file === null) return errors.failure();
  const { items, rows } = file;
  const meters = items.filter((i) => i.kind === 'meter').length;
  const answer = { rows, meters, seals: items.length - meters };
  if (task.dryRun || errors.total > 0) {
    // Every error at once: the codes already in stock beside the rows' own.
    await alreadyInStock(items, teamId, errors, store.stock);
    if (errors.total > 0) return errors.failure();
    return ok({ dryRun: true, ...answer });
  }
  const batchId = randomUUID();
  const holder = warehouseHolder(teamId);
  /** One slice's rows and first movements, built as they are written: the worker holds the items once, not thrice. */
  const slice = (part: readonly ReadItem[]) => {
    const rows: NewStockItem[] = [];
    const movements: NewStockMovement[] = [];
    for (const item of part) {
      const id = randomUUID();
      rows.push({ id, team_id: teamId, kind: item.kind, code: item.code, ...item.fields });
      movements.push({
        item_id: id,
        seq: 1,
        team_id: teamId,
        kind: 'delivery',
        from_holder: null,
        to_holder: holder,
        batch_id: batchId,
        actor_id: task.actorId,
        at,
        pliers_number: null,
        mutation_id: null,
      });
    }
    return { rows, movements };
  };
  await beforePublish();
  return store.transaction(async (tx) => {
    // Every team's codes are checked: one delivery at a time, across teams.
    await tx.stock.lock(['delivery']);
    await alreadyInStock(items, teamId, errors, tx.stock);
    if (errors.total > 0) return errors.failure();
    for (let i = 0; i < items.length; i += WRITE_SLICE) {
      const { rows, movements } = slice(items.slice(i, i + WRITE_SLICE));
      await tx.stock.insertItems(rows, movements, at);
    }
    await tx.audit.append([
      { actorId: task.actorId, action: 'stock.delivery', entity: 'team', entityId: teamId, before: null, after: { batchId, ...answer }, at },
    ]);
    return ok({ dryRun: false, ...answer });
  });
}
