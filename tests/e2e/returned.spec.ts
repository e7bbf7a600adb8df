import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { E2E_BASE_URL } from '../../playwright.config';
import { completeSwapOnline, expectAccessible, readLocalState, screenshots, siteCoordinates, type LocalState } from './captureHelpers';
import { DEMO_PASSWORD, signIn, waitForServiceWorker, workOrderRows } from './helpers';

// tech3's first work order of the day: no other journey captures with tech3 (they only sign in and read the list).
// The supervisor's side goes through the API as supervisor1 (Thanh Hóa: tech1..tech3); the console has its own specs.

const NOTE = 'Chỉ số tháo chưa đúng, đọc lại trên mặt công tơ.\nGiữ nguyên các ảnh khác.';

interface ReviewItem {
  id: string;
  code: string;
  status: string;
  completion: { mediaStatus: string; removed: { readings: { total: number } } } | null;
}

/** The removed meter's index as the work order's amend draft holds it on the device (`amend:<id>`, src/local/returns.ts). */
function storedRemovedIndex(state: LocalState, workOrderId: string): unknown {
  const amend = state.drafts.find((d) => d.id === `amend:${workOrderId}`);
  const data = amend?.data as { draft?: { removed?: { readings?: { total?: unknown } } } } | undefined;
  return data?.draft?.removed?.readings?.total;
}

async function supervisorApi(): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: E2E_BASE_URL });
  const login = await api.post('/api/v1/auth/login', { data: { username: 'supervisor1', password: DEMO_PASSWORD } });
  expect(login.ok()).toBe(true);
  return api;
}

async function reviewsOf(api: APIRequestContext, workOrderId: string, status: 'open' | 'all'): Promise<ReviewItem[]> {
  const res = await api.get('/api/v1/reviews', { params: { workOrderId, status } });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { items: ReviewItem[] }).items;
}

test('a record the supervisor returns comes back to the phone with the note, is fixed offline and resubmitted', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(240_000);
  const supervisor = await supervisorApi();
  await context.grantPermissions(['geolocation']);
  await signIn(page, 'tech3');
  await waitForServiceWorker(page);
  await workOrderRows(page).first().click();
  const workOrderId = page.url().split('/').pop() ?? '';
  const site = await siteCoordinates(page);
  await context.setGeolocation({ latitude: site.latitude + 0.0002, longitude: site.longitude, accuracy: 9 });
  const finalIndex = await completeSwapOnline(page, { label: '3', installedSerial: 'PS-E2E-RET-01', sealCode: 'NP-RET-01' });

  // Online: the record and its photos reach the server, which files a COMPLETION item for the supervisor.
  let item: ReviewItem | undefined;
  await expect(async () => {
    item = (await reviewsOf(supervisor, workOrderId, 'open')).find((i) => i.code === 'COMPLETION' && i.completion?.mediaStatus === 'complete');
    expect(item).toBeDefined();
  }).toPass({ timeout: 60_000 });
  const returned = await supervisor.post(`/api/v1/reviews/${item?.id ?? ''}/resolve`, { data: { decision: 'return', note: NOTE } });
  expect(returned.ok()).toBe(true);

  // The phone's next sync brings the return: "Bị trả lại" among open work, with the note's first line.
  await page.goto('/');
  await page.getByRole('button', { name: 'Đồng bộ', exact: true }).click();
  const row = page.locator(`a[data-testid="work-order-row"][href="/work-orders/${workOrderId}"]`);
  await expect(row).toContainText('Bị trả lại', { timeout: 30_000 });
  await expect(row.getByTestId('return-note')).toHaveText('Tổ trưởng: Chỉ số tháo chưa đúng, đọc lại trên mặt công tơ.');
  await page.setViewportSize({ width: 360, height: 740 });
  await screenshots(page, testInfo, 'r1-list-returned');
  // The list is long: the first screen (the returned order is first on the route) as the technician sees it.
  await page.screenshot({ path: testInfo.outputPath('screens', 'r1-list-returned-viewport-360.png') });

  // Offline from here until the correction is queued.
  await context.setOffline(true);
  await row.click();
  const section = page.getByTestId('returned-section');
  await expect(section.getByTestId('return-note')).toContainText('Giữ nguyên các ảnh khác.');
  await expectAccessible(page, 'returned detail');
  await screenshots(page, testInfo, 'r2-detail-returned');
  await section.getByRole('button', { name: 'Sửa và gửi lại' }).click();

  // The capture steps, prefilled from the device's record, the supervisor's request on top.
  await expect(page.getByTestId('amend-banner')).toContainText('Chỉ số tháo chưa đúng');
  await expect(page.getByRole('heading', { name: 'Công tơ tháo', exact: true })).toBeVisible();
  await expect(page.getByLabel('Chỉ số tháo')).toHaveValue(String(finalIndex));
  await expect(page.getByRole('button', { name: 'Không thực hiện được' })).toHaveCount(0);
  await page.getByLabel('Chỉ số tháo').fill(`${finalIndex + 7},5`);
  await expectAccessible(page, 'amend removed meter');
  await screenshots(page, testInfo, 'r3-amend-removed');
  // A reload keeps the correction (its draft is saved like any other, a moment after typing: reload once it is).
  await expect.poll(async () => storedRemovedIndex(await readLocalState(page), workOrderId)).toBe(`${finalIndex + 7},5`);
  await page.reload();
  await expect(page.getByLabel('Chỉ số tháo')).toHaveValue(`${finalIndex + 7},5`);
  for (const heading of ['Công tơ treo', 'Vị trí', 'Bàn giao', 'Thanh toán không dùng tiền mặt']) {
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
  }
  await page.getByRole('button', { name: 'Gửi lại' }).click();
  await expect(page.getByTestId('amend-refusal')).toContainText('Ghi lý do sửa');
  await page.getByLabel('Lý do sửa (đã sửa gì)').fill('Đọc lại chỉ số tháo trên mặt công tơ');
  await screenshots(page, testInfo, 'r4-amend-reason');
  await page.getByRole('button', { name: 'Gửi lại' }).click();
  await expect(page.getByRole('heading', { name: 'Đã sửa biên bản', exact: true })).toBeVisible();

  const state = await readLocalState(page);
  const amend = state.outbox.at(-1);
  expect(amend?.name).toBe('completion.amend');
  expect(amend?.status).toBe('pending');
  expect(Object.keys((amend?.args as { patch: object }).patch)).toEqual(['removed']);
  expect(state.drafts).toEqual([]);

  // Locally: completed again, "Đã sửa — chờ gửi", the record read-only with the amended index.
  await page.goto(`/work-orders/${workOrderId}`);
  await expect(page.getByText('Hoàn thành', { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('amendment-status')).toContainText('Đã sửa — chờ gửi');
  await expect(page.getByRole('button', { name: 'Sửa và gửi lại' })).toHaveCount(0);
  await screenshots(page, testInfo, 'r5-detail-amended');
  await page.getByRole('link', { name: 'Xem biên bản treo tháo' }).click();
  await expect(page.getByTestId('handover-record')).toContainText(new Intl.NumberFormat('vi-VN').format(finalIndex + 7.5));

  // The end-of-day view lists the correction, not sent yet, like any other record.
  await page.goto('/outbox');
  const outboxItem = page.getByTestId('outbox-item').filter({ hasText: 'Sửa biên bản bị trả lại' });
  await expect(outboxItem).toHaveAttribute('data-record', 'pending');
  await screenshots(page, testInfo, 'r6-outbox');

  // Online again: the correction reaches the server; the work order is completed with a new open COMPLETION item.
  await context.setOffline(false);
  await page.goto(`/work-orders/${workOrderId}`);
  await expect(page.getByTestId('amendment-status')).toContainText('Đã gửi bản sửa', { timeout: 30_000 });
  await page.goto('/outbox');
  await expect(outboxItem).toHaveAttribute('data-state', 'sent');
  await page.goto(`/work-orders/${workOrderId}`);
  await expect(async () => {
    const wo = await supervisor.get(`/api/v1/work-orders/${workOrderId}`);
    expect(((await wo.json()) as { status: string }).status).toBe('completed');
    const open = (await reviewsOf(supervisor, workOrderId, 'open')).filter((i) => i.code === 'COMPLETION');
    expect(open).toHaveLength(1);
    expect(open[0]?.completion?.removed.readings.total).toBe(finalIndex + 7.5);
  }).toPass({ timeout: 30_000 });
  await supervisor.dispose();
});
