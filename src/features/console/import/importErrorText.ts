import type { TFunction } from 'i18next';
import { formatNumber } from '../../../domain/format/numberFormat';
import type { ImportRowError } from '../../../domain/workOrder/imports';
import { WORK_ORDER_STATUSES } from '../../../domain/workOrder/workOrder';

type StatusKey = (typeof WORK_ORDER_STATUSES)[number];
const isStatus = (s: string): s is StatusKey => (WORK_ORDER_STATUSES as readonly string[]).includes(s);

/**
 * The "Chi tiết" of a row error in the user's language, built from its `code` and `params` (the server's English
 * `message` is for API users and never shown). Null when the error has nothing to add to its code's sentence (or a
 * server that predates `params` sent none): the cell then stays empty rather than showing English.
 */
export function importErrorDetail(t: TFunction, error: ImportRowError, language: string): string | null {
  const p = error.params ?? {};
  const num = (n: number) => formatNumber(n, language);
  const value = p.value;
  switch (error.code) {
    case 'duplicate_column':
      return value === undefined ? null : t('console.import.details.duplicate_column', { value });
    case 'too_long':
      return p.max === undefined || p.length === undefined ? null : t('console.import.details.too_long', { max: num(p.max), length: num(p.length) });
    case 'out_of_range':
      return value === undefined || p.min === undefined || p.max === undefined
        ? null
        : t('console.import.details.out_of_range', { value, min: num(p.min), max: num(p.max) });
    case 'invalid_number':
    case 'invalid_date':
    case 'invalid_customer_code':
    case 'invalid_phone':
    case 'invalid_phases':
    case 'invalid_serial':
    case 'invalid_period':
    case 'invalid_method':
    case 'reading_in_future':
    case 'invalid_comm_type':
    case 'invalid_remote_read':
    case 'invalid_seal_kind':
    case 'already_in_stock':
      return value === undefined ? null : t(`console.import.details.${error.code}`, { value });
    case 'range_too_large':
      return value === undefined || p.count === undefined || p.max === undefined
        ? null
        : t('console.import.details.range_too_large', { value, count: num(p.count), max: num(p.max) });
    case 'column_count':
      return p.cells === undefined || p.width === undefined
        ? null
        : t('console.import.details.column_count', { cells: num(p.cells), width: num(p.width) });
    case 'duplicate_code':
    case 'conflicting_duplicate':
      return value === undefined || p.firstLine === undefined ? null : t('console.import.details.duplicate_code', { value, line: p.firstLine });
    case 'other_team':
      return value === undefined ? null : t('console.import.details.other_team', { value });
    case 'not_updatable':
      if (value === undefined) return null;
      return p.status !== undefined && isStatus(p.status)
        ? t('console.import.details.not_updatable', { value, status: t(`status.${p.status}`) })
        : t('console.import.details.not_updatable_plain', { value });
    case 'missing_column':
    case 'required':
    case 'invalid_encoding':
    case 'invalid_text':
    case 'empty_file':
    case 'invalid_xml':
    case 'mixed_row':
    case 'too_many_items':
    case 'invalid_code':
    case 'range_mismatch':
    case 'reversed_range':
      return null;
  }
}
