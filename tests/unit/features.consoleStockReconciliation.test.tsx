import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Reconciliation, type ReconciliationRow } from '../../src/domain/stock/reconciliation';
import { StockReconciliation } from '../../src/features/console/stock/StockReconciliation';
import { testUuid } from './support/fixtures';
import { fakePlatform } from './support/fakePlatform';
import { fakeServer, renderConsole } from './support/consoleHarness';

afterEach(cleanup);

const tech1 = testUuid();
const tech2 = testUuid();
const order = testUuid();
const photo = 'ab'.repeat(32);

const row = (technicianId: string, name: string, overrides: Partial<ReconciliationRow> = {}): ReconciliationRow => ({
  technicianId,
  name,
  swaps: 0,
  openingMeters: 0,
  openingSeals: 0,
  issuedMeters: 0,
  issuedSeals: 0,
  returnedMeters: 0,
  returnedSeals: 0,
  returnedRemoved: 0,
  installedMeters: 0,
  sealsUsed: 0,
  voidedMeters: 0,
  voidedSeals: 0,
  removedTaken: 0,
  onHandMeters: 0,
  onHandSeals: 0,
  toReturn: 0,
  ...overrides,
});

function report(date: string, returnDays: number): Reconciliation {
  return Reconciliation.parse({
    date,
    teamId: testUuid(),
    returnDays,
    from: '2026-11-23T17:00:00.000Z',
    to: '2026-11-24T17:00:00.000Z',
    technicians: [
      row(tech1, 'Nguyễn Văn Hùng', { swaps: 2, issuedMeters: 20, issuedSeals: 1200, installedMeters: 1, onHandMeters: 19, toReturn: 1 }),
      row(tech2, 'Trịnh Thị Hoa'),
    ],
    flags: [
      {
        code: 'installed_not_issued',
        technicianId: tech1,
        technicianName: 'Nguyễn Văn Hùng',
        itemKind: 'meter',
        itemCode: 'DT0099',
        workOrderId: order,
        workOrderCode: 'PC07-0001',
        at: '2026-11-24T03:00:00.000Z',
        days: null,
        photoIds: [],
      },
      {
        code: 'removed_not_returned',
        technicianId: tech1,
        technicianName: 'Nguyễn Văn Hùng',
        itemKind: 'removed',
        itemCode: 'OLD0001',
        workOrderId: order,
        workOrderCode: 'PC07-0001',
        at: '2026-11-19T03:00:00.000Z',
        days: 5,
        photoIds: [],
      },
      {
        code: 'void_not_held',
        technicianId: tech1,
        technicianName: 'Nguyễn Văn Hùng',
        itemKind: 'seal',
        itemCode: 'SA0001',
        workOrderId: null,
        workOrderCode: null,
        at: '2026-11-24T04:30:00.000Z',
        days: null,
        photoIds: [photo],
      },
    ],
  });
}

describe('console stock: end-of-day reconciliation (issue 16 §4)', () => {
  it("asks for today's reconciliation, shows the figures per technician and each difference in Vietnamese with its order", async () => {
    const server = fakeServer({
      'GET /stock/reconciliation': (r) => ({ body: report(r.query.get('date') ?? '', Number(r.query.get('returnDays'))) }),
    });
    await renderConsole(<StockReconciliation />, { transport: server.transport, platform: fakePlatform() });

    const table = await screen.findByRole('table', { name: 'Đối chiếu vật tư ngày 24/11/2026' });
    expect(server.requests('GET', '/stock/reconciliation')[0]?.query.toString()).toBe('date=2026-11-24&returnDays=3');
    const hung = within(table).getByRole('row', { name: /Nguyễn Văn Hùng/ });
    expect(
      within(hung)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2', '0', '20', '0', '1', '0', '19', '0', '1.200', '0', '0', '0', '0', '0', '0', '1']);
    // Two header rows: the groups over their short sub-headers; each cell names its row, group and sub-header.
    const groups = within(table)
      .getAllByRole('columnheader')
      .filter((th) => th.getAttribute('scope') === 'colgroup');
    expect(groups.map((th) => [th.textContent, th.getAttribute('colspan')])).toEqual([
      ['Công tơ mới', '6'],
      ['Niêm chì', '6'],
      ['Công tơ tháo', '3'],
    ]);
    const headersOf = (cell: HTMLElement) =>
      (cell.getAttribute('headers') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? `missing ${id}`);
    const cells = within(hung).getAllByRole('cell');
    expect(headersOf(cells[15] as HTMLElement)).toEqual(['Nguyễn Văn Hùng', 'Công tơ tháo', 'Phải trả']);
    expect(headersOf(cells[8] as HTMLElement)).toEqual(['Nguyễn Văn Hùng', 'Niêm chì', 'Nhận']);
    expect(headersOf(cells[0] as HTMLElement)).toEqual(['Nguyễn Văn Hùng', 'Số ca thay']);
    expect(within(table).getByRole('columnheader', { name: 'Phải trả' }).getAttribute('title')).toBe('Công tơ tháo phải trả');

    expect(screen.getByText('Chênh lệch cần kiểm tra: 3')).toBeTruthy();
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'Nguyễn Văn Hùng lắp công tơ DT0099 ở lệnh PC07-0001 lúc 24/11/2026 10:00 nhưng công tơ này không được cấp cho Nguyễn Văn Hùng. Hỏi lý do và kiểm tra phiếu cấp. Xem lệnh PC07-0001',
      'Nguyễn Văn Hùng giữ công tơ tháo OLD0001 (lệnh PC07-0001) đã 5 ngày mà chưa trả kho. Nhắc kỹ thuật viên mang về kho. Xem lệnh PC07-0001',
      'Nguyễn Văn Hùng báo hủy mã SA0001 lúc 24/11/2026 11:30 nhưng không giữ mã này. Xem ảnh kèm theo và kiểm tra lại mã.Ảnh hủy SA0001 (1)',
    ]);
    const links = within(items[0] as HTMLElement).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual([`/console/reviews?workOrder=${order}`]);
    expect(within(items[2] as HTMLElement).queryAllByRole('link')).toEqual([]);
    // The void's photo, as the review shows photos: a thumbnail that opens full size.
    expect(within(items[0] as HTMLElement).queryAllByRole('img')).toEqual([]);
    const thumb = within(items[2] as HTMLElement).getByRole('img', { name: 'Ảnh hủy SA0001 (1)' });
    expect(thumb.getAttribute('src')).toBe(`/api/v1/photos/${photo}`);
    fireEvent.click(within(items[2] as HTMLElement).getByRole('button', { name: 'Phóng to ảnh Ảnh hủy SA0001 (1)' }));
    const zoom = screen.getByRole('dialog', { name: 'Ảnh hủy SA0001 (1)' });
    expect(within(zoom).getByRole('img').getAttribute('src')).toBe(`/api/v1/photos/${photo}`);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();

    const csv = screen.getByRole('link', { name: 'Tải CSV đối chiếu' });
    expect(csv.getAttribute('href')).toBe('/api/v1/stock/reconciliation.csv?date=2026-11-24&returnDays=3');
  });

  it('asks again for another day and another number of return days; a bad number asks for nothing and says why', async () => {
    const server = fakeServer({
      'GET /stock/reconciliation': (r) => ({ body: report(r.query.get('date') ?? '', Number(r.query.get('returnDays'))) }),
    });
    await renderConsole(<StockReconciliation teamId={tech2} />, { transport: server.transport, platform: fakePlatform() });
    await screen.findByRole('table');

    const days = screen.getByLabelText('Hạn trả công tơ tháo (ngày)');
    fireEvent.change(days, { target: { value: '0' } });
    expect(screen.getByRole('alert').textContent).toBe('Nhập số ngày từ 1 đến 60.');
    expect(screen.queryByRole('link', { name: 'Tải CSV đối chiếu' })).toBeNull();
    fireEvent.change(days, { target: { value: '7' } });
    const date = screen.getByLabelText('Ngày đối chiếu');
    fireEvent.change(date, { target: { value: '20/11/2026' } });
    fireEvent.blur(date);
    await waitFor(() =>
      expect(server.requests('GET', '/stock/reconciliation').map((r) => r.query.toString())).toContain(
        `date=2026-11-20&returnDays=7&teamId=${tech2}`,
      ),
    );
    expect(server.requests('GET', '/stock/reconciliation').some((r) => r.query.get('returnDays') === '0')).toBe(false);
    await screen.findByRole('table', { name: 'Đối chiếu vật tư ngày 20/11/2026' });
    expect(screen.getByRole('link', { name: 'Tải CSV đối chiếu' }).getAttribute('href')).toBe(
      `/api/v1/stock/reconciliation.csv?date=2026-11-20&returnDays=7&teamId=${tech2}`,
    );
  });

  it('says so when the day has no differences', async () => {
    const empty = { ...report('2026-11-24', 3), flags: [] };
    const server = fakeServer({ 'GET /stock/reconciliation': () => ({ body: empty }) });
    await renderConsole(<StockReconciliation />, { transport: server.transport, platform: fakePlatform() });
    expect(await screen.findByText('Không có chênh lệch nào trong ngày này.')).toBeTruthy();
    expect(screen.queryAllByRole('listitem')).toEqual([]);
  });
});
