import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkOrderListPage } from '../../src/features/technician/workOrders/WorkOrderListPage';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { fakePlatform } from './support/fakePlatform';
import { renderPage } from './support/render';

const opened: UserDatabase[] = [];

async function databaseWith(orders: ReturnType<typeof makeWorkOrder>[]): Promise<UserDatabase> {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  await applyPull(db, page(orders.map(upsert)));
  return db;
}

afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

// The fake clock reads 2026-11-24 10:00 in Vietnam.
const today = '2026-11-24';

describe('work-order list page', () => {
  it("shows today's work orders in route order with name, address, meter serial, status and route number", async () => {
    const db = await databaseWith([
      makeWorkOrder({ routeOrder: 3, customerName: 'Phạm Văn Ba', plannedDate: today }),
      makeWorkOrder({ routeOrder: 1, customerName: 'Nguyễn Thị Một', plannedDate: today, oldMeterSerial: '00012345' }),
      makeWorkOrder({ routeOrder: 2, customerName: 'Trần Văn Hai', plannedDate: today, status: 'in_progress' }),
      makeWorkOrder({ routeOrder: 0, customerName: 'Ngày mai', plannedDate: '2026-11-25' }),
    ]);
    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });

    const rows = await screen.findAllByTestId('work-order-row');
    expect(rows.map((r) => within(r).getByText(/^(Nguyễn|Trần|Phạm)/).textContent)).toEqual(['Nguyễn Thị Một', 'Trần Văn Hai', 'Phạm Văn Ba']);
    const first = rows[0]!;
    expect(within(first).getByTestId('route-order').textContent).toBe('Số thứ tự 1');
    expect(within(first).getByText('Thôn 3, xã Hoằng Hóa')).toBeTruthy();
    expect(within(first).getByText('00012345')).toBeTruthy();
    expect(within(first).getByText('Chưa thực hiện')).toBeTruthy();
    expect(within(rows[1]!).getByText('Đang thực hiện')).toBeTruthy();
    expect(first.getAttribute('href')).toMatch(/^\/work-orders\//);
    expect(screen.getByText('3/3 công việc')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Danh sách công việc' })).toBeTruthy();
  });

  it('flags open work from an earlier day as overdue', async () => {
    const db = await databaseWith([makeWorkOrder({ plannedDate: '2026-11-22', customerName: 'Hoàng Văn Trễ' })]);
    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });

    const [row] = await screen.findAllByTestId('work-order-row');
    expect(within(row!).getByText(/Quá hạn/).textContent).toContain('22/11/2026');
  });

  it('filters by a search typed without diacritics and by status', async () => {
    const db = await databaseWith([
      makeWorkOrder({ routeOrder: 1, customerName: 'Nguyễn Văn Đức', status: 'assigned' }),
      makeWorkOrder({ routeOrder: 2, customerName: 'Lê Thị Hoa', status: 'in_progress' }),
    ]);
    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });
    await screen.findAllByTestId('work-order-row');

    fireEvent.change(screen.getByLabelText('Tìm kiếm'), { target: { value: 'van duc' } });
    expect(await screen.findByText('1/2 công việc')).toBeTruthy();
    expect(screen.getAllByTestId('work-order-row')).toHaveLength(1);

    fireEvent.change(screen.getByLabelText('Tìm kiếm'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Trạng thái'), { target: { value: 'in_progress' } });
    // The count reads 1/2 for the search too: wait for the row itself, which only the status filter leaves.
    await waitFor(() => expect(within(screen.getByTestId('work-order-row')).getByText('Lê Thị Hoa')).toBeTruthy());
    expect(screen.getByText('1/2 công việc')).toBeTruthy();
  });

  it('says what to do when there is no work yet', async () => {
    const db = await databaseWith([]);
    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });

    expect(await screen.findByText(/Hôm nay chưa có công việc nào/)).toBeTruthy();
    expect(screen.queryAllByTestId('work-order-row')).toHaveLength(0);
  });
});
