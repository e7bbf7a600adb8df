import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StockItem } from '../../src/domain/stock/stock';
import { CapturePage } from '../../src/features/technician/capture/CapturePage';
import type { CaptureDevices } from '../../src/features/technician/capture/CaptureDevices';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import { startVisit } from '../../src/local/capture';
import { loadSwapDraft, saveSwapDraft } from '../../src/local/drafts';
import { openStockVoid, recordStockVoid, saveStockVoidDraft } from '../../src/local/stockVoid';
import { HandoverSummary } from '../../src/features/technician/capture/record/HandoverSummary';
import { useCaptureMessages } from '../../src/i18n/capture/useCaptureMessages';
import { SITE } from './support/captureFixtures';
import { fakePlatform } from './support/fakePlatform';
import { makeMe, makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { renderPage } from './support/render';

const opened: UserDatabase[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const devices: CaptureDevices = {
  geolocation: { current: () => Promise.resolve({ ok: false, error: 'unavailable' }), watch: () => () => undefined },
  photos: { process: () => Promise.reject(new Error('no camera in this test')), dispose: () => undefined },
  estimateStorage: () => Promise.resolve({ usage: 0, quota: 1e12 }),
};

const held = (code: string, over: Partial<StockItem> = {}): StockItem => ({
  id: testUuid(),
  kind: 'meter',
  code,
  teamId: testUuid(),
  model: 'DDS26D-RF',
  phases: 1,
  manufactureYear: 2026,
  verifiedOn: '2026-10-15',
  verificationNo: 'KD-1',
  remoteRead: 'rf_mesh',
  sealKind: null,
  lot: null,
  holder: { kind: 'technician', id: testUuid(), name: 'Nguyễn Văn Hùng' },
  since: '2026-11-24T03:00:00.000Z',
  pliersNumber: null,
  ...over,
});

async function atInstalled() {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const wo = makeWorkOrder({ ...SITE, phases: 1 });
  const seal = held('SA0001', {
    kind: 'seal',
    model: null,
    phases: null,
    manufactureYear: null,
    verifiedOn: null,
    remoteRead: null,
    sealKind: 'box',
  });
  await applyPull(
    db,
    page([
      upsert(wo),
      ...[held('DL0001'), held('DL0003', { phases: 3 }), seal].map((i) => ({
        entity: 'stockItem' as const,
        op: 'upsert' as const,
        id: i.id,
        version: 2,
        data: i,
      })),
    ]),
  );
  const draft = await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
  await saveSwapDraft(db, { draft: { ...draft, step: 'installed' } }, 0);
  await renderPage(<CapturePage me={makeMe()} devices={devices} />, {
    db,
    platform: fakePlatform(),
    path: `/work-orders/${wo.id}/capture`,
    route: '/work-orders/:id/capture',
  });
  await screen.findByRole('heading', { name: 'Công tơ treo' });
  return { db, wo };
}

describe("the installed meter from the technician's stock (issue 16 §3)", () => {
  it('fills model, manufacture year, verification date and remote-read type when the serial is one the technician holds', async () => {
    const { db, wo } = await atInstalled();
    fireEvent.change(screen.getByLabelText('Số công tơ'), { target: { value: 'dl0001' } });
    expect(await screen.findByText(/Công tơ DL0001 có trong vật tư của bạn/)).toBeTruthy();
    await waitFor(async () =>
      expect((await loadSwapDraft(db, wo.id))?.installed).toMatchObject({
        model: 'DDS26D-RF',
        manufactureYear: '2026',
        verificationDate: '2026-10-15',
        remoteRead: 'rf_mesh',
      }),
    );
    expect(screen.queryByText(/không có trong vật tư bạn đang giữ/)).toBeNull();
  });

  it('warns at the field about a serial not held, a meter of the wrong phases and a seal not held', async () => {
    await atInstalled();
    fireEvent.change(screen.getByLabelText('Số công tơ'), { target: { value: 'ZZ0009' } });
    expect(await screen.findByText('Công tơ ZZ0009 không có trong vật tư bạn đang giữ. Kiểm tra lại số công tơ, hoặc báo giám sát.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Số công tơ'), { target: { value: 'DL0003' } });
    expect(await screen.findByText(/Công tơ này là loại 3 pha, công việc cần 1 pha/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Mã chì'), { target: { value: 'SX0001' } });
    expect(await screen.findByText(/Niêm chì SX0001 không có trong vật tư bạn đang giữ/)).toBeTruthy();
  });

  it('asks for the reason right at the step when the stock warns, shows its error once the technician tries to go on, and keeps it in the draft', async () => {
    const { db, wo } = await atInstalled();
    const reason = 'Lý do vẫn dùng công tơ / niêm chì này';
    // A held meter: no reason asked.
    fireEvent.change(screen.getByLabelText('Số công tơ'), { target: { value: 'DL0001' } });
    await screen.findByText(/Công tơ DL0001 có trong vật tư của bạn/);
    expect(screen.queryByLabelText(reason)).toBeNull();

    fireEvent.change(screen.getByLabelText('Số công tơ'), { target: { value: 'ZZ0009' } });
    const field = await screen.findByLabelText(reason);
    expect(screen.queryByText('Ghi lý do vẫn dùng công tơ / niêm chì này (giám sát sẽ xem lại).')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(await screen.findByText('Ghi lý do vẫn dùng công tơ / niêm chì này (giám sát sẽ xem lại).')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Công tơ treo' })).toBeTruthy();

    fireEvent.change(field, { target: { value: 'Giám sát giao thêm tại hiện trường' } });
    await waitFor(() => expect(screen.queryByText('Ghi lý do vẫn dùng công tơ / niêm chì này (giám sát sẽ xem lại).')).toBeNull());
    // The warning stays: the supervisor reviews it.
    expect(screen.getByText(/Công tơ ZZ0009 không có trong vật tư bạn đang giữ/)).toBeTruthy();
    await waitFor(async () => expect((await loadSwapDraft(db, wo.id))?.installed.stockNote).toBe('Giám sát giao thêm tại hiện trường'));
  });

  it('warns about a seal this device already reported broken (it counts as used, and the warning says it was reported)', async () => {
    const { db } = await atInstalled();
    const form = await openStockVoid(db, { kind: 'seal', code: 'SA0001' }, { uuid: testUuid, now: () => 0 });
    const photo = 'a'.repeat(64);
    await saveStockVoidDraft(
      db,
      { draft: { ...form, reason: 'broken', photoIds: [photo] }, addPhotos: [{ photoId: photo, mime: 'image/jpeg', bytes: new ArrayBuffer(4) }] },
      0,
    );
    expect((await recordStockVoid(db, { kind: 'seal', code: 'SA0001' }, { uuid: testUuid, now: () => 0 })).ok).toBe(true);
    fireEvent.change(screen.getByLabelText('Mã chì'), { target: { value: 'sa0001' } });
    expect(await screen.findByText('Niêm chì SA0001 đã báo hỏng / mất. Dùng niêm chì mới.')).toBeTruthy();
    expect(await screen.findByLabelText('Lý do vẫn dùng công tơ / niêm chì này')).toBeTruthy();
  });
});

describe('the bag label of the removed meter (issue 16 §3)', () => {
  it('is an optional field with a scan button on the removed-meter step, and the summary shows it with the reason', async () => {
    const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
    opened.push(db);
    const wo = makeWorkOrder({ ...SITE, phases: 1 });
    await applyPull(db, page([upsert(wo)]));
    const draft = await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    await saveSwapDraft(db, { draft }, 0);
    await renderPage(<CapturePage me={makeMe()} devices={devices} />, {
      db,
      platform: fakePlatform(),
      path: `/work-orders/${wo.id}/capture`,
      route: '/work-orders/:id/capture',
    });
    const label = await screen.findByLabelText('Số túi / nhãn niêm phong công tơ tháo (không bắt buộc)');
    expect(label.closest('.field')?.querySelector('button')?.textContent).toContain('Quét mã');
    fireEvent.change(label, { target: { value: 'tui-0007' } });
    await waitFor(async () => expect((await loadSwapDraft(db, wo.id))?.removed.bagLabel).toBe('TUI-0007'));
    cleanup();

    // The customer's summary (the handover step) shows both; rendered alone: the step's signature pads need a canvas.
    const saved = await loadSwapDraft(db, wo.id);
    if (saved === null) throw new Error('no draft');
    const withNote = { ...saved, installed: { ...saved.installed, stockNote: 'Giám sát giao thêm' } };
    function Summary() {
      useCaptureMessages();
      return <HandoverSummary draft={withNote} customerName={wo.customerName} />;
    }
    await renderPage(<Summary />, { db, platform: fakePlatform() });
    const summary = await screen.findByTestId('handover-summary');
    expect(summary.textContent).toContain('Số túi / nhãn niêm phong: TUI-0007');
    expect(summary.textContent).toContain('Lý do dùng vật tư ngoài danh sách: Giám sát giao thêm');
  });
});
