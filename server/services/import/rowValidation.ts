import type { ImportErrorCode, ImportErrorParams, ImportRowError } from '../../../src/domain/workOrder/imports';
import { checkCustomerCode, METER_SERIAL_PATTERN, normalizeMeterSerial, normalizePhone } from '../../../src/domain/capture/identifiers';
import type { ImportedFields } from '../../store/workOrders';
import { normalizeText, textFault, TEXT_FAULT_MESSAGES } from '../../../src/domain/protocol/text';
import { IMPORT_FIELDS, type ColumnMap, type ImportField } from './columns';

/** Coordinates of Vietnam with its islands, generously: a point outside is a swapped or mistyped coordinate. */
export const VIETNAM_BOUNDS = { minLat: 7, maxLat: 24, minLng: 102, maxLng: 118 } as const;

/** Longest text per field: the wire schema's limits (WorkOrder in src/domain/workOrder/workOrder.ts). */
const MAX_LENGTH: Partial<Record<ImportField, number>> = {
  code: 40,
  customer_name: 200,
  address: 300,
  commune: 100,
  hamlet: 100,
  district: 100,
  province: 100,
  station_code: 40,
  route_code: 40,
  old_meter_type: 60,
  reason: 200,
};

/** A validated row: the code as given (null: generate one) and the work-order fields. */
export interface ImportedRow {
  line: number;
  code: string | null;
  fields: ImportedFields;
}

/** `12`, `12.5`, `12,5` (decimal comma); no thousands separators, which would be ambiguous. */
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** `yyyy-MM-dd` or `dd/MM/yyyy` (how Vietnamese spreadsheets show dates) → ISO date, or null. */
export function parseImportDate(text: string): string | null {
  const iso = ISO_DATE.exec(text);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const vn = VN_DATE.exec(text);
  if (vn) return calendarDate(Number(vn[3]), Number(vn[2]), Number(vn[1]));
  return null;
}

export function parseImportNumber(text: string): number | null {
  return NUMBER.test(text) ? Number(text.replace(',', '.')) : null;
}

/**
 * The wire-string rule (src/domain/protocol/text.ts) per cell, the same one every JSON string obeys: a NUL, another control
 * character or an unpaired surrogate in a cell the import reads is a row error naming its column (PostgreSQL
 * would refuse a NUL where SQLite kept it); accepted cells come back in NFC, so "Hòa" and "Hoà" are one commune.
 * Columns the import ignores are not read, so they are not judged either.
 */
export function checkCellText(cells: readonly string[], columns: ColumnMap, line: number): { cells: string[] } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const normalized = [...cells];
  for (const field of IMPORT_FIELDS) {
    const i = columns.index[field];
    const cell = i === undefined ? undefined : cells[i];
    if (i === undefined || cell === undefined) continue;
    const fault = textFault(cell);
    if (fault === null) normalized[i] = normalizeText(cell);
    else errors.push({ line, column: columns.header[field] ?? field, code: 'invalid_text', message: `This cell ${TEXT_FAULT_MESSAGES[fault]}.` });
  }
  return errors.length > 0 ? { errors } : { cells: normalized };
}

/** Reads one row against the header's column map; every problem of the row is reported, not just the first. */
export function validateRow(cells: readonly string[], columns: ColumnMap, line: number): { row: ImportedRow } | { errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const fail = (field: ImportField, code: ImportErrorCode, message: string, params?: ImportErrorParams): null => {
    errors.push({ line, column: columns.header[field] ?? field, code, message, ...(params && { params }) });
    return null;
  };
  const text = (field: ImportField): string | null => {
    const i = columns.index[field];
    const value = i === undefined ? '' : (cells[i] ?? '').trim();
    if (value === '') return null;
    const max = MAX_LENGTH[field];
    if (max !== undefined && value.length > max)
      return fail(field, 'too_long', `At most ${max} characters (this has ${value.length}).`, { max, length: value.length });
    return value;
  };
  const required = (field: ImportField): string | null => {
    const i = columns.index[field];
    if (i !== undefined && (cells[i] ?? '').trim() === '') return fail(field, 'required', 'This value is required.');
    return text(field);
  };
  const number = (value: string | null, field: ImportField, min: number, max: number, what: string): number | null => {
    if (value === null) return null;
    const n = parseImportNumber(value);
    if (n === null) return fail(field, 'invalid_number', `"${value}" is not a number (use 12.5 or 12,5).`, { value });
    if (n < min || n > max) return fail(field, 'out_of_range', `${what} must be between ${min} and ${max}.`, { value, min, max });
    return n;
  };

  const code = text('code');
  const customerCodeText = required('customer_code');
  const customerName = required('customer_name');
  const phoneText = text('phone');
  const address = required('address');
  const commune = required('commune');
  const hamlet = text('hamlet');
  const district = text('district');
  const province = required('province');
  const lat = number(required('lat'), 'lat', VIETNAM_BOUNDS.minLat, VIETNAM_BOUNDS.maxLat, 'Latitude in Vietnam');
  const lng = number(required('lng'), 'lng', VIETNAM_BOUNDS.minLng, VIETNAM_BOUNDS.maxLng, 'Longitude in Vietnam');
  const stationCode = text('station_code');
  const routeCode = text('route_code');
  const routeOrderText = text('route_order');
  const phasesText = text('phases');
  const serialText = required('old_meter_serial');
  const oldMeterType = text('old_meter_type');
  const lastBilledReading = number(text('last_billed_reading'), 'last_billed_reading', 0, Number.MAX_SAFE_INTEGER, 'The last billed reading');
  const reason = text('reason');
  const plannedDateText = text('planned_date');

  let customerCode: string | null = null;
  if (customerCodeText !== null) {
    const checked = checkCustomerCode(customerCodeText);
    if (checked.valid) customerCode = checked.code;
    else
      fail(
        'customer_code',
        'invalid_customer_code',
        `"${customerCodeText}" is not a customer code (P, a letter, 4 letters or digits, then 5 to 7 digits).`,
        { value: customerCodeText },
      );
  }
  let phone: string | null = null;
  if (phoneText !== null) {
    phone = normalizePhone(phoneText);
    if (phone === null)
      fail('phone', 'invalid_phone', `"${phoneText}" is not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09).`, {
        value: phoneText,
      });
  }
  let oldMeterSerial: string | null = null;
  if (serialText !== null) {
    oldMeterSerial = normalizeMeterSerial(serialText);
    if (!METER_SERIAL_PATTERN.test(oldMeterSerial)) {
      oldMeterSerial = fail('old_meter_serial', 'invalid_serial', `"${serialText}" is not a meter serial (4 to 20 of A–Z, 0–9, "-", "/").`, {
        value: serialText,
      });
    }
  }
  let routeOrder: number | null = null;
  if (routeOrderText !== null) {
    const n = parseImportNumber(routeOrderText);
    if (n === null || !Number.isInteger(n))
      fail('route_order', 'invalid_number', `"${routeOrderText}" is not a whole number.`, { value: routeOrderText });
    else if (n < 0 || n > 1_000_000)
      fail('route_order', 'out_of_range', 'The route order must be between 0 and 1000000.', { value: routeOrderText, min: 0, max: 1_000_000 });
    else routeOrder = n;
  }
  let phases: 1 | 3 = 1;
  if (phasesText !== null) {
    if (phasesText === '1' || phasesText === '3') phases = phasesText === '1' ? 1 : 3;
    else fail('phases', 'invalid_phases', `"${phasesText}" is not a number of phases (1 or 3).`, { value: phasesText });
  }
  let plannedDate: string | null = null;
  if (plannedDateText !== null) {
    plannedDate = parseImportDate(plannedDateText);
    if (plannedDate === null)
      fail('planned_date', 'invalid_date', `"${plannedDateText}" is not a date (yyyy-MM-dd or dd/MM/yyyy).`, { value: plannedDateText });
  }

  if (
    errors.length > 0 ||
    customerCode === null ||
    customerName === null ||
    address === null ||
    commune === null ||
    province === null ||
    lat === null ||
    lng === null ||
    oldMeterSerial === null
  ) {
    return { errors };
  }
  return {
    row: {
      line,
      code,
      fields: {
        customerCode,
        customerName,
        phone,
        address,
        commune,
        hamlet,
        district,
        province,
        lat,
        lng,
        stationCode,
        routeCode,
        routeOrder,
        phases,
        oldMeterSerial,
        oldMeterType,
        lastBilledReading,
        reason,
        plannedDate,
      },
    },
  };
}
