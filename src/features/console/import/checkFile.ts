import { IMPORT_MAX_BYTES } from '../../../domain/workOrder/imports';

export type FileProblem = 'notCsv' | 'tooLarge' | 'emptyFile';

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'application/vnd.ms-excel', 'text/plain', '']);

/**
 * Checks done before sending anything: a name ending in .csv (browsers give CSV files varying types, Excel's
 * among them), not empty, not over the server's limit. The server checks the content itself.
 */
export function checkImportFile(file: { name: string; size: number; type: string }, maxBytes = IMPORT_MAX_BYTES): FileProblem | null {
  if (!/\.csv$/i.test(file.name) || !CSV_TYPES.has(file.type)) return 'notCsv';
  if (file.size === 0) return 'emptyFile';
  if (file.size > maxBytes) return 'tooLarge';
  return null;
}
