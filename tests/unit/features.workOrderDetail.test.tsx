import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkOrderDetailPage } from '../../src/features/technician/workOrders/WorkOrderDetailPage';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { fakePlatform } from './support/fakePlatform';
import { renderPage } from './support/render';

const opened: UserDatabase[] = [];

afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function showDetail(wo = makeWorkOrder()) {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  await applyPull(db, page([upsert(wo)]));
  await renderPage(<WorkOrderDetailPage />, {
    db,
    platform: fakePlatform(),
    path: `/work-orders/${wo.id}`,
    route: '/work-orders/:id',
  });
  return wo;
}

describe('work-order detail page', () => {
  it('shows the customer, the old meter and a big call button', async () => {
    const wo = await showDetail(makeWorkOrder({ customerName: 'Đỗ Thị Lan', phone: '0912 345 678', lastBilledReading: 12345.5 }));

    expect(await screen.findByRole('heading', { name: 'Đỗ Thị Lan' })).toBeTruthy();
    expect(screen.getByText(wo.customerCode)).toBeTruthy();
    expect(screen.getByText(wo.oldMeterSerial)).toBeTruthy();
    expect(screen.getByText('12.345,5')).toBeTruthy();
    expect(screen.getByText('24/11/2026')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Gọi/ }).getAttribute('href')).toBe('tel:0912345678');
  });

  it('links the location to the map app and to a web map, with the coordinates as text', async () => {
    await showDetail(makeWorkOrder({ lat: 19.80712, lng: 105.776 }));

    expect((await screen.findByRole('link', { name: /Mở bản đồ/ })).getAttribute('href')).toBe('geo:19.80712,105.776?q=19.80712,105.776');
    expect(screen.getByRole('link', { name: /OpenStreetMap/ }).getAttribute('href')).toContain('mlat=19.80712&mlon=105.776');
    expect(screen.getByText('19.80712, 105.77600')).toBeTruthy();
  });

  it('says the work order is not on this device when it was revoked', async () => {
    const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
    opened.push(db);
    await renderPage(<WorkOrderDetailPage />, {
      db,
      platform: fakePlatform(),
      path: `/work-orders/${testUuid()}`,
      route: '/work-orders/:id',
    });

    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Quay lại danh sách/ })).toBeTruthy();
  });
});
