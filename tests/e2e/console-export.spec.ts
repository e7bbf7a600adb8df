import { expect, test, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, signInToConsole } from './helpers';
import { unassignedWorkOrderIds } from './serverData';

// Issue 18, items 7 and 9: the CMIS export says how many received records still wait for approval (the CSV holds
// approved ones only) and links to the review queue; its dates read dd/MM/yyyy even in an English browser.

/** A day far ahead: the order completed here stays off tech5's today list. */
const PARKED_DATE = '2099-12-29';

test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

async function loggedIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
}

/** A swap pushed as tech5's device would (photos still to come: the server keeps the record all the same). */
function swap(wo: { id: string; version: number; oldMeterSerial: string; lat: number; lng: number }, serial: string) {
  const now = new Date().toISOString();
  const photo = (c: string) => c.repeat(64);
  return {
    completionId: randomUUID(),
    workOrderId: wo.id,
    baseVersion: wo.version,
    removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: 99_999 }, sealCondition: 'intact', photoIds: [photo('a')] },
    installed: { serial, model: 'VSE11', readings: { total: 0.5 }, seals: [{ code: `CM${serial.slice(-6)}`, beads: 2 }], photoIds: [photo('b')] },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 6, at: now },
    handover: {
      signerName: 'Khách hàng Cà Mau',
      signerRole: 'customer',
      signaturePhotoId: photo('c'),
      cashless: { currentMethod: 'cash', consent: false },
    },
    completedAt: now,
  };
}

test('the export counts the received records waiting for approval and leads to the review queue', async ({ page, playwright, baseURL }) => {
  await signInToConsole(page, 'supervisor2');
  await page.getByRole('link', { name: 'Tiến độ' }).click();
  const summary = page.getByTestId('export-summary');
  await expect(summary).toBeVisible();
  const readSummary = async () => {
    const href = (await page.getByRole('link', { name: 'Tải tệp CSV' }).getAttribute('href')) ?? '';
    const query = href.slice(href.indexOf('?'));
    const res = await page.request.get(`/api/v1/exports/completions/summary${query}`);
    return { href, counts: (await res.json()) as { approved: number; awaitingApproval: number } };
  };
  const before = await readSummary();

  // tech5 completes one Cà Mau order today: received, not approved.
  const supervisorApi = await playwright.request.newContext({ baseURL });
  await loggedIn(supervisorApi, 'supervisor2');
  const tech5Id = ((await (await supervisorApi.get('/api/v1/technicians')).json()) as { items: { id: string; username: string }[] }).items.find(
    (t) => t.username === 'tech5',
  )?.id;
  const [orderId] = unassignedWorkOrderIds('Cà Mau', 25).slice(-1);
  if (tech5Id === undefined || orderId === undefined) throw new Error('no tech5 or no order');
  const assigned = await supervisorApi.post('/api/v1/assignments', {
    data: { workOrderIds: [orderId], technicianId: tech5Id, plannedDate: PARKED_DATE },
  });
  expect(assigned.status()).toBe(200);
  const wo = (await (await supervisorApi.get(`/api/v1/work-orders/${orderId}`)).json()) as Parameters<typeof swap>[0];
  await supervisorApi.dispose();
  const tech = await playwright.request.newContext({ baseURL });
  await loggedIn(tech, 'tech5');
  const push = await tech.post('/api/v1/sync/push', {
    data: {
      protocolVersion: 1,
      clientId: randomUUID(),
      mutations: [{ seq: 1, mutationId: randomUUID(), name: 'swap.complete', args: swap(wo, `EXP${String(Date.now()).slice(-8)}`) }],
    },
  });
  expect(push.status(), await push.text()).toBe(200);
  await tech.dispose();

  // The screen counts it as waiting, beside what the file holds; the file holds exactly what it says.
  await page.reload();
  const waiting = before.counts.awaitingApproval + 1;
  await expect(summary).toContainText(`${waiting} biên bản đã nhận đang chờ duyệt nên chưa có trong tệp.`);
  const after = await readSummary();
  expect(after.counts).toEqual({ approved: before.counts.approved, awaitingApproval: waiting });
  await expect(summary).toContainText(
    after.counts.approved === 0
      ? 'Chưa có biên bản nào được duyệt trong khoảng ngày này: tệp sẽ chỉ có dòng tiêu đề.'
      : `Tệp sẽ có ${after.counts.approved} biên bản đã duyệt.`,
  );
  const csv = await page.request.get(after.href);
  expect(csv.status()).toBe(200);
  const dataRows = (await csv.text()).split('\r\n').filter((line) => line !== '').length - 1;
  expect(dataRows).toBe(after.counts.approved);

  await summary.getByRole('link', { name: 'Mở hàng đợi đối soát' }).click();
  await expect(page).toHaveURL(/\/console\/reviews$/);
});

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('the export dates read and take dd/MM/yyyy, not the browser’s mm/dd/yyyy, and go to the server as ISO days', async ({ page }) => {
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await signInToConsole(page, 'supervisor2');
    await page.getByRole('link', { name: 'Tiến độ' }).click();
    const from = page.getByLabel('Từ ngày');
    const to = page.getByLabel('Đến ngày');
    await expect(from).toHaveAttribute('placeholder', 'dd/mm/yyyy');
    await expect(from).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);

    await from.fill('5/11/2099');
    await to.fill('30112099');
    await to.press('Tab');
    await from.focus();
    await from.press('Tab');
    await expect(from).toHaveValue('05/11/2099');
    await expect(to).toHaveValue('30/11/2099');
    const download = page.getByRole('link', { name: 'Tải tệp CSV' });
    await expect(download).toHaveAttribute('href', /from=2099-11-05&to=2099-11-30/);

    // Arrow keys move the day, as in the browser's own date field.
    await to.press('ArrowUp');
    await expect(to).toHaveValue('01/12/2099');
    await expect(download).toHaveAttribute('href', /to=2099-12-01/);

    // An American date is no date here: said in Vietnamese once the user leaves the field, and nothing is offered.
    await to.fill('11/31/2099');
    await expect(page.getByText('Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 08/12/2025.')).toHaveCount(0);
    await to.press('Tab');
    await expect(page.getByText('Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 08/12/2025.')).toBeVisible();
    await expect(to).toHaveAttribute('aria-invalid', 'true');
    await expect(download).toHaveCount(0);

    // The same in English.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByText('Not a valid date. Type it as day/month/year, e.g. 08/12/2025.')).toBeVisible();
  });
});
