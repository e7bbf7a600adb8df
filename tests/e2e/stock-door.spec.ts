import { request as playwrightRequest, expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addPhoto, drawSignature, expectAccessible, makeJpeg, readLocalState, siteCoordinates } from './captureHelpers';
import { DEMO_PASSWORD, signIn, signInToConsole, waitForServiceWorker } from './helpers';

// Issue 16 §3–4 on tech1's phone: stock issued on the server (API), then OFFLINE two swaps — one with a meter and a
// seal tech1 holds (fields filled from the stock), one with a serial not in stock (warned, blocked without a reason,
// accepted with one) — both removed meters bagged, a seal broken and reported with a photo; "Vật tư" shows the day;
// then online, synced; the supervisor's end-of-day reconciliation moves by exactly the day's work and flags the meter
// not held, whose record waits in review with the technician's reason. Work orders of its own (imported for a far date) and codes of its own (stamped), so the other
// journeys' lists and counts stay as they expect.

const PARKED_DATE = '2099-12-27';
const COMMUNE = 'Xã Vật Tư Kiểm Thử';
const SHOTS = join(process.cwd(), '.tmp', 'stock-door-shots');

/** Two single-phase households in Thanh Hóa, as CMIS exports them. */
function cmisFile(stamp: string): { csv: Buffer; codes: string[] } {
  const codes = [1, 2].map((i) => `YCVT${stamp}${i}`);
  const rows = codes.map(
    (code, i) =>
      `${code};PA07VT${stamp.slice(-5)}${i}0;Trần Văn Vật ${i + 1};0912 345 68${i};Thôn Kho ${i + 1};${COMMUNE};Thanh Hóa;` +
      `19,81${i}5;105,78${i}5;TBA-VT-0${i};SO-VT-01;${i + 1};1;CV${stamp}${i};Cơ khí 1 pha;2345,5;Thay công tơ cơ khí bằng công tơ điện tử đo xa`,
  );
  const header = 'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DTHOAI;DIA_CHI;XA_PHUONG;TINH;lat;lng;MA_TRAM;MA_SOGCS;STT;SO_PHA;SO_CTO;LOAI_CTO;CHI_SO_CU;LY_DO';
  return { csv: Buffer.from(`\uFEFF${[header, ...rows].join('\r\n')}\r\n`, 'utf8'), codes };
}

/** dd/MM/yyyy of a day `daysAgo` before now (the delivery list's date format): a verification still valid. */
function deliveryDay(daysAgo: number): string {
  const day = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return day.split('-').reverse().join('/');
}

/** The supervisor's side, through the API: two work orders for tech1 (far date), two meters and five seals issued to tech1. */
async function prepare(api: APIRequestContext, stamp: string) {
  const technicians = (await (await api.get('/api/v1/technicians')).json()) as { items: { id: string; username: string }[] };
  const tech1 = (technicians.items as { id: string; username: string; displayName: string }[]).find((t) => t.username === 'tech1');
  if (tech1 === undefined) throw new Error('tech1 missing');
  const { csv, codes } = cmisFile(stamp);
  const imported = await api.post('/api/v1/work-orders/import', { headers: { 'content-type': 'text/csv' }, data: csv });
  expect(imported.status(), await imported.text()).toBe(200);
  const ids: string[] = [];
  for (const code of codes) {
    const found = (await (await api.get('/api/v1/work-orders', { params: { q: code } })).json()) as { items: { id: string }[] };
    const id = found.items[0]?.id;
    if (id === undefined) throw new Error(`${code} not imported`);
    ids.push(id);
  }
  const assigned = await api.post('/api/v1/assignments', { data: { workOrderIds: ids, technicianId: tech1.id, plannedDate: PARKED_DATE } });
  expect(assigned.status(), await assigned.text()).toBe(200);

  const meters = [`SD${stamp}1`, `SD${stamp}2`];
  const seals = { from: `NS${stamp}01`, to: `NS${stamp}05` };
  const header = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
  const year = new Date().getUTCFullYear();
  const rows = [
    ...meters.map((m) => `${m};DDS26D-RF;1;${year};${deliveryDay(30)};KD-${m};rf_mesh;LO-VT;;;`),
    `;;;;;;;LO-VT;${seals.from};${seals.to};terminal_cover`,
  ];
  const delivery = await api.post('/api/v1/stock/import', {
    headers: { 'content-type': 'text/csv' },
    data: Buffer.from(`\uFEFF${[header, ...rows].join('\r\n')}\r\n`, 'utf8'),
  });
  expect(delivery.status(), await delivery.text()).toBe(200);
  const issued = await api.post('/api/v1/stock/issue', { data: { technicianId: tech1.id, meters, sealRanges: [seals], pliersNumber: 'K-16' } });
  expect(issued.status(), await issued.text()).toBe(200);
  return { ids, meters, seal: (n: number) => `NS${stamp}0${n}`, tech1Name: tech1.displayName };
}

/** The figures of "Đối chiếu cuối ngày" in the order of the table's columns, read from the console's screen. */
const FIGURES = [
  'swaps',
  'openingMeters',
  'issuedMeters',
  'returnedMeters',
  'installedMeters',
  'voidedMeters',
  'onHandMeters',
  'openingSeals',
  'issuedSeals',
  'returnedSeals',
  'sealsUsed',
  'voidedSeals',
  'onHandSeals',
  'removedTaken',
  'returnedRemoved',
  'toReturn',
] as const;

/** Today's reconciliation row of one technician on the console's "Vật tư" screen, figure by figure. */
async function reconciliationRow(page: Page, name: string): Promise<Record<(typeof FIGURES)[number], number>> {
  await page.goto('/console/stock');
  const section = page.getByRole('region', { name: 'Đối chiếu cuối ngày' });
  const row = section.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  const cells = (await row.getByRole('cell').allTextContents()).map((text) => Number(text.replace(/[.\s]/g, '')));
  expect(cells).toHaveLength(FIGURES.length);
  return Object.fromEntries(FIGURES.map((figure, i) => [figure, cells[i] ?? Number.NaN])) as Record<(typeof FIGURES)[number], number>;
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const original = page.viewportSize();
  for (const size of [
    { width: 360, height: 740 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(size);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${size.width} px scrolls sideways`).toBe(0);
    await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
    await page.screenshot({ path: join(SHOTS, `${name}-${size.width}-full.png`), fullPage: true });
  }
  if (original !== null) await page.setViewportSize(original);
}

/** The removed-meter step from "Bắt đầu": serial as expected, final index, seals intact, the bag label, photos. */
async function removedStep(page: Page, label: string, bag: string) {
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await expect(page.getByRole('heading', { name: 'Công tơ tháo', exact: true })).toBeVisible();
  const expectedSerial = (await page.locator('.capture__expected strong').first().textContent()) ?? '';
  await page.getByLabel('Số công tơ', { exact: true }).fill(expectedSerial);
  await page.getByLabel('Chỉ số tháo').fill('2400');
  await page.getByText('Đầy đủ, dây chì nguyên vẹn').click();
  await page.getByLabel('Số túi / nhãn niêm phong công tơ tháo (không bắt buộc)').fill(bag);
  await addPhoto(page, 'removed_meter', await makeJpeg(page, `OLD ${label}`), 1);
  await addPhoto(page, 'removed_seals', await makeJpeg(page, `OLD SEALS ${label}`), 1);
  return expectedSerial;
}

/** From the installed step's photos to the done screen. */
async function finishSwap(page: Page, label: string) {
  await addPhoto(page, 'installed_meter', await makeJpeg(page, `NEW ${label}`), 1);
  await addPhoto(page, 'installed_seals', await makeJpeg(page, `NEW SEALS ${label}`), 1);
  await addPhoto(page, 'installation', await makeJpeg(page, `SITE ${label}`), 1);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { name: 'Vị trí', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();
  await drawSignature(page, 'pad-handover.signature');
  await page.getByLabel('Tôi, nhân viên treo tháo, xác nhận các thông tin trên là đúng').check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { name: 'Thanh toán không dùng tiền mặt', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  await expect(page.getByRole('heading', { name: 'Đã hoàn thành treo tháo', exact: true })).toBeVisible();
}

async function toSite(page: Page, context: import('@playwright/test').BrowserContext, workOrderId: string) {
  await page.goto(`/work-orders/${workOrderId}`);
  await expect(page.getByRole('button', { name: 'Bắt đầu' })).toBeVisible();
  const site = await siteCoordinates(page);
  await context.setGeolocation({ latitude: site.latitude + 0.0002, longitude: site.longitude, accuracy: 8 });
}

test('tech1 offline installs from stock, gives a reason for a meter not held, bags the removed meters, reports a broken seal, then syncs; the supervisor reconciles', async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const stamp = String(Date.now()).slice(-7);
  const api = await playwrightRequest.newContext({ baseURL });
  expect((await api.post('/api/v1/auth/login', { data: { username: 'supervisor1', password: DEMO_PASSWORD } })).status()).toBe(200);
  const { ids, meters, seal, tech1Name } = await prepare(api, stamp);
  // The supervisor's console beside the phone: today's figures for tech1 once the stock is issued, before the day's work.
  const desk = await browser.newContext({ baseURL, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1280, height: 800 } });
  const office = await desk.newPage();
  await signInToConsole(office, 'supervisor1');
  const before = await reconciliationRow(office, tech1Name);
  const [first = '', second = ''] = ids;
  const [held = '', spare = ''] = meters;

  // The phone pulls its work and its stock, then goes offline for the day.
  await context.grantPermissions(['geolocation']);
  await signIn(page, 'tech1');
  await waitForServiceWorker(page);
  await page.goto('/stock');
  await expect(page.getByText(held)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(`${seal(1)} – ${seal(5)}`)).toBeVisible();
  await context.setOffline(true);

  // 1. A meter and a seal tech1 holds: model, year, verification and remote-read type come from the delivery.
  await toSite(page, context, first);
  const removedA = await removedStep(page, 'A', `tui-a${stamp}`);
  await shoot(page, 'removed-bag-label');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { name: 'Công tơ treo', exact: true })).toBeVisible();
  await page.getByLabel('Số công tơ', { exact: true }).fill(held.toLowerCase());
  await expect(page.getByText(`Công tơ ${held} có trong vật tư của bạn`)).toBeVisible();
  await expect(page.getByLabel('Mã hiệu / chủng loại công tơ treo')).toHaveValue('DDS26D-RF');
  await page.getByLabel('Chỉ số treo').fill('0,2');
  await page.getByLabel('Mã chì').fill(seal(1).toLowerCase());
  await page.getByLabel('Số viên chì').fill('2');
  await expect(page.getByText(/không có trong vật tư bạn đang giữ/)).toHaveCount(0);
  await expect(page.getByLabel('Lý do vẫn dùng công tơ / niêm chì này')).toHaveCount(0);
  await finishSwap(page, 'A');

  // 2. A serial not in stock: warned at the field, refused without a reason, accepted with one.
  await toSite(page, context, second);
  const removedB = await removedStep(page, 'B', `tui-b${stamp}`);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { name: 'Công tơ treo', exact: true })).toBeVisible();
  const stranger = `ZZ${stamp}`;
  await page.getByLabel('Số công tơ', { exact: true }).fill(stranger);
  await expect(page.getByText(`Công tơ ${stranger} không có trong vật tư bạn đang giữ. Kiểm tra lại số công tơ, hoặc báo giám sát.`)).toBeVisible();
  await page.getByLabel('Mã hiệu / chủng loại công tơ treo').fill('ME-41 4G');
  await page.getByLabel('Chỉ số treo').fill('0,1');
  await page.getByLabel('Mã chì').fill(seal(2));
  await page.getByLabel('Số viên chì').fill('2');
  await addPhoto(page, 'installed_meter', await makeJpeg(page, 'NEW B'), 1);
  await addPhoto(page, 'installed_seals', await makeJpeg(page, 'NEW SEALS B'), 1);
  await addPhoto(page, 'installation', await makeJpeg(page, 'SITE B'), 1);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByText('Ghi lý do vẫn dùng công tơ / niêm chì này (giám sát sẽ xem lại).')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Công tơ treo', exact: true })).toBeVisible();
  await expectAccessible(page, 'installed meter with the stock reason asked');
  await page.getByLabel('Lý do vẫn dùng công tơ / niêm chì này').scrollIntoViewIfNeeded();
  await shoot(page, 'installed-stock-reason');
  await page.getByLabel('Lý do vẫn dùng công tơ / niêm chì này').fill('Giám sát giao thêm tại hiện trường, phiếu giao chưa cập nhật');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { name: 'Vị trí', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await expect(page.getByRole('heading', { name: 'Bàn giao', exact: true })).toBeVisible();
  const summary = page.getByTestId('handover-summary');
  await expect(summary).toContainText(`Số túi / nhãn niêm phong: TUI-B${stamp}`);
  await expect(summary).toContainText('Lý do dùng vật tư ngoài danh sách: Giám sát giao thêm tại hiện trường');
  await drawSignature(page, 'pad-handover.signature');
  await page.getByLabel('Tôi, nhân viên treo tháo, xác nhận các thông tin trên là đúng').check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  await expect(page.getByRole('heading', { name: 'Đã hoàn thành treo tháo', exact: true })).toBeVisible();

  // 3. "Vật tư": a seal broke while clamping; reported with a photo, off hand at once, not sent yet.
  await page.goto('/stock');
  await expect(page.getByRole('heading', { name: 'Vật tư', level: 1 })).toBeVisible();
  await page.getByLabel('Mã niêm chì hỏng / mất').fill(seal(3).toLowerCase());
  await page.locator('.my-stock__seal-void').getByRole('button', { name: 'Báo hỏng / mất', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Báo hỏng / mất: Niêm chì ${seal(3)}` })).toBeVisible();
  await page.getByRole('button', { name: 'Ghi nhận báo hỏng / mất' }).click();
  await expect(page.getByText('Chưa có ảnh. Hãy chụp ảnh này.')).toBeVisible();
  await page.getByText('Đứt / hỏng khi kẹp chì').click();
  await page.getByLabel('Ghi chú (không bắt buộc)').fill('Dây chì đứt khi kẹp');
  await page.getByTestId('camera-void').setInputFiles({ name: 'seal.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page, 'BROKEN SEAL') });
  await expect(page.locator('.stock-void li.photos__item img')).toHaveCount(1, { timeout: 20_000 });
  await expectAccessible(page, 'stock void form');
  await shoot(page, 'stock-void-form');
  await page.getByRole('button', { name: 'Ghi nhận báo hỏng / mất' }).click();
  await expect(page.getByText(`Đã ghi nhận Niêm chì ${seal(3)} hỏng / mất. Dữ liệu sẽ tự gửi khi có mạng.`)).toBeVisible();

  const voids = page.getByTestId('stock-voids');
  const voided = voids.getByRole('listitem').filter({ hasText: seal(3) });
  await expect(voided).toContainText('Đứt / hỏng khi kẹp chì');
  await expect(voided).toContainText('Chưa gửi');
  const toReturn = page.getByTestId('stock-to-return');
  await expect(toReturn.getByRole('listitem').filter({ hasText: removedA })).toContainText(`Túi / nhãn: TUI-A${stamp}`);
  await expect(toReturn.getByRole('listitem').filter({ hasText: removedB })).toContainText(`Túi / nhãn: TUI-B${stamp}`);
  await expect(toReturn.getByRole('listitem').filter({ hasText: removedA })).toContainText('Tháo hôm nay');
  await expect(toReturn.getByRole('listitem').filter({ hasText: removedA })).toContainText('Biên bản chưa gửi');
  // On hand: the spare meter, not the installed one; seals 4 and 5 only.
  const onHandMeters = page.locator('.my-stock__item--action');
  await expect(onHandMeters.filter({ hasText: spare })).toHaveCount(1);
  await expect(onHandMeters.filter({ hasText: held })).toHaveCount(0);
  await expect(page.getByText(`${seal(4)} – ${seal(5)}`)).toBeVisible();
  await expectAccessible(page, 'stock day');
  await shoot(page, 'stock-day');

  const offline = await readLocalState(page);
  const names = offline.outbox.map((r) => r.name);
  expect(names.filter((n) => n === 'swap.complete')).toHaveLength(2);
  expect(names.at(-1)).toBe('stock.void');
  const swaps = offline.outbox
    .filter((r) => r.name === 'swap.complete')
    .map((r) => r.args as { installed: { serial: string; stockNote?: string }; removed: { bagLabel?: string } });
  expect(swaps.map((a) => [a.installed.serial, a.installed.stockNote ?? null, a.removed.bagLabel ?? null])).toEqual([
    [held, null, `TUI-A${stamp}`],
    [stranger, 'Giám sát giao thêm tại hiện trường, phiếu giao chưa cập nhật', `TUI-B${stamp}`],
  ]);
  expect(offline.outbox.at(-1)?.args).toMatchObject({ kind: 'seal', code: seal(3), reason: 'broken', note: 'Dây chì đứt khi kẹp' });

  // 4. Online: the swaps go through and the photos follow.
  await context.setOffline(false);
  await page.goto('/outbox');
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect
    .poll(async () => (await readLocalState(page)).outbox.filter((r) => r.name === 'swap.complete' && r.status === 'acked').length, {
      timeout: 60_000,
    })
    .toBe(2);

  await api.dispose();

  // The server's stock.void handler takes the void, and the pull brings the removed meters back as the server's word.
  const voidStatus = async () => (await readLocalState(page)).outbox.find((r) => r.name === 'stock.void')?.status;
  await expect.poll(voidStatus, { timeout: 60_000 }).not.toBe('pending');
  expect(await voidStatus(), 'the server refused stock.void: its handler is on the custody branch').toBe('acked');
  await page.goto('/stock');
  await expect(
    page
      .getByTestId('stock-voids')
      .getByRole('listitem')
      .filter({ hasText: seal(3) }),
  ).toContainText('Đã gửi', { timeout: 60_000 });
  // The removed meters are now the server's word: pulled with their bag labels, no longer "Biên bản chưa gửi".
  const pulled = page.getByTestId('stock-to-return').getByRole('listitem').filter({ hasText: removedA });
  await expect(pulled).toContainText(`Túi / nhãn: TUI-A${stamp}`, { timeout: 60_000 });
  await expect(pulled).not.toContainText('Biên bản chưa gửi');

  // 5. The supervisor's end of day: every figure moved by exactly the day's work (the other journeys leave tech1 alone
  // while this one runs), the meter not held is flagged with its order, and its record waits in review with the reason.
  // The supervisor takes the first removed meter back into the warehouse by its bag label, as typed from the bag.
  await office.goto('/console/stock');
  await office.getByText('Nhận lại về kho', { exact: true }).click();
  await office.getByRole('combobox', { name: 'Kỹ thuật viên' }).selectOption({ label: tech1Name });
  await office.getByLabel('Công tơ tháo (số công tơ hoặc số túi / nhãn)').fill(`tui-a${stamp}`);
  await office.getByRole('button', { name: 'Nhận lại', exact: true }).click();
  await expect(office.getByRole('status').filter({ hasText: 'Kho đã nhận 1 công tơ tháo.' })).toBeVisible();
  const after = await reconciliationRow(office, tech1Name);
  const moved = Object.fromEntries(FIGURES.map((figure) => [figure, after[figure] - before[figure]]));
  expect(moved).toEqual({
    swaps: 2,
    openingMeters: 0,
    issuedMeters: 0,
    returnedMeters: 0,
    installedMeters: 1, // the held meter; the one not in stock left nobody's hands
    voidedMeters: 0,
    onHandMeters: -1,
    openingSeals: 0,
    issuedSeals: 0,
    returnedSeals: 0,
    sealsUsed: 2,
    voidedSeals: 1,
    onHandSeals: -3,
    removedTaken: 2,
    returnedRemoved: 1,
    toReturn: 1,
  });
  const flags = office.getByRole('region', { name: 'Đối chiếu cuối ngày' }).getByRole('listitem');
  const unbacked = flags.filter({ hasText: `lắp công tơ ${stranger}` });
  await expect(unbacked).toContainText(`${tech1Name} lắp công tơ ${stranger}`);
  await expect(unbacked).toContainText(`nhưng công tơ này không được cấp cho ${tech1Name}`);
  await expect(flags.filter({ hasText: held })).toHaveCount(0);
  await expect(flags.filter({ hasText: seal(3) })).toHaveCount(0);
  await expect(flags.filter({ hasText: removedA })).toHaveCount(0);
  await shoot(office, 'console-reconciliation');
  await unbacked.getByRole('link').click();
  await expect(office).toHaveURL(new RegExp(`/console/reviews\\?workOrder=${second}`));
  const record = office.getByRole('list', { name: 'Danh sách cần đối soát' }).getByRole('button');
  await expect(record).toHaveCount(1, { timeout: 20_000 });
  await expect(record).toContainText('Công tơ hoặc chì không có trong vật tư được cấp');
  await record.click();
  await expect(office.getByText('Lý do nhân viên ghi: “Giám sát giao thêm tại hiện trường, phiếu giao chưa cập nhật”').first()).toBeVisible();
  await expect(office.getByText(`TUI-B${stamp}`).first()).toBeVisible();
  await shoot(office, 'console-review-stock');
  await desk.close();
});
