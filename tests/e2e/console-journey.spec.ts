import { devices, expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { completeSwapOnline, siteCoordinates } from './captureHelpers';
import { drawRectangle, signIn, waitForServiceWorker, signInToConsole } from './helpers';

// Issue 5's whole loop, two browsers: the supervisor (laptop) imports a CMIS file, selects the new orders on the
// map with a drawn rectangle and assigns them to tech1; tech1's phone (offline, then online) receives them and
// completes one; the supervisor sees it in the review queue with its photos and returns it; tech1 fixes and
// resubmits; the supervisor approves; the CMIS export contains it. The orders are planned for a far date so
// tech1's today list stays as the other journeys expect it.

const PARKED_DATE = '2099-12-31';
const COMMUNE = 'Xã Hành Trình Kiểm Thử';

test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/** Three households a few hundred metres apart in Thanh Hóa, as CMIS exports them (`;`, BOM, decimal commas). */
function cmisFile(stamp: string): { csv: Buffer; codes: string[] } {
  const codes = [1, 2, 3].map((i) => `YCHT${stamp}${i}`);
  const rows = codes.map(
    (code, i) =>
      `${code};PA07HT${stamp.slice(-5)}${i}0;Nguyễn Thị Hành ${i + 1};0912 345 67${i};Thôn Đông ${i + 1};${COMMUNE};Thanh Hóa;` +
      `19,80${i}5;105,77${i}5;TBA-HT-0${i};SO-HT-01;${i + 1};1;CK${stamp}${i};Cơ khí 1 pha;1234,5;Thay công tơ cơ khí bằng công tơ điện tử đo xa`,
  );
  const header = 'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DTHOAI;DIA_CHI;XA_PHUONG;TINH;lat;lng;MA_TRAM;MA_SOGCS;STT;SO_PHA;SO_CTO;LOAI_CTO;CHI_SO_CU;LY_DO';
  return { csv: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([header, ...rows].join('\r\n') + '\r\n', 'utf8')]), codes };
}

interface QueueItem {
  id: string;
  code: string;
  workOrder: { code: string };
  completion: { mediaStatus: string; removed: { readings: { total: number } } } | null;
}

test('import → map selection → assignment → offline phone receives → swap → review with photos → return → fix → approve → export', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const stamp = String(Date.now()).slice(-7);
  const { csv, codes } = cmisFile(stamp);

  // tech1's phone: signed in, then offline while the supervisor works.
  const phone = await browser.newContext({ ...devices['Pixel 7'], baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await phone.grantPermissions(['geolocation']);
  const tech = await phone.newPage();
  await signIn(tech, 'tech1');
  await waitForServiceWorker(tech);
  await phone.setOffline(true);

  // 1. Import: dry run first, then the import.
  await signInToConsole(page, 'supervisor1');
  await page.getByRole('link', { name: 'Nhập dữ liệu' }).click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'cmis-hanh-trinh.csv', mimeType: 'text/csv', buffer: csv });
  await expect(page.getByText('3 dòng hợp lệ: 3 mới, 0 cập nhật.')).toBeVisible();
  await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
  await expect(page.getByText('Đã nhập 3 dòng: 3 công việc mới, 0 công việc được cập nhật.')).toBeVisible();

  // 2. Map: the new commune only, a rectangle over it, a proposed route, assigned to tech1.
  await page.getByRole('link', { name: 'Xem trên bản đồ để phân công' }).click();
  await expect(page).toHaveURL(/\/console\/map/);
  await expect(page.locator('.map-cluster, .leaflet-interactive').first()).toBeVisible();
  await page.getByLabel('Xã/phường').selectOption({ label: COMMUNE });
  await expect(page.getByTestId('map-list-count')).toContainText('/ 3');
  await page.getByRole('button', { name: 'Chọn vùng' }).click();
  await drawRectangle(page, 0.9);
  await expect(page.getByRole('heading', { name: 'Đã chọn 3 công việc' })).toBeVisible();
  const technicians = (await (await page.request.get('/api/v1/technicians')).json()) as {
    items: { id: string; username: string; displayName: string }[];
  };
  const tech1 = technicians.items.find((t) => t.username === 'tech1');
  if (!tech1) throw new Error('tech1 missing');
  await page.getByLabel('Giao cho').selectOption(tech1.id);
  await page.getByLabel('Ngày thực hiện').fill(PARKED_DATE);
  await page.getByRole('button', { name: 'Đề xuất lộ trình' }).click();
  await expect(page.locator('.map-route-stop')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('journey-1-map-route.png') });
  const assignRequest = page.waitForRequest((r) => r.url().endsWith('/api/v1/assignments') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Phân công theo lộ trình' }).click();
  const assignBody = (await assignRequest).postDataJSON() as { workOrderIds: string[]; plannedDate: string };
  expect(assignBody.plannedDate).toBe(PARKED_DATE);
  await expect(page.getByRole('status').filter({ hasText: `Đã giao 3 công việc cho ${tech1.displayName}` })).toBeVisible();
  const [firstStop] = assignBody.workOrderIds;
  if (firstStop === undefined) throw new Error('no route');

  // 3. The phone comes back online, receives the work and completes the first stop.
  await phone.setOffline(false);
  await tech.getByRole('button', { name: 'Đồng bộ', exact: true }).click();
  await expect(async () => {
    await tech.goto(`/work-orders/${firstStop}`);
    await expect(tech.getByRole('button', { name: 'Bắt đầu' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const site = await siteCoordinates(tech);
  await phone.setGeolocation({ latitude: site.latitude + 0.0002, longitude: site.longitude, accuracy: 8 });
  const finalIndex = await completeSwapOnline(tech, { label: 'HT', installedSerial: `PS-HT-${stamp}`, sealCode: `NP-HT-${stamp}` });

  // 4. The review queue shows it with its photos once they have all arrived; the supervisor returns it.
  const openItem = async (): Promise<QueueItem | undefined> => {
    const queue = (await (await page.request.get('/api/v1/reviews', { params: { status: 'open', workOrderId: firstStop } })).json()) as {
      items: QueueItem[];
    };
    return queue.items.find((i) => i.code === 'COMPLETION');
  };
  await expect.poll(async () => (await openItem())?.completion?.mediaStatus, { timeout: 60_000 }).toBe('complete');
  const code = (await openItem())?.workOrder.code ?? '';
  expect(codes).toContain(code);
  await page.getByRole('link', { name: 'Đối soát' }).click();
  const queue = page.getByRole('list', { name: 'Danh sách cần đối soát' });
  await queue.getByRole('button', { name: new RegExp(code) }).click();
  const detail = page.getByRole('article');
  const images = detail.locator('.review-photos img');
  await expect(images).toHaveCount(6);
  for (const img of await images.all())
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  await expect(detail.getByRole('row', { name: /Số công tơ tháo/ })).toContainText(`CK${stamp}`);
  await page.screenshot({ path: testInfo.outputPath('journey-2-review.png'), fullPage: true });
  // The first "Trả lại" opens the note; the second sends it.
  await detail.getByRole('button', { name: 'Trả lại' }).click();
  await detail.getByLabel(/Ghi chú cho nhân viên/).fill('Chỉ số tháo chưa khớp ảnh, đọc lại.');
  await detail.getByRole('button', { name: 'Trả lại' }).click();
  await expect(queue.getByRole('button', { name: new RegExp(code) })).toHaveCount(0);

  // 5. The phone gets it back, the technician fixes the final index and sends it again.
  await tech.goto('/');
  await tech.getByRole('button', { name: 'Đồng bộ', exact: true }).click();
  await expect(async () => {
    await tech.goto(`/work-orders/${firstStop}`);
    await expect(tech.getByTestId('returned-section')).toContainText('Chỉ số tháo chưa khớp ảnh', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await tech.getByTestId('returned-section').getByRole('button', { name: 'Sửa và gửi lại' }).click();
  await tech.getByLabel('Chỉ số tháo').fill(String(finalIndex + 3));
  for (const heading of ['Công tơ treo', 'Vị trí', 'Bàn giao', 'Thanh toán không dùng tiền mặt']) {
    await tech.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(tech.getByRole('heading', { name: heading, exact: true })).toBeVisible();
  }
  await tech.getByLabel('Lý do sửa (đã sửa gì)').fill('Đọc lại chỉ số tháo');
  await tech.getByRole('button', { name: 'Gửi lại' }).click();
  await expect(tech.getByRole('heading', { name: 'Đã sửa biên bản', exact: true })).toBeVisible();

  // 6. The resubmission is back in the queue with the corrected index; the supervisor approves it.
  await expect.poll(async () => (await openItem())?.completion?.removed.readings.total, { timeout: 60_000 }).toBe(finalIndex + 3);
  await page.reload();
  await queue.getByRole('button', { name: new RegExp(code) }).click();
  await detail.getByRole('button', { name: 'Duyệt' }).click();
  await expect(queue.getByRole('button', { name: new RegExp(code) })).toHaveCount(0);
  const approved = (await (await page.request.get(`/api/v1/work-orders/${firstStop}`)).json()) as { status: string };
  expect(approved.status).toBe('approved');

  // 7. The CMIS export (UTF-8 with BOM) contains the approved swap with its corrected index.
  await page.getByRole('link', { name: 'Tiến độ' }).click();
  await expect(page.locator('.dashboard-charts canvas').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('journey-3-dashboard.png'), fullPage: true });
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Tải tệp CSV' }).click();
  const exported = readFileSync(await (await downloading).path());
  expect([...exported.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const line = exported
    .toString('utf8')
    .split('\r\n')
    .find((l) => l.includes(code));
  expect(line).toBeDefined();
  expect(line).toContain(`PS-HT-${stamp}`);
  expect(line).toContain(String(finalIndex + 3));
  await phone.close();
});
