import { foldForSearch } from '../../src/domain/workOrder/workOrder';

export interface SearchableFields {
  code: string;
  customerCode: string;
  customerName: string;
  oldMeterSerial: string;
}

/** Separates fields in `search_text` so a query never matches across two of them (a query has no newline). */
const FIELD_SEPARATOR = '\n';

/** The folded text `q` searches: what `work_orders.search_text` holds for a row with these fields. */
export function workOrderSearchText(fields: SearchableFields): string {
  return [fields.code, fields.customerCode, fields.customerName, fields.oldMeterSerial].map(foldForSearch).join(FIELD_SEPARATOR);
}

/** A LIKE pattern matching the folded query anywhere, with `\` escaping LIKE's own wildcards. */
export function searchPattern(query: string): string {
  const folded = foldForSearch(query.replace(/\s+/g, ' ').trim());
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
