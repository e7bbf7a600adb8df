import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CompletionAmendArgs } from '../../src/domain/protocol/mutations';
import { CapturePage } from '../../src/features/technician/capture/CapturePage';
import type { CaptureDevices } from '../../src/features/technician/capture/CaptureDevices';
import { WorkOrderDetailPage } from '../../src/features/technician/workOrders/WorkOrderDetailPage';
import { WorkOrderListPage } from '../../src/features/technician/workOrders/WorkOrderListPage';
import { applyPull, openUserDatabase, type RecordRow, type UserDatabase } from '../../src/local';
import { finishAmend, loadAmendDraft, saveAmendDraft, saveAmendReason, startAmend } from '../../src/local/amend';
import { fixNear, photoId, SITE } from './support/captureFixtures';
import { fakePlatform } from './support/fakePlatform';
import { makeMe, makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { renderPage } from './support/render';
import { completionChange, completionView, returnedReview, reviewChange, sentArgs } from './support/returnFixtures';

const opened: UserDatabase[] = [];
const deps = { uuid: testUuid, now: () => Date.parse('2026-11-24T09:00:00Z') };

afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** A swap recorded on this device, then returned by the supervisor with a two-line note. */
async function returnedOnDevice() {
  const db = await openUserDatabase(testUuid(), deps);
  opened.push(db);
  const wo = makeWorkOrder({ ...SITE, customerName: 'Hoàng Thị Mai', status: 'returned', version: 3 });
  const args = sentArgs(wo.id);
  const record: RecordRow = {
    kind: 'swap',
    id: args.completionId,
    workOrderId: wo.id,
    workOrder: wo,
    technicianName: 'Lê Văn Kỹ',
    seq: 1,
    day: '2026-11-24',
    createdAt: 1,
    args,
    recordNo: 'BB-20261124-ABCDEF12',
  };
  await db.records.add(record);
  const review = returnedReview({ workOrderId: wo.id, completionId: args.completionId, note: 'Chỉ số tháo sai, đọc lại.\nChụp lại ảnh mã chì.' });
  await applyPull(db, page([upsert(wo), reviewChange(review)]));
  return { db, wo, review };
}

const devices: CaptureDevices = {
  geolocation: { current: () => Promise.resolve({ ok: true, fix: fixNear() }), watch: () => () => undefined },
  photos: { process: () => Promise.reject(new Error('no camera in this test')), dispose: () => undefined },
  estimateStorage: () => Promise.resolve({ usage: 1, quota: 10 ** 10 }),
};

describe('a returned record on the technician device', () => {
  it('shows in the list among open work as "Bị trả lại" with the first line of the note', async () => {
    const { db, wo } = await returnedOnDevice();
    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });
    const row = (await screen.findByText(wo.customerName)).closest('a');
    if (row === null) throw new Error('row not found');
    expect(within(row).getByText('Bị trả lại')).toBeTruthy();
    expect((await within(row).findByTestId('return-note')).textContent).toBe('Tổ trưởng: Chỉ số tháo sai, đọc lại.');
  });

  it('detail shows the whole note, when it was returned, and "Sửa và gửi lại" opens a correction', async () => {
    const { db, wo, review } = await returnedOnDevice();
    await renderPage(<WorkOrderDetailPage />, { db, platform: fakePlatform(), path: `/work-orders/${wo.id}`, route: '/work-orders/:id' });
    const section = await screen.findByTestId('returned-section');
    expect(within(section).getByTestId('return-note').textContent).toContain('Chụp lại ảnh mã chì.');
    expect(
      within(section).getByText(/Tổ trưởng trả lại biên bản lúc 15:00 24\/11\/2026|Tổ trưởng trả lại biên bản lúc 24\/11\/2026 15:00/),
    ).toBeTruthy();
    expect(screen.getByText('Bị trả lại', { selector: '.chip' })).toBeTruthy();

    fireEvent.click(within(section).getByRole('button', { name: 'Sửa và gửi lại' }));
    await waitFor(async () => expect(await loadAmendDraft(db, wo.id)).not.toBeNull());
    expect((await loadAmendDraft(db, wo.id))?.reviewId).toBe(review.id);
  });

  it('after the correction is queued: "Hoàn thành" with "Đã sửa — chờ gửi", in the list and on the detail page', async () => {
    const { db, wo } = await returnedOnDevice();
    const opened = await startAmend(db, wo, deps);
    if (!opened.ok) throw new Error(opened.error);
    await saveAmendDraft(
      db,
      {
        draft: {
          ...opened.value.draft,
          removed: { ...opened.value.draft.removed, readings: { ...opened.value.draft.removed.readings, total: '1301' } },
        },
      },
      0,
    );
    await saveAmendReason(db, wo.id, 'Đọc lại chỉ số tháo', 0);
    const done = await finishAmend(db, { workOrder: wo, technicianName: 'Lê Văn Kỹ', installedSerialsUsedToday: [] }, deps);
    expect(done.ok).toBe(true);

    await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });
    const row = (await screen.findByText(wo.customerName)).closest('a');
    if (row === null) throw new Error('row not found');
    expect(within(row).getByText('Hoàn thành')).toBeTruthy();
    expect(await within(row).findByText('Đã sửa — chờ gửi')).toBeTruthy();
    expect(within(row).queryByTestId('return-note')).toBeNull();
    cleanup();

    await renderPage(<WorkOrderDetailPage />, { db, platform: fakePlatform(), path: `/work-orders/${wo.id}`, route: '/work-orders/:id' });
    const status = await screen.findByTestId('amendment-status');
    expect(status.textContent).toContain('Đọc lại chỉ số tháo');
    expect(status.textContent).toContain('Đã sửa — chờ gửi');
    expect(screen.queryByTestId('returned-section')).toBeNull();
  });

  it('the correction screen shows the note, has no failed-visit button, asks "Lý do sửa" and refuses an unchanged record', async () => {
    const { db, wo } = await returnedOnDevice();
    const started = await startAmend(db, wo, deps);
    if (!started.ok) throw new Error(started.error);
    // Resumes at the saved step: the last one (jsdom has no canvas for the signature pad of step 4).
    await saveAmendDraft(db, { draft: { ...started.value.draft, step: 'cashless' } }, 0);
    await renderPage(<CapturePage me={makeMe()} devices={devices} />, {
      db,
      platform: fakePlatform(),
      path: `/work-orders/${wo.id}/capture`,
      route: '/work-orders/:id/capture',
    });

    expect(await within(await screen.findByTestId('amend-banner')).findByText(/Chỉ số tháo sai, đọc lại\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Không thực hiện được' })).toBeNull();
    expect(screen.getByText('Bước 5/5')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Lý do sửa (đã sửa gì)'), { target: { value: 'Không đổi gì' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi lại' }));
    expect((await screen.findByTestId('amend-refusal')).textContent).toContain('Chưa có gì thay đổi');
    expect(await db.outbox.count()).toBe(0);

    fireEvent.change(screen.getByLabelText('Ghi chú (không bắt buộc)'), { target: { value: 'Khách xác nhận lại chỉ số' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi lại' }));
    expect(await screen.findByRole('heading', { name: 'Đã sửa biên bản' })).toBeTruthy();
    const row = await db.outbox.get(1);
    expect(row?.name).toBe('completion.amend');
    expect((row?.args as CompletionAmendArgs).patch).toEqual({ notes: 'Khách xác nhận lại chỉ số' });
    expect((row?.args as CompletionAmendArgs).reason).toBe('Không đổi gì');
  });

  it('a record made on another device opens from the server copy; its photos load from the server, or say "Ảnh đã gửi" offline', async () => {
    const db = await openUserDatabase(testUuid(), deps);
    opened.push(db);
    const wo = makeWorkOrder({ ...SITE, status: 'returned', version: 3 });
    const completion = completionView(sentArgs(wo.id));
    await applyPull(
      db,
      page([upsert(wo), reviewChange(returnedReview({ workOrderId: wo.id, completionId: completion.id })), completionChange(completion)]),
    );
    const started = await startAmend(db, wo, deps);
    expect(started.ok && started.value.source).toBe('server');
    await renderPage(<CapturePage me={makeMe()} devices={devices} />, {
      db,
      platform: fakePlatform(),
      path: `/work-orders/${wo.id}/capture`,
      route: '/work-orders/:id/capture',
    });

    const firstPhoto = () => screen.getAllByRole('img', { name: /^Ảnh 1: / })[0];
    // The photo's source comes after IndexedDB reads that can take over a second on a loaded 2-core machine.
    await waitFor(() => expect(firstPhoto()?.getAttribute('src')).toBe(`/api/v1/photos/${photoId('a1')}`), { timeout: 5_000 });
    const first = firstPhoto();
    if (first === undefined) throw new Error('no photo');
    fireEvent.error(first);
    expect(await screen.findByText('Ảnh đã gửi')).toBeTruthy();
  });
});
