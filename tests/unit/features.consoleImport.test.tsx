import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportResponse, IMPORT_ERROR_CODES, type ImportRowError } from '../../src/domain/workOrder/imports';
import { importVi } from '../../src/i18n/console/import.vi';
import { ImportPage } from '../../src/features/console/import/ImportPage';
import { checkImportFile } from '../../src/features/console/import/checkFile';
import { makeMe } from './support/fixtures';
import { fakeServer, problemAnswer, type Handler } from './support/consoleHarness';
import { renderConsole } from './support/consoleHarness';

afterEach(cleanup);

const supervisor = makeMe({ role: 'supervisor', username: 'supervisor1' });

function csvFile(text: string, name = 'cmis.csv', type = 'text/csv'): File {
  return new File([text], name, { type });
}

function pick(file: File) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (input === null) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [file] } });
}

const rowErrors: ImportRowError[] = [
  { line: 7, column: 'lat', code: 'invalid_number', message: 'lat is not a number' },
  { line: 3, column: 'SO_CTO', code: 'required', message: 'old_meter_serial is required' },
  { line: 3, column: 'DTHOAI', code: 'invalid_phone', message: 'bad phone' },
];

/** The import endpoint as the server answers it: 422 with row errors (path + line + column) for a bad file. */
function importEndpoint(bad: (body: string) => boolean): Handler {
  return ({ query, body }) => {
    if (typeof body !== 'string') return problemAnswer(415, 'UNSUPPORTED_MEDIA_TYPE');
    if (bad(body))
      return problemAnswer(422, 'IMPORT_INVALID', { errors: rowErrors.map((e) => ({ path: `line ${e.line}.${e.column ?? ''}`, ...e })) });
    return { body: ImportResponse.parse({ dryRun: query.get('dryRun') === '1', rows: 12, created: 9, updated: 3 }) };
  };
}

describe('console import screen', () => {
  it('lists every row error of a 422 with its line, column and a Vietnamese message, and imports nothing', async () => {
    const server = fakeServer({ 'POST /work-orders/import': importEndpoint(() => true) });
    await renderConsole(<ImportPage me={supervisor} />, { transport: server.transport });

    pick(csvFile('customer_code;lat\nPA07;abc\n'));

    expect(await screen.findByText('Tệp có 3 lỗi. Chưa nhập dòng nào.')).toBeTruthy();
    const rows = within(screen.getByRole('region', { name: /Tệp có 3 lỗi/ }))
      .getAllByRole('row')
      .slice(1);
    // Sorted by line: 3 (two columns), then 7.
    const cells = rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .slice(0, 3)
        .map((c) => c.textContent),
    );
    expect(cells).toEqual([
      ['3', 'DTHOAI', importVi.codes.invalid_phone],
      ['3', 'SO_CTO', importVi.codes.required],
      ['7', 'lat', importVi.codes.invalid_number],
    ]);
    expect(screen.queryByRole('button', { name: 'Nhập dữ liệu' })).toBeNull();
    const calls = server.requests('POST', '/work-orders/import');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.query.get('dryRun')).toBe('1');
    expect(calls[0]?.contentType).toBe('text/csv');
  });

  it('groups the errors by kind on request', async () => {
    const server = fakeServer({ 'POST /work-orders/import': importEndpoint(() => true) });
    await renderConsole(<ImportPage me={supervisor} />, { transport: server.transport });
    pick(csvFile('x\n'));
    await screen.findByText('Tệp có 3 lỗi. Chưa nhập dòng nào.');

    fireEvent.click(screen.getByLabelText('Theo loại lỗi'));

    const groups = screen.getAllByRole('columnheader').filter((h) => h.getAttribute('scope') === 'colgroup');
    expect(groups.map((g) => g.textContent)).toEqual([
      `${importVi.codes.required} · 1 lỗi`,
      `${importVi.codes.invalid_number} · 1 lỗi`,
      `${importVi.codes.invalid_phone} · 1 lỗi`,
    ]);
  });

  it('imports only after a clean dry run of the same file, then shows the counts and a link to the map', async () => {
    const server = fakeServer({ 'POST /work-orders/import': importEndpoint(() => false) });
    await renderConsole(<ImportPage me={supervisor} />, { transport: server.transport });

    pick(csvFile('customer_code\nPA07BT0012345\n', 'good.csv'));
    expect(await screen.findByText('12 dòng hợp lệ: 9 mới, 3 cập nhật.')).toBeTruthy();
    expect(screen.getByText(/good\.csv/)).toBeTruthy();
    expect(server.requests('POST', '/work-orders/import').map((r) => r.query.get('dryRun'))).toEqual(['1']);

    fireEvent.click(screen.getByRole('button', { name: 'Nhập dữ liệu' }));

    expect(await screen.findByText('Đã nhập 12 dòng: 9 công việc mới, 3 công việc được cập nhật.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /bản đồ/ }).getAttribute('href')).toBe('/console/map');
    const calls = server.requests('POST', '/work-orders/import');
    expect(calls.map((r) => r.query.get('dryRun'))).toEqual(['1', null]);
    expect(calls[1]?.body).toBe('customer_code\nPA07BT0012345\n');
  });

  it('refuses a file that is not CSV before sending anything', async () => {
    const server = fakeServer({});
    await renderConsole(<ImportPage me={supervisor} />, { transport: server.transport });

    pick(csvFile('%PDF', 'export.pdf', 'application/pdf'));

    expect((await screen.findByRole('alert')).textContent).toContain('không phải CSV');
    expect(server.seen).toHaveLength(0);
  });

  it('checks name, emptiness and size client-side', () => {
    expect(checkImportFile({ name: 'a.csv', size: 10, type: 'text/csv' })).toBeNull();
    expect(checkImportFile({ name: 'A.CSV', size: 10, type: 'application/vnd.ms-excel' })).toBeNull();
    expect(checkImportFile({ name: 'a.xlsx', size: 10, type: '' })).toBe('notCsv');
    expect(checkImportFile({ name: 'a.csv', size: 0, type: 'text/csv' })).toBe('emptyFile');
    expect(checkImportFile({ name: 'a.csv', size: 101, type: 'text/csv' }, 100)).toBe('tooLarge');
  });

  it('has a Vietnamese sentence for every import error code', () => {
    for (const code of IMPORT_ERROR_CODES) expect(importVi.codes[code].length).toBeGreaterThan(10);
  });

  it('lets an admin import only after choosing the team, and sends it', async () => {
    const team = { id: '00000000-0000-4000-8000-00000000aaaa', name: 'Cà Mau', province: 'Cà Mau' };
    const server = fakeServer({ 'GET /teams': () => ({ body: { items: [team] } }), 'POST /work-orders/import': importEndpoint(() => false) });
    await renderConsole(<ImportPage me={makeMe({ role: 'admin', teamId: null, teamName: null })} />, { transport: server.transport });

    expect(screen.getByText(/Chọn đội nhận các công việc/)).toBeTruthy();
    expect(document.querySelector('input[type="file"]')).toBeNull();
    await screen.findByRole('option', { name: 'Cà Mau (Cà Mau)' });
    fireEvent.change(screen.getByLabelText('Nhập vào đội'), { target: { value: team.id } });
    pick(csvFile('x\n'));

    await screen.findByText('12 dòng hợp lệ: 9 mới, 3 cập nhật.');
    await waitFor(() => expect(server.requests('POST', '/work-orders/import')[0]?.query.get('teamId')).toBe(team.id));
  });
});
