import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StockItem } from '../../src/domain/stock/stock';
import type { CaptureDevices } from '../../src/features/technician/capture/CaptureDevices';
import { MyStockPage } from '../../src/features/technician/stock/MyStockPage';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import { photoId, SITE } from './support/captureFixtures';
import { fakePlatform } from './support/fakePlatform';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { renderPage } from './support/render';

const opened: UserDatabase[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

function fakeDevices(): CaptureDevices & { stamps: string[][] } {
  const stamps: string[][] = [];
  return {
    stamps,
    geolocation: { current: () => Promise.resolve({ ok: false, error: 'unavailable' }), watch: () => () => undefined },
    photos: {
      process: (_file, stampLines) => {
        stamps.push(stampLines);
        return Promise.resolve({
          photoId: photoId('ab1'),
          mime: 'image/jpeg',
          bytes: new Uint8Array([1, 2, 3]).buffer,
          width: 4,
          height: 3,
          quality: 0.7,
        });
      },
      dispose: () => undefined,
    },
    estimateStorage: () => Promise.resolve({ usage: 0, quota: 1e12 }),
  };
}

const item = (kind: StockItem['kind'], code: string, over: Partial<StockItem> = {}): StockItem => ({
  id: testUuid(),
  kind,
  code,
  teamId: testUuid(),
  model: kind === 'meter' ? 'DDS26D-RF' : null,
  phases: kind === 'meter' ? 1 : null,
  manufactureYear: null,
  verifiedOn: kind === 'meter' ? '2026-10-15' : null,
  verificationNo: null,
  remoteRead: null,
  sealKind: kind === 'seal' ? 'box' : null,
  lot: null,
  holder: { kind: 'technician', id: testUuid(), name: 'Nguyễn Văn Hùng' },
  since: '2026-11-19T03:00:00.000Z',
  pliersNumber: kind === 'seal' ? 'K-07' : null,
  ...over,
});

async function atStock() {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const wo = makeWorkOrder({ ...SITE });
  const items = [
    item('meter', 'ES000001'),
    item('meter', 'ES000002'),
    item('seal', 'EN000001'),
    item('seal', 'EN000002'),
    item('seal', 'EN000003'),
    // Removed 5 days before the fake clock's day (24/11/2026): past the 3 days.
    item('removed', 'OLD-0001', { model: null, phases: null, verifiedOn: null, label: 'TUI-01', workOrderId: wo.id }),
  ];
  await applyPull(
    db,
    page([upsert(wo), ...items.map((i) => ({ entity: 'stockItem' as const, op: 'upsert' as const, id: i.id, version: 2, data: i }))]),
  );
  const devices = fakeDevices();
  await renderPage(<MyStockPage devices={devices} />, { db, platform: fakePlatform(), path: '/stock', route: '/stock' });
  await screen.findByRole('heading', { name: 'Vật tư', level: 1 });
  return { db, wo, devices };
}

const tile = (key: string) => screen.getByTestId(`stock-tile-${key}`).textContent;

describe('"Vật tư": the day of stock on the phone (issue 16 §4)', () => {
  it('shows issued, on hand, installed, used, voided and the removed meters to return with bag label, work order and days held', async () => {
    const { wo } = await atStock();
    expect(screen.getByText('Bạn đang giữ 2 công tơ và 3 niêm chì.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Hôm nay, 24/11/2026' })).toBeTruthy();
    expect(tile('issued')).toBe('Được cấp (lần đồng bộ gần nhất)2 công tơ · 3 niêm chì');
    expect(tile('installed')).toBe('Đã treo hôm nay0');
    expect(tile('toReturn')).toBe('Công tơ tháo cần nộp kho1');
    const toReturn = within(screen.getByTestId('stock-to-return'));
    expect(toReturn.getByText('OLD-0001')).toBeTruthy();
    expect(toReturn.getByText('Túi / nhãn: TUI-01')).toBeTruthy();
    expect(toReturn.getByText(`Công việc ${wo.code}`)).toBeTruthy();
    expect(toReturn.getByText('Đã giữ 5 ngày')).toBeTruthy();
    expect(toReturn.getByText('Quá 3 ngày: nộp về kho ngay.')).toBeTruthy();
    expect(screen.getByText('EN000001 – EN000003')).toBeTruthy();
  });

  it('"Báo hỏng / mất" a seal: refused without reason and photo, then recorded once, off hand at once, its send state shown', async () => {
    const { db, devices } = await atStock();
    fireEvent.change(screen.getByLabelText('Mã niêm chì hỏng / mất'), { target: { value: 'en000009' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Báo hỏng / mất' }).at(-1) as HTMLElement);
    expect(await screen.findByText('Niêm chì EN000009 không có trong vật tư bạn đang giữ. Kiểm tra lại mã.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Mã niêm chì hỏng / mất'), { target: { value: 'en 000002' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Báo hỏng / mất' }).at(-1) as HTMLElement);
    await screen.findByRole('heading', { name: 'Báo hỏng / mất: Niêm chì EN000002' });

    fireEvent.click(screen.getByRole('button', { name: 'Ghi nhận báo hỏng / mất' }));
    expect(await screen.findByText('Chưa nhập. Hãy điền ô này.')).toBeTruthy();
    expect(screen.getByText('Chưa có ảnh. Hãy chụp ảnh này.')).toBeTruthy();
    expect(await db.outbox.count()).toBe(0);

    fireEvent.click(screen.getByLabelText('Đứt / hỏng khi kẹp chì'));
    fireEvent.change(screen.getByLabelText('Ghi chú (không bắt buộc)'), { target: { value: 'Dây chì đứt' } });
    fireEvent.change(screen.getByTestId('camera-void'), { target: { files: [new File([new Uint8Array([9])], 'seal.jpg', { type: 'image/jpeg' })] } });
    await screen.findByText('(1/4 ảnh)');
    await waitFor(() => expect(screen.queryByText('Đang xử lý ảnh…')).toBeNull());
    // The stamp is Vietnamese evidence: the seal's code and what the photo shows.
    expect(devices.stamps[0]?.[0]).toBe('EN000002 · Vật tư báo hỏng / mất');

    fireEvent.click(screen.getByRole('button', { name: 'Ghi nhận báo hỏng / mất' }));
    expect(await screen.findByText('Đã ghi nhận Niêm chì EN000002 hỏng / mất. Dữ liệu sẽ tự gửi khi có mạng.')).toBeTruthy();
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => r.name)).toEqual(['stock.void']);
    expect(rows[0]?.args).toMatchObject({ kind: 'seal', code: 'EN000002', reason: 'broken', note: 'Dây chì đứt', photoIds: [photoId('ab1')] });

    await waitFor(() => expect(screen.getByText('Bạn đang giữ 2 công tơ và 2 niêm chì.')).toBeTruthy());
    const voids = within(screen.getByTestId('stock-voids'));
    expect(voids.getByText('Niêm chì EN000002')).toBeTruthy();
    expect(voids.getByText('Chưa gửi')).toBeTruthy();
    expect(tile('voided')).toBe('Đã báo hỏng / mất0 công tơ · 1 niêm chì');
    expect(screen.getByText('EN000001')).toBeTruthy();
    expect(screen.getByText('EN000003')).toBeTruthy();

    // Acknowledged by the server with its photo uploaded: "Đã gửi".
    await db.outbox.update(1, { status: 'acked' });
    await db.photos.update(photoId('ab1'), { status: 'uploaded' });
    expect(await voids.findByText('Đã gửi')).toBeTruthy();
  });

  it('a meter has its own button; a form left open is continued from the list, and cancelling leaves nothing', async () => {
    const { db } = await atStock();
    fireEvent.click(screen.getByRole('button', { name: 'Báo hỏng / mất Công tơ ES000001' }));
    await screen.findByRole('heading', { name: 'Báo hỏng / mất: Công tơ ES000001' });
    fireEvent.click(screen.getByLabelText('Bị mất'));
    await waitFor(async () => expect((await db.drafts.toArray()).map((d) => (d.data as { reason: string }).reason)).toEqual(['lost']));
    cleanup();

    await renderPage(<MyStockPage devices={fakeDevices()} />, { db, platform: fakePlatform(), path: '/stock', route: '/stock' });
    const resume = await screen.findByRole('button', { name: 'Báo hỏng / mất Công tơ ES000001' });
    expect(resume.textContent).toBe('Tiếp tục báo hỏng / mất');
    fireEvent.click(resume);
    expect((await screen.findByLabelText<HTMLInputElement>('Bị mất')).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Huỷ, quay lại' }));
    await screen.findByRole('heading', { name: 'Vật tư', level: 1 });
    expect(await db.drafts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
