import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PaymentMethodImportResponse } from '../../src/domain/console/cashless';
import { StockImportResponse } from '../../src/domain/stock/stock';
import type { ImportRowError } from '../../src/domain/workOrder/imports';
import { BillingImport } from '../../src/features/console/cashless/BillingImport';
import { DeliveryImport } from '../../src/features/console/stock/DeliveryImport';
import { vi as viMessages } from '../../src/i18n/vi';
import { fakeServer, problemAnswer, renderConsole, type Handler } from './support/consoleHarness';

/*
 * The billing file and the warehouse's delivery share one import flow (src/features/console/import/CsvImport.tsx):
 * a dry run, its row errors in a table and no way to import, or its figures and a button that imports the same
 * file; a failure in words with a retry.
 */

afterEach(cleanup);

const csvFile = (text: string) => new File([text], 'file.csv', { type: 'text/csv' });
function pick(file: File) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (input === null) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [file] } });
}
const rowErrors: ImportRowError[] = [{ line: 4, column: 'SO_CTO', code: 'already_in_stock', message: 'already in stock' }];
const withErrors: Handler = () =>
  problemAnswer(422, 'IMPORT_INVALID', { errors: rowErrors.map((e) => ({ path: `line ${e.line}.${e.column ?? ''}`, ...e })) });

describe('the console CSV imports: delivery and billing file', () => {
  it('delivery: row errors in a table and nothing to import; a clean file imported after its dry run', async () => {
    const answer = (dryRun: boolean) => ({ body: StockImportResponse.parse({ dryRun, rows: 1200, meters: 1000, seals: 5000 }) });
    let bad = true;
    const server = fakeServer({ 'POST /stock/import': (request) => (bad ? withErrors(request) : answer(request.query.get('dryRun') === '1')) });
    const onImported = vi.fn();
    await renderConsole(<DeliveryImport teamId={undefined} onImported={onImported} />, { transport: server.transport });

    pick(csvFile('SO_CTO\nX\n'));
    const table = await screen.findByRole('region', { name: /Tệp có 1 lỗi/ });
    expect(within(table).getByText('SO_CTO')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Nhập vào kho' })).toBeNull();

    bad = false;
    pick(csvFile('SO_CTO\nY\n'));
    expect(await screen.findByText('1.200 dòng hợp lệ: 1.000 công tơ, 5.000 niêm chì.')).toBeTruthy();
    expect(onImported).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Nhập vào kho' }));
    expect(await screen.findByText('Đã nhập vào kho 1.000 công tơ và 5.000 niêm chì (1.200 dòng).')).toBeTruthy();
    expect(onImported).toHaveBeenCalledOnce();
    expect(server.requests('POST', '/stock/import').map((r) => r.query.get('dryRun'))).toEqual(['1', '1', null]);
  });

  it('delivery: a file the server could not read to the end says so, and retries the dry run', async () => {
    const server = fakeServer({ 'POST /stock/import': () => problemAnswer(422, 'IMPORT_ABORTED') });
    await renderConsole(<DeliveryImport teamId="t1" onImported={() => undefined} />, { transport: server.transport });
    pick(csvFile('SO_CTO\nX\n'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(viMessages.errors.IMPORT_ABORTED);
    fireEvent.click(within(alert).getByRole('button'));
    await screen.findByRole('alert');
    expect(server.requests('POST', '/stock/import').map((r) => [r.query.get('dryRun'), r.query.get('teamId')])).toEqual([
      ['1', 't1'],
      ['1', 't1'],
    ]);
  });

  it('billing: the periods of a clean file, then the import; an admin without a team picks none', async () => {
    const server = fakeServer({
      'POST /payment-methods/import': ({ query }) => ({
        body: PaymentMethodImportResponse.parse({
          dryRun: query.get('dryRun') === '1',
          rows: 30,
          stored: 20,
          skipped: 10,
          periods: ['2026-10', '2026-11'],
        }),
      }),
    });
    const onImported = vi.fn();
    const { unmount } = await renderConsole(<BillingImport teamId={undefined} needsTeam={false} onImported={onImported} />, {
      transport: server.transport,
    });
    pick(csvFile('MA_KHANG;KY_HD;HINH_THUC_TT\n'));
    expect(await screen.findByText(/20 dòng của khách hàng trong đội sẽ được lưu, 10 dòng bỏ qua; kỳ 2026-10, 2026-11/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Nhập tệp này' }));
    expect(await screen.findByText('Đã nhập 20 dòng (kỳ 2026-10, 2026-11); 10 dòng của khách hàng ngoài đội được bỏ qua.')).toBeTruthy();
    expect(onImported).toHaveBeenCalledOnce();
    unmount();

    await renderConsole(<BillingImport teamId={undefined} needsTeam onImported={onImported} />, { transport: server.transport });
    expect(document.querySelector('input[type="file"]')).toBeNull();
  });
});
