import { expect, test, type Page, type Request } from '@playwright/test';
import { expectAccessible } from './captureHelpers';
import { signInToConsole } from './helpers';

// Issue 18, item 6: assigning on the map as a supervisor would. Rows of the list beside the map select and deselect
// orders; the technician picker tells people apart by username and shows their load on the chosen day; nothing is
// called an error before the supervisor tries; the day defaults to the imported planned date and a note says when
// the chosen day replaces it. Everything happens far in the future, so nobody's today list changes.

const COMMUNE = 'Xã Phân Công Kiểm Thử';
/** The planned date the import gives the three orders, and the day the supervisor moves them to. */
const PLANNED = { iso: '2099-11-08', shown: '08/11/2099' };
const CHOSEN = { iso: '2099-11-07', shown: '07/11/2099' };

test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

/** Three households in Thanh Hóa, planned for PLANNED, as CMIS exports them (`;`, BOM, decimal commas, dd/MM/yyyy). */
function cmisFile(stamp: string): Buffer {
  const rows = [0, 1, 2].map(
    (i) =>
      `YCPC${stamp}${i};PA07PC${stamp.slice(-5)}${i}0;Lê Thị Phân ${i + 1};Thôn Tây ${i + 1};${COMMUNE};Thanh Hóa;` +
      `19,81${i}5;105,76${i}5;1;PC${stamp}${i};${PLANNED.shown}`,
  );
  const header = 'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DIA_CHI;XA_PHUONG;TINH;lat;lng;SO_PHA;SO_CTO;NGAY_KH';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([header, ...rows].join('\r\n') + '\r\n', 'utf8')]);
}

interface TechnicianWithLoad {
  id: string;
  username: string;
  displayName: string;
  load?: number;
}

async function technicians(page: Page, date: string): Promise<TechnicianWithLoad[]> {
  const res = await page.request.get(`/api/v1/technicians?date=${date}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: TechnicianWithLoad[] }).items;
}

async function optionTexts(page: Page): Promise<string[]> {
  return (await page.getByLabel('Giao cho').locator('option').allTextContents()).slice(1);
}

test('the supervisor picks orders from the list, keeps their planned date unless changing it, and assigns knowing each technician’s load', async ({
  page,
}, testInfo) => {
  await signInToConsole(page, 'supervisor1');
  const imported = await page.request.post('/api/v1/work-orders/import', {
    headers: { 'Content-Type': 'text/csv' },
    data: cmisFile(String(Date.now()).slice(-7)),
  });
  expect(imported.status(), await imported.text()).toBe(200);
  await page.reload();
  await expect(page.locator('.map-cluster, .leaflet-interactive').first()).toBeVisible();
  await page.getByLabel('Xã/phường').selectOption({ label: COMMUNE });
  await expect(page.getByTestId('map-list-count')).toContainText('/ 3');

  // A row of the list is a toggle: three presses select the three orders, a second press takes one out again.
  const rows = page.locator('.map-list__row');
  await expect(rows).toHaveCount(3);
  for (const i of [0, 1, 2]) await rows.nth(i).click();
  await expect(page.getByRole('heading', { name: 'Đã chọn 3 công việc' })).toBeVisible();
  await rows.nth(1).click();
  await expect(page.getByRole('heading', { name: 'Đã chọn 2 công việc' })).toBeVisible();
  await expect(rows.nth(1)).toHaveAttribute('aria-pressed', 'false');
  await rows.nth(1).click();
  await expect(page.getByRole('heading', { name: 'Đã chọn 3 công việc' })).toBeVisible();
  await expect(rows.nth(1)).toHaveAttribute('aria-pressed', 'true');

  // The day is the orders' planned date, and says so; nothing is called missing yet.
  const date = page.getByLabel('Ngày thực hiện');
  await expect(date).toHaveValue(PLANNED.shown);
  await expect(page.getByText('Theo ngày kế hoạch của các công việc đã chọn.')).toBeVisible();
  await expect(page.getByText('Hãy chọn kỹ thuật viên trước khi phân công.')).toHaveCount(0);
  await expect(page.getByLabel('Giao cho')).toHaveAttribute('aria-invalid', 'false');

  // Each technician by name, username and the work they already have that day (as the server counts it).
  const team = await technicians(page, PLANNED.iso);
  await expect.poll(() => optionTexts(page)).toEqual(team.map((t) => `${t.displayName} (${t.username}) · đã có ${t.load ?? -1} việc`));

  // Trying without a technician says what is missing, sends nothing and puts the focus on the picker.
  const assignments: Request[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/assignments') && r.method() === 'POST') assignments.push(r);
  });
  await page.getByRole('button', { name: 'Phân công', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Hãy chọn kỹ thuật viên trước khi phân công.' })).toBeVisible();
  await expect(page.getByLabel('Giao cho')).toBeFocused();
  await expect(page.getByLabel('Giao cho')).toHaveAttribute('aria-invalid', 'true');
  expect(assignments).toHaveLength(0);

  // Another day: the note says which planned date it replaces, and the loads follow the day.
  await date.fill(CHOSEN.shown);
  await expect(page.getByText(`Ngày kế hoạch của 3 công việc sẽ đổi từ ${PLANNED.shown} sang ${CHOSEN.shown}.`)).toBeVisible();
  const before = await technicians(page, CHOSEN.iso);
  await expect.poll(() => optionTexts(page)).toEqual(before.map((t) => `${t.displayName} (${t.username}) · đã có ${t.load ?? -1} việc`));
  const tech3 = before.find((t) => t.username === 'tech3');
  if (tech3 === undefined) throw new Error('tech3 missing');
  await page.getByLabel('Giao cho').selectOption(tech3.id);
  await expect(page.getByRole('alert').filter({ hasText: 'Hãy chọn kỹ thuật viên' })).toHaveCount(0);
  await page.locator('.map-selection').screenshot({ path: testInfo.outputPath('map-assign-panel-1280x800.png') });
  await expectAccessible(page, 'console map with the assignment panel');

  const request = page.waitForRequest((r) => r.url().endsWith('/api/v1/assignments') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Phân công', exact: true }).click();
  const body = (await request).postDataJSON() as { workOrderIds: string[]; technicianId: string; plannedDate: string };
  expect(body).toMatchObject({ technicianId: tech3.id, plannedDate: CHOSEN.iso });
  expect(body.workOrderIds).toHaveLength(3);
  await expect(page.getByRole('status').filter({ hasText: `Đã giao 3 công việc cho ${tech3.displayName}` })).toBeVisible();
  const after = await technicians(page, CHOSEN.iso);
  expect(after.find((t) => t.id === tech3.id)?.load).toBe((tech3.load ?? 0) + 3);
});
