import { expect, test, type Page } from '@playwright/test';
import { addPhoto, drawSignature, expectAccessible, makeJpeg, readLocalState, screenshots, siteCoordinates } from './captureHelpers';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';

// tech1's work orders: no other journey changes their state (others only count tech1's list), so the
// swap uses the last one and the failed visit the one before it. Nothing here goes online again,
// so nothing reaches the server.

/** Signs in, waits for the service worker, goes offline, opens a work order, puts the GPS near it. */
async function openOffline(page: Page, context: import('@playwright/test').BrowserContext, pick: 'last' | 'secondToLast') {
  await context.grantPermissions(['geolocation']);
  await signIn(page, 'tech1');
  await expect(workOrderRows(page)).toHaveCount(30);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  const row = pick === 'last' ? workOrderRows(page).last() : workOrderRows(page).nth(-2);
  await row.click();
  await expect(page.getByRole('button', { name: 'Bắt đầu' })).toBeVisible();
  const site = await siteCoordinates(page);
  await context.setGeolocation({ latitude: site.latitude + 0.0002, longitude: site.longitude, accuracy: 9 });
  return page.url().split('/').pop() ?? '';
}

test.describe('meter swap capture, offline', () => {
  test('a full swap with photos, a reload before signing, a signature and the handover record', async ({ page, context }, testInfo) => {
    test.setTimeout(180_000);
    const workOrderId = await openOffline(page, context, 'last');
    await expectAccessible(page, 'work order');
    await screenshots(page, testInfo, '0-detail');
    await page.getByRole('button', { name: 'Bắt đầu' }).click();

    // 1. Công tơ tháo
    await expect(page.getByRole('heading', { name: 'Công tơ tháo', exact: true })).toBeVisible();
    const expectedSerial = (await page.locator('.capture__expected strong').first().textContent()) ?? '';
    const lastBilledText =
      (await page
        .getByText(/^Chỉ số lần ghi cuối:/)
        .textContent()
        .catch(() => null)) ?? '';
    const lastBilled = Number(lastBilledText.replace(/[^\d,]/g, '').replace(',', '.')) || 0;
    const finalIndex = Math.floor(lastBilled) + 123;
    // Errors appear next to the fields only once the technician tries to go on.
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByText('Chưa nhập. Hãy điền ô này.').first()).toBeVisible();
    await expectAccessible(page, 'removed meter with errors');
    await page.getByLabel('Số công tơ', { exact: true }).fill(expectedSerial.toLowerCase());
    await page.getByLabel('Chỉ số tháo').fill(`${finalIndex},5`);
    await page.getByText('Đầy đủ, dây chì nguyên vẹn').click();
    await page.getByLabel('Mã chì công tơ tháo (không bắt buộc)').fill('TH-0001, TH-0002');
    await addPhoto(page, 'removed_meter', await makeJpeg(page, 'OLD METER'), 1);
    await addPhoto(page, 'removed_seals', await makeJpeg(page, 'OLD SEALS'), 1);
    await expectAccessible(page, 'removed meter');
    await screenshots(page, testInfo, '1-removed');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // 2. Công tơ treo
    await expect(page.getByRole('heading', { name: 'Công tơ treo', exact: true })).toBeVisible();
    await page.getByLabel('Số công tơ', { exact: true }).fill('ps-e2e-0001');
    await page.getByLabel('Mã hiệu / chủng loại công tơ treo').fill('ME-40');
    await page.getByLabel('Chỉ số treo').fill('12,5');
    await expect(page.getByText(/cao hơn bình thường với công tơ mới/)).toBeVisible();
    await page.getByLabel('Chỉ số treo').fill('0,5');
    await page.getByLabel('Mã chì').fill('NP-2026-01');
    await page.getByLabel('Số viên chì').fill('2');
    // Handover-record fields: remote-read type (ME-40 does not say it, so it is asked), nameplate, seal kind, position.
    await expect(page.getByTestId('remote-read-from-model')).toHaveCount(0);
    await page.getByRole('radio', { name: 'GPRS/4G' }).check();
    await page.getByLabel('Năm sản xuất công tơ treo').fill('2025');
    const verified = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Ngày kiểm định công tơ treo').fill(verified);
    await page.getByLabel('Vị trí niêm phong').selectOption('terminal_cover');
    await page.getByRole('radio', { name: 'Ngoài nhà' }).check();
    await page.getByLabel('Số cột / số hòm').fill('Cột H-07');
    await addPhoto(page, 'installed_meter', await makeJpeg(page, 'NEW METER'), 1);
    await addPhoto(page, 'installed_seals', await makeJpeg(page, 'NEW SEALS'), 1);
    await addPhoto(page, 'installation', await makeJpeg(page, 'INSTALLATION'), 1);
    await expectAccessible(page, 'installed meter');
    await screenshots(page, testInfo, '2-installed');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // 3. Vị trí
    await expect(page.getByRole('heading', { name: 'Vị trí', exact: true })).toBeVisible();
    await expect(page.getByTestId('recorded-fix')).toContainText('±9 m');
    await expect(page.getByText('Vị trí tốt.')).toBeVisible();
    await expectAccessible(page, 'location');
    await screenshots(page, testInfo, '3-location');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // 4. Bàn giao — reload before signing: the flow comes back at the same step with the same photos.
    await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();
    const before = await readLocalState(page);
    expect(before.drafts).toHaveLength(1);
    expect(before.photos).toHaveLength(5);
    const reload = await page.reload();
    expect(reload?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();
    const after = await readLocalState(page);
    expect(after.drafts).toEqual(before.drafts);
    expect(after.photos.map((p) => p.photoId).sort()).toEqual(before.photos.map((p) => p.photoId).sort());
    const summary = page.getByTestId('handover-summary');
    await expect(summary).toContainText(expectedSerial);
    await expect(summary).toContainText('PS-E2E-0001');
    await expect(summary).toContainText(new Intl.NumberFormat('vi-VN').format(finalIndex + 0.5));
    await expect(summary).toContainText('0,5');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByText('Khách hàng chưa ký. Mời khách hàng ký vào khung trắng.')).toBeVisible();
    await page.getByLabel('Điện thoại (không bắt buộc)').fill('0912 345 678');
    await drawSignature(page, 'pad-handover.signature');
    await page.getByLabel('Nhân viên niêm phong (nếu không phải người treo)').fill('Trần Văn Niêm');
    await page.getByLabel('Tôi, nhân viên treo tháo, xác nhận các thông tin trên là đúng').check();
    await drawSignature(page, 'pad-handover.technicianSignature');
    await expectAccessible(page, 'handover');
    await screenshots(page, testInfo, '4-handover');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    // 5. Thanh toán không dùng tiền mặt
    await expect(page.getByRole('heading', { name: 'Thanh toán không dùng tiền mặt', exact: true })).toBeVisible();
    await page.getByLabel('Khách hàng đăng ký cách trả mới').selectOption('e_wallet');
    await page.getByLabel('Ví điện tử', { exact: true }).selectOption('MoMo');
    await page.getByLabel('Khách hàng đồng ý đăng ký').check();
    await expectAccessible(page, 'cashless');
    await screenshots(page, testInfo, '5-cashless');
    await page.getByRole('button', { name: 'Hoàn thành' }).click();

    // 6. Done: read-only record, queued.
    await expect(page.getByRole('heading', { name: 'Đã hoàn thành treo tháo', exact: true })).toBeVisible();
    await expectAccessible(page, 'done');
    const state = await readLocalState(page);
    expect(state.outbox.map((r) => [r.seq, r.name, r.status])).toEqual([
      [1, 'workOrder.start', 'pending'],
      [2, 'swap.complete', 'pending'],
    ]);
    expect(state.drafts).toEqual([]);
    expect(state.records).toHaveLength(1);
    const [record] = state.records;
    expect(record?.workOrderId).toBe(workOrderId);
    const args = state.outbox[1]?.args as {
      removed: { serial: string; readings: { total: number }; photoIds: string[] };
      installed: { serial: string; readings: { total: number }; photoIds: string[] };
      handover: { signaturePhotoId: string; technicianSignaturePhotoId?: string; signerPhone?: string; cashless: unknown };
    };
    expect(record?.args).toEqual(args);
    expect(args.removed.serial).toBe(expectedSerial);
    expect(args.removed.readings.total).toBe(finalIndex + 0.5);
    expect(args.installed).toEqual(expect.objectContaining({ serial: 'PS-E2E-0001', readings: { total: 0.5 } }));
    expect(args.handover.signerPhone).toBe('0912345678');
    expect(args.handover.cashless).toEqual({ currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true });
    const referenced = [
      ...args.removed.photoIds,
      ...args.installed.photoIds,
      args.handover.signaturePhotoId,
      args.handover.technicianSignaturePhotoId,
    ];
    expect(referenced).toHaveLength(7);
    for (const id of referenced) {
      const photo = state.photos.find((p) => p.photoId === id);
      expect(photo, `photo ${id ?? ''}`).toBeDefined();
      expect(photo?.sha256).toBe(id);
      expect(photo?.isArrayBuffer).toBe(true);
    }
    const jpegs = state.photos.filter((p) => p.mime === 'image/jpeg');
    expect(jpegs).toHaveLength(5);
    for (const p of jpegs) expect(p.bytes).toBeLessThanOrEqual(300 * 1024);
    expect(state.photos.filter((p) => p.mime === 'image/png')).toHaveLength(2);

    // The handover record, full screen, offline, with both indexes; the work order is read-only now.
    await page.getByRole('link', { name: 'Xem biên bản treo tháo' }).click();
    const doc = page.getByTestId('handover-record');
    await expect(doc).toContainText('BIÊN BẢN TREO THÁO CÔNG TƠ');
    await expect(doc).toContainText(new Intl.NumberFormat('vi-VN').format(finalIndex + 0.5));
    await expect(doc).toContainText('0,5');
    await expect(doc).toContainText('Thiết bị đo đếm hoạt động bình thường. Hai bên thống nhất nội dung như trên.');
    await expect(doc.locator('img.record__sign')).toHaveCount(2);
    const row = (label: string) => doc.locator('.record__row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
    await expect(row('Vị trí lắp đặt')).toContainText('Ngoài nhà');
    await expect(row('Số cột / số hòm')).toContainText('Cột H-07');
    await expect(row('Nhân viên niêm phong')).toContainText('Trần Văn Niêm');
    await expect(row('Năm sản xuất').last()).toContainText('2025');
    await expect(row('Ngày kiểm định').last()).toContainText(verified.split('-').reverse().join('/'));
    await expect(row('Đo xa').last()).toContainText('GPRS/4G');
    await expect(row('Mã chì và số viên').first()).toContainText('TH-0001; TH-0002');
    await expect(row('Mã chì và số viên').last()).toContainText('NP-2026-01 × 2 viên (Nắp chụp cọc đấu dây)');
    await expect(page.getByRole('button', { name: 'In biên bản' })).toBeVisible();
    await expectAccessible(page, 'handover record');
    await screenshots(page, testInfo, '6-record');
    await page.emulateMedia({ media: 'print' });
    await screenshots(page, testInfo, '7-record-print');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`/work-orders/${workOrderId}`);
    await expect(page.getByText('Biên bản đã khoá trên máy. Muốn sửa, hãy báo tổ trưởng.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Bắt đầu' })).toHaveCount(0);
    await page.goto('/');
    await expect(workOrderRows(page)).toHaveCount(30);
    await expect(workOrderRows(page).last()).toContainText('Hoàn thành');
  });

  test('a failed visit (KV01, customer absent) is recorded the same way', async ({ page, context }, testInfo) => {
    test.setTimeout(120_000);
    const workOrderId = await openOffline(page, context, 'secondToLast');
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await expect(page.getByRole('heading', { name: 'Công tơ tháo', exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Không thực hiện được' }).click();

    await expect(page.getByRole('heading', { name: 'Không thực hiện được', exact: true })).toBeVisible();
    await page.getByLabel('Lý do').selectOption('KV01');
    await expect(page.getByText('Cần có: ảnh, vị trí GPS')).toBeVisible();
    await page.getByRole('button', { name: 'Ghi nhận không thực hiện được' }).click();
    await expect(page.getByText('Lý do này cần ảnh bằng chứng. Hãy chụp ảnh.')).toBeVisible();
    await page.getByRole('radio', { name: 'Chưa gọi' }).check();
    await page.getByLabel('Ghi chú').fill('Nhà khoá cửa, hàng xóm nói đi vắng');
    await addPhoto(page, 'failure_evidence', await makeJpeg(page, 'PREMISES'), 1);
    await expectAccessible(page, 'failed visit');
    await screenshots(page, testInfo, '8-failure');
    await page.getByRole('button', { name: 'Ghi nhận không thực hiện được' }).click();

    await expect(page.getByRole('heading', { name: 'Đã ghi nhận không thực hiện được', exact: true })).toBeVisible();
    const state = await readLocalState(page);
    expect(state.outbox.map((r) => [r.seq, r.name])).toEqual([
      [1, 'workOrder.start'],
      [2, 'visit.fail'],
    ]);
    const args = state.outbox[1]?.args as { workOrderId: string; reason: string; called: boolean; photoIds: string[]; gps: { accuracyM: number } };
    expect(args).toEqual(expect.objectContaining({ workOrderId, reason: 'KV01', called: false }));
    expect(args.gps.accuracyM).toBe(9);
    expect(args.photoIds).toHaveLength(1);
    expect(state.photos.map((p) => [p.photoId, p.sha256])).toEqual([[args.photoIds[0], args.photoIds[0]]]);
    expect(state.records.map((r) => r.kind)).toEqual(['failedVisit']);
    expect(state.drafts).toEqual([]);
  });
});
