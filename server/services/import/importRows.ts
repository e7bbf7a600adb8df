/** Pass-level reading of a work-order import: the header mapped, each row validated. */
import { mapHeader, type ColumnMap } from './columns';
import { widthError } from './csvImport';
import { readCsv } from './csvReader';
import type { ErrorList } from './importErrors';
import { checkCellText, validateRow, type ImportedRow } from './rowValidation';

export type Pass<T> = (header: ColumnMap, rows: AsyncIterable<ImportedRow>) => Promise<T>;

/** Reads a CSV: the header, then each valid row; every error goes to `errors` and its row is skipped. */
export async function readRows<T>(source: AsyncIterable<Uint8Array>, errors: ErrorList, pass: Pass<T>): Promise<T | null> {
  const events = readCsv(source);
  let columns: ColumnMap | null = null;
  async function* rows(): AsyncGenerator<ImportedRow> {
    for await (const event of events) {
      if (event.kind === 'error') {
        errors.add([event.error]);
        return;
      }
      if (columns === null) throw new Error('rows read before the header');
      const { line, cells } = event.record;
      const wrong = widthError(cells, columns.width, line);
      if (wrong !== null) {
        errors.add([wrong]);
        continue;
      }
      const text = checkCellText(cells, columns, line);
      if ('errors' in text) {
        errors.add(text.errors);
        continue;
      }
      const checked = validateRow(text.cells, columns, line);
      if ('errors' in checked) errors.add(checked.errors);
      else yield checked.row;
    }
  }
  try {
    const first = await events.next();
    if (first.done === true) {
      errors.add([{ line: 1, code: 'empty_file', message: 'The file is empty: export the work orders again with a header line.' }]);
      return null;
    }
    if (first.value.kind === 'error') {
      errors.add([first.value.error]);
      return null;
    }
    const header = mapHeader(first.value.record.cells);
    errors.add(header.errors);
    if (header.errors.length > 0) return null;
    columns = header.columns;
    return await pass(columns, rows());
  } finally {
    // Stops reading the body when the header already decided (the reader's own cleanup runs).
    await events.return(undefined);
  }
}
