import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GpsFix } from '../../src/domain/map/geo';
import { CapturePage } from '../../src/features/technician/capture/CapturePage';
import type { CaptureDevices } from '../../src/features/technician/capture/CaptureDevices';
import { WorkOrderDetailPage } from '../../src/features/technician/workOrders/WorkOrderDetailPage';
import { applyPull, openUserDatabase, type RecordRow, type UserDatabase } from '../../src/local';
import { startVisit } from '../../src/local/capture';
import { loadSwapDraft, saveSwapDraft } from '../../src/local/drafts';
import { STORAGE_MIN_FREE_BYTES } from '../../src/domain/capture/captureRules';
import { swapDraftToArgs } from '../../src/domain/capture/swapArgs';
import { completeDraft, fixNear, photoId, SITE, swapContext } from './support/captureFixtures';
import { fakePlatform, settle } from './support/fakePlatform';
import { makeMe, makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { renderPage } from './support/render';

const opened: UserDatabase[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function setup() {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const wo = makeWorkOrder({ ...SITE });
  await applyPull(db, page([upsert(wo)]));
  return { db, wo };
}

function fakeDevices(options: { free?: number; fix?: GpsFix } = {}): CaptureDevices & { processed: string[][] } {
  const processed: string[][] = [];
  return {
    processed,
    geolocation: {
      current: () => Promise.resolve(options.fix === undefined ? { ok: false, error: 'unavailable' } : { ok: true, fix: options.fix }),
      watch: (onFix) => {
        if (options.fix !== undefined) onFix(options.fix);
        return () => undefined;
      },
    },
    photos: {
      process: (_file, stampLines) => {
        processed.push(stampLines);
        return Promise.resolve({
          photoId: photoId('f1'),
          mime: 'image/jpeg',
          bytes: new Uint8Array([1, 2, 3]).buffer,
          width: 4,
          height: 3,
          quality: 0.7,
        });
      },
      dispose: () => undefined,
    },
    estimateStorage: () => Promise.resolve({ usage: 10_000, quota: 10_000 + (options.free ?? 10 * STORAGE_MIN_FREE_BYTES) }),
  };
}

function renderCapture(db: UserDatabase, workOrderId: string, devices: CaptureDevices) {
  return renderPage(<CapturePage me={makeMe()} devices={devices} />, {
    db,
    platform: fakePlatform(),
    path: `/work-orders/${workOrderId}/capture`,
    route: '/work-orders/:id/capture',
  });
}

describe('work-order detail: start', () => {
  it('"Bắt đầu" checks in and queues workOrder.start', async () => {
    const { db, wo } = await setup();
    await renderPage(<WorkOrderDetailPage />, { db, platform: fakePlatform(), path: `/work-orders/${wo.id}`, route: '/work-orders/:id' });
    fireEvent.click(await screen.findByRole('button', { name: 'Bắt đầu' }));
    await waitFor(async () => expect(await db.outbox.count()).toBe(1));
    expect((await db.outbox.get(1))?.name).toBe('workOrder.start');
    expect(await loadSwapDraft(db, wo.id)).not.toBeNull();
  });

  it('offers "Tiếp tục" at the saved step once started', async () => {
    const { db, wo } = await setup();
    const draft = await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    await saveSwapDraft(db, { draft: { ...draft, step: 'location' } }, 0);
    await renderPage(<WorkOrderDetailPage />, { db, platform: fakePlatform(), path: `/work-orders/${wo.id}`, route: '/work-orders/:id' });
    expect(await screen.findByText('Đang thực hiện: bước 3/5 – Vị trí')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Tiếp tục' }).getAttribute('href')).toBe(`/work-orders/${wo.id}/capture`);
  });
});

describe('capture flow', () => {
  it('resumes at the saved step with the saved values', async () => {
    const { db, wo } = await setup();
    const draft = await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    await saveSwapDraft(db, { draft: { ...draft, step: 'installed', installed: { ...draft.installed, serial: 'PS-1' } } }, 0);
    await renderCapture(db, wo.id, fakeDevices());
    expect(await screen.findByRole('heading', { name: 'Công tơ treo' })).toBeTruthy();
    expect(screen.getByText('Bước 2/5')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Số công tơ').value).toBe('PS-1');
  });

  it('writes each key of a serial and a reading to the device at once, without waiting for a pause in typing', async () => {
    const { db, wo } = await setup();
    await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    await renderCapture(db, wo.id, fakeDevices());
    await screen.findByRole('heading', { name: 'Công tơ tháo' });
    fireEvent.change(screen.getByLabelText('Số công tơ'), { target: { value: '00123456' } });
    fireEvent.change(screen.getByLabelText(/^Chỉ số tháo/), { target: { value: '1300,5' } });

    // A few event-loop turns (well under any typing pause): a hard kill now must find both on disk.
    await settle();
    const stored = await loadSwapDraft(db, wo.id);
    expect(stored?.removed.serial).toBe('00123456');
    expect(stored?.removed.readings.total).toBe('1300,5');
  });

  it('stores a picked photo with its stamp and shows what to fix before leaving a step', async () => {
    const { db, wo } = await setup();
    await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    const devices = fakeDevices({ fix: fixNear() });
    await renderCapture(db, wo.id, devices);
    // The storage line appears once the screen's effects (GPS watch included) have run.
    await screen.findByTestId('storage-line');
    const input = (await screen.findAllByTestId('camera-removed_meter'))[0]!;
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([9])], 'meter.jpg', { type: 'image/jpeg' })] } });

    await waitFor(async () => expect((await loadSwapDraft(db, wo.id))?.removed.photos.meter).toEqual([photoId('f1')]));
    expect(await db.photos.get(photoId('f1'))).toEqual(expect.objectContaining({ mime: 'image/jpeg', ownerId: wo.id }));
    expect(await db.photoBytes.get(photoId('f1'))).toEqual({ photoId: photoId('f1'), bytes: expect.anything() as unknown });
    expect(devices.processed[0]?.[0]).toBe(`${wo.customerCode} · Công tơ tháo`);
    expect(devices.processed[0]?.[1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} · GPS 19\.80010, 105\.80000 ±8 m$/);

    fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(await screen.findByText('Chọn tình trạng niêm phong.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Công tơ tháo' })).toBeTruthy();
  });

  it('refuses a photo when storage is low, before writing anything', async () => {
    const { db, wo } = await setup();
    await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    const devices = fakeDevices({ free: STORAGE_MIN_FREE_BYTES - 1 });
    await renderCapture(db, wo.id, devices);
    const input = (await screen.findAllByTestId('camera-removed_meter'))[0]!;
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([9])], 'meter.jpg', { type: 'image/jpeg' })] } });

    expect((await screen.findByRole('alert')).textContent).toMatch(/^Bộ nhớ máy gần đầy/);
    expect(devices.processed).toEqual([]);
    expect(await db.photos.count()).toBe(0);
    expect(await db.photoBytes.count()).toBe(0);
  });
});

describe('the position, on the location step and on a failed visit alike', () => {
  /** A GPS the test moves: each `emit` is the next fix the watch reports. */
  function steerableDevices() {
    const listeners: ((fix: GpsFix) => void)[] = [];
    const devices = fakeDevices();
    devices.geolocation = {
      current: () => Promise.resolve({ ok: false, error: 'unavailable' }),
      watch: (onFix) => {
        listeners.push(onFix);
        return () => listeners.splice(listeners.indexOf(onFix), 1);
      },
    };
    const emit = (fix: GpsFix) => listeners.forEach((listener) => listener(fix));
    return { devices, emit, watching: () => listeners.length };
  }
  const keptAccuracy = async (testId: string) => (await screen.findByTestId(testId)).textContent.match(/±(\d+) m/)?.[1];

  for (const where of ['location', 'failure'] as const) {
    it(`${where}: keeps the most precise fix, and "Đo lại vị trí" takes the next one even if less precise`, async () => {
      const { db, wo } = await setup();
      const draft = await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
      const opened = where === 'location' ? { ...draft, step: 'location' as const } : { ...draft, failure: { ...draft.failure, active: true } };
      await saveSwapDraft(db, { draft: opened }, 0);
      const { devices, emit, watching } = steerableDevices();
      await renderCapture(db, wo.id, devices);
      const testId = where === 'location' ? 'recorded-fix' : 'failure-fix';
      await screen.findByRole('button', { name: 'Đo lại vị trí' });
      // A fix sent before the screen watches would be lost.
      await waitFor(() => expect(watching()).toBeGreaterThan(0));

      emit(fixNear({ accuracyM: 12, at: '2026-11-24T03:10:00.000Z' }));
      await waitFor(async () => expect(await keptAccuracy(testId)).toBe('12'));
      emit(fixNear({ accuracyM: 30, at: '2026-11-24T03:10:20.000Z' }));
      emit(fixNear({ accuracyM: 9, at: '2026-11-24T03:10:40.000Z' }));
      await waitFor(async () => expect(await keptAccuracy(testId)).toBe('9'));

      fireEvent.click(screen.getByRole('button', { name: 'Đo lại vị trí' }));
      // Until a new fix arrives the kept one stays, however often the screen renders.
      fireEvent.click(screen.getByRole('button', { name: 'Đo lại vị trí' }));
      expect(await keptAccuracy(testId)).toBe('9');
      emit(fixNear({ accuracyM: 25, at: '2026-11-24T03:11:00.000Z' }));
      await waitFor(async () => expect(await keptAccuracy(testId)).toBe('25'));
    });
  }
});

describe('handover-record fields on the installed-meter step', () => {
  async function atInstalled(phases: 1 | 3, installed: Record<string, unknown> = {}) {
    const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
    opened.push(db);
    const wo = makeWorkOrder({ ...SITE, phases });
    await applyPull(db, page([upsert(wo)]));
    const draft = await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    await saveSwapDraft(db, { draft: { ...draft, step: 'installed', installed: { ...draft.installed, ...installed } } }, 0);
    await renderCapture(db, wo.id, fakeDevices());
    await screen.findByRole('heading', { name: 'Công tơ treo' });
    return { db, wo };
  }

  it('saves position, pole/box number, manufacture year and verification date as typed', async () => {
    const { db, wo } = await atInstalled(1);
    fireEvent.click(screen.getByRole('radio', { name: 'Trên cột' }));
    fireEvent.change(screen.getByLabelText('Số cột / số hòm'), { target: { value: 'Cột 12' } });
    fireEvent.change(screen.getByLabelText(/^Năm sản xuất/), { target: { value: '2025' } });
    fireEvent.change(screen.getByLabelText('Ngày kiểm định công tơ treo'), { target: { value: '2026-03-15' } });
    expect(screen.getByLabelText<HTMLInputElement>('Ngày kiểm định công tơ treo').type).toBe('date');
    await waitFor(async () =>
      expect((await loadSwapDraft(db, wo.id))?.installed).toMatchObject({
        position: 'pole',
        poleBoxNo: 'Cột 12',
        manufactureYear: '2025',
        verificationDate: '2026-03-15',
      }),
    );
  });

  it('pre-selects the remote-read type the model implies, and says so', async () => {
    await atInstalled(1, { model: 'DDS26D-RF' });
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'RF-Mesh' }).checked).toBe(true);
    expect(screen.getByTestId('remote-read-from-model').textContent).toContain('DDS26D-RF');
    fireEvent.click(screen.getByRole('radio', { name: 'PLC' }));
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'PLC' }).checked).toBe(true);
    expect(screen.queryByTestId('remote-read-from-model')).toBeNull();
  });

  it('asks for the remote-read type when the model does not say it', async () => {
    await atInstalled(1, { model: 'ME-40' });
    for (const name of ['RF-Mesh', 'PLC', 'GPRS/4G', 'NB-IoT']) expect(screen.getByRole<HTMLInputElement>('radio', { name }).checked).toBe(false);
  });

  it('shows the TI/TU editor only for a 3-phase work order, and saves its rows', async () => {
    const single = await atInstalled(1);
    expect(screen.queryByRole('button', { name: 'Thêm TI/TU' })).toBeNull();
    cleanup();
    await single.db.delete();
    const { db, wo } = await atInstalled(3);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm TI/TU' }));
    fireEvent.change(await screen.findByLabelText('Số chế tạo'), { target: { value: 'TI-001' } });
    fireEvent.change(screen.getByLabelText('Tỷ số, ví dụ 200/5'), { target: { value: '200/5' } });
    fireEvent.change(screen.getByLabelText('Hệ số nhân'), { target: { value: '40' } });
    await waitFor(async () => {
      const installed = (await loadSwapDraft(db, wo.id))?.installed;
      expect(installed?.transformers).toEqual([{ kind: 'ti', serial: 'TI-001', ratio: '200/5', accuracyClass: '' }]);
      expect(installed?.multiplier).toBe('40');
    });
  });

  it('starts the next visit with the position chosen on the last completed swap', async () => {
    const { db, wo } = await setup();
    const other = makeWorkOrder({ ...SITE });
    await applyPull(db, page([upsert(other)]));
    const built = swapDraftToArgs(completeDraft(wo), swapContext(wo), '2026-11-24T04:00:00.000Z');
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const args = { ...built.value, installed: { ...built.value.installed, position: 'outdoor' as const } };
    const record: RecordRow = {
      kind: 'swap',
      id: args.completionId,
      workOrderId: wo.id,
      workOrder: wo,
      technicianName: 'T',
      seq: 1,
      day: '2026-11-24',
      createdAt: 1,
      recordNo: 'BB-1',
      args,
    };
    await db.records.add(record);
    const next = await startVisit(db, { workOrder: other }, { uuid: testUuid, now: () => 2 });
    expect(next.installed.position).toBe('outdoor');
  });
});
