import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visitNoticeMessageId } from '../../src/domain/campaign/notices';
import { createNoticeLoop } from '../../server/services/notices/noticeLoop';
import { signBody } from '../../server/services/notices/signature';
import { enqueueSwapReceipt, runVisitNotices } from '../../server/services/notices/visitNotices';
import { connect } from '../../server/store/connect';
import type { NewWorkOrder } from '../../server/store/records';
import { startFakeGateway, type FakeGateway } from './fakeGateway';
import { backends, createTestDatabase, FakeClock, startTestServer, TEST_NOW, type TestDatabase, type TestServer } from './harness';
import { Device, FreshWorkOrders, swapFor } from './syncFixtures';

const SECRET = 'test-notify-secret-0123456789';
const AT = TEST_NOW.toISOString();

function order(teamId: string, n: number, overrides: Partial<NewWorkOrder> = {}): NewWorkOrder {
  return {
    id: randomUUID(),
    code: `WO-N-${n}`,
    customerCode: `PA0701${String(n).padStart(7, '0')}`,
    customerName: `Nguyễn Văn ${n}`,
    phone: '0912 345 678',
    address: `${n} Ấp Tân Thành`,
    commune: 'Tân Thành',
    province: 'Cà Mau',
    lat: 9.17,
    lng: 105.15,
    stationCode: null,
    routeCode: null,
    routeOrder: null,
    phases: 1,
    oldMeterSerial: `CT${n}`,
    oldMeterType: null,
    lastBilledReading: null,
    reason: null,
    plannedDate: '2026-11-25',
    status: 'unassigned',
    assigneeId: null,
    version: 1,
    teamId,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

describe.each(backends)('the notice before the visit (%s)', (backend) => {
  let database: TestDatabase;
  let teamId: string;
  const clock = new FakeClock(TEST_NOW);

  beforeEach(async () => {
    database = await createTestDatabase(backend);
    teamId = randomUUID();
    await database.store.teams.insertMissing([{ id: teamId, name: 'Đội QLKH Cái Nước', province: 'Cà Mau' }], AT);
  });
  afterEach(() => database.destroy());

  it('queues one message per household planned in the window; skips bad phones and opted-out households; a re-run adds nothing', async () => {
    const { store } = database;
    await store.teamSettings.save({
      teamId,
      settings: {
        parentBody: 'TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM',
        issuingBody: 'CÔNG TY ĐIỆN LỰC CÀ MAU',
        symbol: 'PCCM-KD',
        place: 'Cà Mau',
        contactName: 'Đội QLKH',
        contactPhone: '0290 3123 456',
        signerName: 'Nguyễn Văn Bình',
        signerTitle: ['GIÁM ĐỐC'],
        paymentOptions: ['Ví điện tử', 'Ngân hàng'],
      },
      updatedBy: null,
      updatedAt: AT,
    });
    const orders = [
      order(teamId, 1), // today + 1: in
      order(teamId, 2, { plannedDate: '2026-11-24', phone: '+84 162 345 6789' }), // today, an old 11-digit number: in
      order(teamId, 3, { plannedDate: '2026-11-26' }), // today + 2: in
      order(teamId, 4, { plannedDate: '2026-11-27' }), // today + 3: out
      order(teamId, 5, { plannedDate: '2026-11-23' }), // past: out
      order(teamId, 6, { phone: '0290 3123 456' }), // a landline: skipped, listed
      order(teamId, 7, { phone: null }), // no phone: skipped, listed
      order(teamId, 8), // opted out
      order(teamId, 9, { status: 'completed' }), // done: out
    ];
    await store.workOrders.insertMany(orders);
    await store.notices.setOptOut(teamId, orders[7]!.customerCode, true, AT);
    expect(await store.notices.isOptedOut(teamId, orders[7]!.customerCode)).toBe(true);

    const run = await runVisitNotices(store, clock, 2);
    expect(run).toMatchObject({ planned: 6, enqueued: 3, alreadyQueued: 0, superseded: 0, optedOut: 1 });
    expect(run.invalidPhones.map((p) => p.customerCode).sort()).toEqual([orders[5]!.customerCode, orders[6]!.customerCode]);
    const first = await store.notices.find(visitNoticeMessageId(orders[0]!.id, '2026-11-25', null));
    expect(first).toMatchObject({
      to: '0912345678',
      template: 'visit_notice',
      channel: 'zalo',
      status: 'queued',
      customerCode: orders[0]!.customerCode,
    });
    expect(first?.text).toContain('ngày 25/11/2026');
    expect(first?.text).toContain('Đội QLKH Cái Nước (ĐT: 0290 3123 456)');
    expect(first?.text).toContain('Quý khách vui lòng có mặt tại nhà; điện sẽ tạm ngắt khoảng 15 phút.');
    expect(first?.text).toContain('không dùng tiền mặt: Ví điện tử; Ngân hàng.');
    expect((await store.notices.find(visitNoticeMessageId(orders[1]!.id, '2026-11-24', null)))?.to).toBe('0323456789');

    // A re-run adds nothing.
    expect(await runVisitNotices(store, clock, 2)).toMatchObject({ enqueued: 0, alreadyQueued: 3 });
    expect(await store.notices.countByStatus()).toEqual({ queued: 3 });

    // Opting back in: the household gets its notice on the next run.
    await store.notices.setOptOut(teamId, orders[7]!.customerCode, false, AT);
    expect(await runVisitNotices(store, clock, 2)).toMatchObject({ enqueued: 1, optedOut: 0 });
  });

  it('a changed plan makes a new message and skips the old one if it has not gone yet', async () => {
    const { store } = database;
    const [a, b] = [order(teamId, 1), order(teamId, 2)];
    await store.workOrders.insertMany([a, b]);
    expect((await runVisitNotices(store, clock, 2)).enqueued).toBe(2);
    // b's notice went out already.
    const claimed = await store.notices.claim('s', AT, new Date(TEST_NOW.getTime() + 60_000).toISOString(), 10);
    expect(claimed).toHaveLength(2);
    await store.notices.markSent(visitNoticeMessageId(b.id, '2026-11-25', null), 's', AT);
    await store.notices.markRetry(visitNoticeMessageId(a.id, '2026-11-25', null), 's', AT, 'HTTP 503');
    const { db } = await connect(database.location);
    try {
      await db.updateTable('work_orders').set({ planned_date: '2026-11-26' }).where('id', 'in', [a.id, b.id]).execute();
    } finally {
      await db.destroy();
    }
    expect(await runVisitNotices(store, clock, 2)).toMatchObject({ enqueued: 2, superseded: 1 });
    expect((await store.notices.find(visitNoticeMessageId(a.id, '2026-11-25', null)))?.status).toBe('skipped');
    expect((await store.notices.find(visitNoticeMessageId(b.id, '2026-11-25', null)))?.status).toBe('sent');
    expect((await store.notices.find(visitNoticeMessageId(a.id, '2026-11-26', null)))?.text).toContain('ngày 26/11/2026');
  });

  it('runs the visit job from the loop at most every 15 minutes, then sends; start and stop with real timers', async () => {
    const { store } = database;
    const gateway = await startFakeGateway(SECRET, () => Math.floor(clock.now().getTime() / 1000));
    try {
      const settings = { notifyWebhookUrl: gateway.url, notifyWebhookSecret: SECRET, notifyQuietHours: null, notifyBeforeDays: 2 };
      const loop = createNoticeLoop(store, clock, settings);
      await store.workOrders.insertMany([order(teamId, 1)]);
      const first = await loop.tick();
      expect(first.visit?.enqueued).toBe(1);
      expect(first.send.sent).toBe(1);
      await store.workOrders.insertMany([order(teamId, 2)]);
      clock.advance(14 * 60_000);
      expect((await loop.tick()).visit).toBeNull();
      clock.advance(60_000);
      expect(await loop.tick()).toMatchObject({ visit: { enqueued: 1, alreadyQueued: 1 }, send: { sent: 1 } });
      expect(gateway.delivered.size).toBe(2);

      // Started with real timers: a tick runs, and stop waits for it.
      await store.workOrders.insertMany([order(teamId, 3)]);
      const lines: string[] = [];
      const stop = createNoticeLoop(store, clock, settings).start({ info: (_d, m) => lines.push(m), error: (_d, m) => lines.push(m) }, 20);
      await expect.poll(() => gateway.delivered.size, { timeout: 5_000 }).toBe(3);
      await stop();
      expect(lines).toContain('notices sent');
    } finally {
      await gateway.close();
    }
  });

  it('queues a swap receipt once per completion, with both meters and the link', async () => {
    const { store } = database;
    const wo = order(teamId, 1);
    await store.workOrders.insertMany([wo]);
    const request = {
      workOrderId: wo.id,
      completionId: randomUUID(),
      teamId,
      customerCode: wo.customerCode,
      customerName: wo.customerName,
      phone: wo.phone,
      oldSerial: 'CT1',
      oldReading: 12345,
      newSerial: 'DT998877',
      newReading: 0,
      at: TEST_NOW,
      link: 'https://meters.example.vn/bien-ban/abc',
    };
    expect(await store.transaction((tx) => enqueueSwapReceipt(tx, request, TEST_NOW))).toBe('queued');
    expect(await store.transaction((tx) => enqueueSwapReceipt(tx, request, TEST_NOW))).toBe('duplicate');
    const [receipt] = await store.notices.listForTeam(teamId, 10);
    expect(receipt?.template).toBe('swap_receipt');
    expect(receipt?.params).toMatchObject({
      oldSerial: 'CT1',
      oldReading: '12.345',
      newSerial: 'DT998877',
      link: request.link,
      time: '24/11/2026 10:00',
    });
    expect(await store.transaction((tx) => enqueueSwapReceipt(tx, { ...request, completionId: randomUUID(), phone: '123' }, TEST_NOW))).toBe(
      'invalid-phone',
    );
    await store.notices.setOptOut(teamId, wo.customerCode, true, AT);
    expect(await store.transaction((tx) => enqueueSwapReceipt(tx, { ...request, completionId: randomUUID() }, TEST_NOW))).toBe('opted-out');
  });
});

describe.each(backends)('notice receipts, the CSV and a gateway that hangs (%s)', (backend) => {
  let server: TestServer;
  let gateway: FakeGateway;
  let teamId: string;
  const unix = () => Math.floor(server.clock.now().getTime() / 1000);

  beforeEach(async () => {
    server = await startTestServer(backend, { seed: 300, config: { notifyWebhookSecret: SECRET } });
    gateway = await startFakeGateway(SECRET, unix);
    const supervisor = await server.store.users.findByUsername('supervisor1');
    teamId = supervisor?.teamId ?? '';
    await server.store.notices.enqueue(
      {
        messageId: 'visit:1',
        teamId,
        workOrderId: null,
        customerCode: 'PA0701',
        to: '0912345678',
        channel: 'zalo',
        template: 'visit_notice',
        params: {},
        text: '=HYPERLINK("http://evil") thông báo',
      },
      AT,
    );
  });
  afterEach(async () => {
    await gateway.close();
    await server.close();
  });

  const postReceipt = (body: string, signature: string | undefined) =>
    fetch(`${server.baseUrl}/api/v1/notices/receipts`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-notify-signature': signature }) },
    });

  it('accepts a signed receipt, answers a repeat the same, and refuses bad, missing and old signatures', async () => {
    const body = JSON.stringify({ messageId: 'visit:1', status: 'delivered', at: '2026-11-24T03:05:00Z' });
    const good = await postReceipt(body, signBody(SECRET, body, unix()));
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ messageId: 'visit:1', status: 'delivered' });
    expect(await server.store.notices.find('visit:1')).toMatchObject({ status: 'delivered', deliveredAt: '2026-11-24T03:05:00.000Z' });
    // The same receipt again (a replay within the window): the same answer, nothing changes.
    const again = await postReceipt(body, signBody(SECRET, body, unix()));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ messageId: 'visit:1', status: 'delivered' });
    // A later "failed" for a delivered message does not undo it.
    const late = JSON.stringify({ messageId: 'visit:1', status: 'failed', at: '2026-11-24T03:06:00Z', reason: 'x' });
    expect(await (await postReceipt(late, signBody(SECRET, late, unix()))).json()).toEqual({ messageId: 'visit:1', status: 'delivered' });

    const problem = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { code: string }).code });
    expect(await problem(await postReceipt(body, signBody('another-secret-of-16+', body, unix())))).toEqual({
      status: 401,
      code: 'NOTICE_SIGNATURE_INVALID',
    });
    expect(await problem(await postReceipt(body, undefined))).toEqual({ status: 401, code: 'NOTICE_SIGNATURE_INVALID' });
    // Signed over other bytes (the body tampered with).
    expect(await problem(await postReceipt(body.replace('delivered', 'failed'), signBody(SECRET, body, unix())))).toEqual({
      status: 401,
      code: 'NOTICE_SIGNATURE_INVALID',
    });
    // A captured request replayed six minutes later.
    const captured = signBody(SECRET, body, unix());
    server.clock.advance(6 * 60_000);
    expect(await problem(await postReceipt(body, captured))).toEqual({ status: 401, code: 'NOTICE_SIGNATURE_EXPIRED' });
    // Valid signature, unknown message; valid signature, invalid body.
    const unknown = JSON.stringify({ messageId: 'nope', status: 'delivered', at: AT });
    expect(await problem(await postReceipt(unknown, signBody(SECRET, unknown, unix())))).toEqual({ status: 404, code: 'NOT_FOUND' });
    const invalid = JSON.stringify({ messageId: 'visit:1', status: 'read', at: AT });
    const res = await postReceipt(invalid, signBody(SECRET, invalid, unix()));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['status']);
  });

  it('exports the queue as CSV with the formula guard, own team only', async () => {
    const supervisor = await server.login('supervisor1');
    const res = await supervisor.get('/api/v1/notices.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('status,to,channel,template,text,customer_code,created_at,sent_at,delivered_at,attempts,last_error,message_id');
    expect(lines[1]).toContain(`queued,0912345678,zalo,visit_notice,"'=HYPERLINK(""http://evil"") thông báo",PA0701,${AT}`);
    const other = await server.login('supervisor2');
    expect((await other.get('/api/v1/notices.csv')).text).not.toContain('0912345678');
    expect((await other.get(`/api/v1/notices.csv?teamId=${teamId}`)).status).toBe(403);
  });

  it('lets a supervisor stop and resume notices to a household of their team', async () => {
    const supervisor = await server.login('supervisor1');
    const res = await supervisor.request('PUT', '/api/v1/notices/opt-outs/PA0701', { json: { optedOut: true } });
    expect(res.status, res.text).toBe(200);
    expect(res.json()).toEqual({ customerCode: 'PA0701', optedOut: true });
    expect(await server.store.notices.isOptedOut(teamId, 'PA0701')).toBe(true);
    expect((await supervisor.request('PUT', '/api/v1/notices/opt-outs/PA0701', { json: { optedOut: true } })).status).toBe(200);
    expect((await supervisor.request('PUT', '/api/v1/notices/opt-outs/PA0701', { json: { optedOut: false } })).json()).toEqual({
      customerCode: 'PA0701',
      optedOut: false,
    });
    expect(await server.store.notices.isOptedOut(teamId, 'PA0701')).toBe(false);
    const bad = await supervisor.request('PUT', '/api/v1/notices/opt-outs/PA0701', { json: { optedOut: 'yes' } });
    expect(bad.status).toBe(400);
    const admin = await server.login('admin');
    const noTeam = await admin.request('PUT', '/api/v1/notices/opt-outs/PA0701', { json: { optedOut: true } });
    expect(noTeam.status).toBe(400);
    expect((noTeam.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['teamId']);
  });

  it('a gateway that hangs never blocks a sync push', async () => {
    const supervisor = await server.login('supervisor1');
    const [wo] = await new FreshWorkOrders(server, supervisor).assignedTo('tech1');
    const device = new Device(await server.login('tech1'));
    gateway.answer = () => 'hang';
    const loop = createNoticeLoop(
      server.store,
      server.clock,
      { notifyWebhookUrl: gateway.url, notifyWebhookSecret: SECRET, notifyQuietHours: null, notifyBeforeDays: 2 },
      // Every due message in one pass, all hanging at once until the timeout.
      { timeoutMs: 4_000, batchSize: 1_000, concurrency: 1_000 },
    );
    const tick = loop.tick();
    // The tick's POSTs are hanging at the gateway.
    await expect.poll(() => gateway.raw.length, { timeout: 5_000 }).toBeGreaterThan(0);
    const started = performance.now();
    const result = await device.send('swap.complete', swapFor(wo!).args);
    const pushMs = performance.now() - started;
    expect(result.status).toBe('applied');
    expect(pushMs).toBeLessThan(2_000);
    let settled = false;
    void tick.then(() => (settled = true));
    expect(settled).toBe(false);
    const { send } = await tick;
    expect(send.retried).toBeGreaterThan(0);
  }, 30_000);
});
