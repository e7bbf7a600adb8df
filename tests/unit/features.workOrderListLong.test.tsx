import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_ROWS, MORE_ROWS, WorkOrderListPage } from '../../src/features/technician/workOrders/WorkOrderListPage';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { fakePlatform } from './support/fakePlatform';
import { renderPage } from './support/render';

// A long day (bench/device.ts uses 500): the first screenful renders at once, the rest right after it.

const opened: UserDatabase[] = [];

afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const today = '2026-11-24';
const COUNT = FIRST_ROWS + 3 * MORE_ROWS + 5;

async function longDay(): Promise<UserDatabase> {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const orders = Array.from({ length: COUNT }, (_, i) =>
    makeWorkOrder({ routeOrder: COUNT - i, plannedDate: today, customerName: `Khách số ${COUNT - i}` }),
  );
  await applyPull(db, page(orders.map(upsert)));
  return db;
}

const names = () => screen.getAllByTestId('work-order-row').map((row) => within(row).getByText(/^Khách số/).textContent);

describe('work-order list page with a long day', () => {
  it('ends up showing every row, in route order, though they are rendered a screenful at a time', async () => {
    const db = await longDay();
    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });

    expect(await screen.findByText(`${COUNT}/${COUNT} công việc`)).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId('work-order-row')).toHaveLength(COUNT));
    expect(names()).toEqual(Array.from({ length: COUNT }, (_, i) => `Khách số ${i + 1}`));
  });

  it('shows the whole list again after a search is cleared', async () => {
    const db = await longDay();
    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });
    await waitFor(() => expect(screen.getAllByTestId('work-order-row')).toHaveLength(COUNT));

    fireEvent.change(screen.getByLabelText('Tìm kiếm'), { target: { value: `khach so ${COUNT}` } });
    await waitFor(() => expect(names()).toEqual([`Khách số ${COUNT}`]));
    fireEvent.change(screen.getByLabelText('Tìm kiếm'), { target: { value: '' } });
    await waitFor(() => expect(screen.getAllByTestId('work-order-row')).toHaveLength(COUNT));
    expect(names()[0]).toBe('Khách số 1');
  });
});
