import type { ImportRowError } from '../../../src/domain/workOrder/imports';
import { fieldsByHeader, mapCsvHeader, missingColumns, type CsvColumns } from './csvImport';

/** The fields a work-order CSV may carry (design §9), under their English names. */
export const IMPORT_FIELDS = [
  'code',
  'customer_code',
  'customer_name',
  'phone',
  'address',
  'commune',
  'hamlet',
  'district',
  'province',
  'lat',
  'lng',
  'station_code',
  'route_code',
  'route_order',
  'phases',
  'old_meter_serial',
  'old_meter_type',
  'last_billed_reading',
  'reason',
  'planned_date',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * Header names accepted for each field, compared trimmed and case-insensitively: the English name first, then the
 * CMIS export's names of design §9. `hamlet` (THON: thôn / tổ dân phố / ấp / khóm, issue 15), `district` (QUAN_HUYEN) and the VI_DO / KINH_DO spellings of lat / lng are
 * extensions: billing data still carries the pre-2025 district, and some CMIS exports name coordinates in Vietnamese.
 */
const ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  code: ['code', 'MA_YCAU_KNAI'],
  customer_code: ['customer_code', 'MA_KHANG'],
  customer_name: ['customer_name', 'TEN_KHANG'],
  phone: ['phone', 'DTHOAI'],
  address: ['address', 'DIA_CHI'],
  commune: ['commune', 'XA_PHUONG'],
  hamlet: ['hamlet', 'THON'],
  district: ['district', 'QUAN_HUYEN'],
  province: ['province', 'TINH'],
  lat: ['lat', 'VI_DO'],
  lng: ['lng', 'KINH_DO'],
  station_code: ['station_code', 'MA_TRAM'],
  route_code: ['route_code', 'MA_SOGCS'],
  route_order: ['route_order', 'STT'],
  phases: ['phases', 'SO_PHA'],
  old_meter_serial: ['old_meter_serial', 'SO_CTO'],
  old_meter_type: ['old_meter_type', 'LOAI_CTO'],
  last_billed_reading: ['last_billed_reading', 'CHI_SO_CU'],
  reason: ['reason', 'LY_DO'],
  planned_date: ['planned_date', 'NGAY_KH'],
};

export const REQUIRED_FIELDS: readonly ImportField[] = [
  'customer_code',
  'customer_name',
  'address',
  'commune',
  'province',
  'lat',
  'lng',
  'old_meter_serial',
];

const FIELD_BY_HEADER = fieldsByHeader(IMPORT_FIELDS, ALIASES);

/** Where each known field sits in a record, and its header as the file wrote it (for error messages). */
export type ColumnMap = CsvColumns<ImportField>;

/** The header line's errors are on line 1; unknown columns (CMIS exports carry many) are ignored. */
export function mapHeader(cells: readonly string[]): { columns: ColumnMap; errors: ImportRowError[] } {
  const { columns, errors } = mapCsvHeader(cells, FIELD_BY_HEADER);
  return { columns, errors: [...errors, ...missingColumns(columns, REQUIRED_FIELDS, ALIASES)] };
}
