import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoticeOverview, swapReceiptMessageId } from '../../src/domain/campaign/notices';
import { normalizePhone } from '../../src/domain/capture/identifiers';
import { PullResponse } from '../../src/domain/protocol/sync';
import { createNoticeSender } from '../../server/services/notices/sender';
import { signBody } from '../../server/services/notices/signature';
import type { NewWorkOrder } from '../../server/store/records';
import { startFakeGateway } from './fakeGateway';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { Device, FreshWorkOrders, swapFor } from './syncFixtures';

/*
 * Issue 15 §3 end to end on the server: a swap received by a push queues its receipt with a link to the customer's
 * copy (one per completion, whatever the retries), the household's notice shows on its work order (sent, delivered,
 * told in person by the technician offline) and reaches the technician's device through the pull.
 */

const PUBLIC_URL = 'https://thaycongto.example.vn';
const SECRET = 'test-notify-secret-0123456789';

describe.each(backends)('the receipt after a swap and the notice on the work order (%s)', (backend) => {
  let server: TestServer;
  let supervisor: HttpClient;
  let tech1: HttpClient;
  let teamId: string;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 400, config: { publicUrl: PUBLIC_URL, notifyWebhookSecret: SECRET } });
    supervisor = await server.login('supervisor1');
    tech1 = await server.login('tech1');
    teamId = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? '';
    fresh = new FreshWorkOrders(server, supervisor);
  });
  afterAll(() => server.close());

  /** A fresh order of tech1 whose household has a mobile number, or none (the seed leaves one in ten without). */
  async function orderWithPhone(withPhone = true): Promise<NewWorkOrder> {
    for (;;) {
      const [wo] = fresh.take(1);
      if (wo === undefined) throw new Error('no order');
      if ((wo.phone !== null) !== withPhone) continue;
      const res = await supervisor.post('/api/v1/assignments', { workOrderIds: [wo.id], technicianId: await server.userId('tech1') });
      expect(res.status, res.text).toBe(200);
      return wo;
    }
  }

  it('queues one receipt per swap with both meters and a link that opens the customer copy signed out', async () => {
    const wo = await orderWithPhone();
    const device = new Device(tech1);
    const swap = swapFor(wo);
    const envelope = device.mutation('swap.complete', swap.args);
    expect((await device.pushOk([envelope])).results[0]?.status).toBe('applied');
    // The same push again (the device never saw the answer): answered as a duplicate, nothing more is queued.
    expect((await device.pushOk([envelope])).results[0]?.status).toBe('duplicate');

    const receipts = (await server.store.notices.listForTeam(teamId, 1000)).filter((n) => n.workOrderId === wo.id && n.template === 'swap_receipt');
    expect(receipts).toHaveLength(1);
    const [receipt] = receipts;
    expect(receipt).toMatchObject({
      messageId: swapReceiptMessageId(wo.id, swap.args.completionId),
      status: 'queued',
      customerCode: wo.customerCode,
      params: { oldSerial: wo.oldMeterSerial, newSerial: swap.args.installed.serial },
    });
    const link = receipt?.params.link ?? '';
    expect(link.startsWith(`${PUBLIC_URL}/bien-ban/`)).toBe(true);
    expect(receipt?.text).toContain(link);
    expect(receipt?.text).toContain(swap.args.installed.serial);

    const anonymous = server.client();
    const page = await anonymous.get(new URL(link).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain(swap.args.installed.serial);
    expect(page.text).toContain(wo.oldMeterSerial);
    // The token reaches this record only: the work order's console detail stays closed to it.
    expect((await anonymous.get(`/api/v1/work-orders/${wo.id}`)).status).toBe(401);
  });

  it('sends nothing to a household without a mobile, and skips (listed) a household that opted out', async () => {
    const device = new Device(tech1);
    const noPhone = await orderWithPhone(false);
    expect((await device.send('swap.complete', swapFor(noPhone).args)).status).toBe('applied');
    expect((await server.store.notices.listForTeam(teamId, 1000)).filter((n) => n.workOrderId === noPhone.id)).toEqual([]);
    const optedOut = await orderWithPhone();
    expect((await supervisor.request('PUT', `/api/v1/notices/opt-outs/${optedOut.customerCode}`, { json: { optedOut: true } })).status).toBe(200);
    const swap = swapFor(optedOut);
    expect((await device.send('swap.complete', swap.args)).status).toBe('applied');
    const messages = (await server.store.notices.listForTeam(teamId, 1000)).filter((n) => n.workOrderId === optedOut.id);
    expect(messages.map((m) => [m.template, m.status, m.lastError])).toEqual([['swap_receipt', 'skipped', 'opted out']]);
  });

  it('records "told in person" from the device, merges it with the gateway, and the device pulls it', async () => {
    const wo = await orderWithPhone();
    const device = new Device(tech1);
    const at = new Date(TEST_NOW.getTime() - 60_000).toISOString(); // told a minute before the phone synced
    const plannedDate = (await server.store.workOrders.findById(wo.id))?.plannedDate ?? null;
    expect(await device.send('workOrder.notify', { workOrderId: wo.id, via: 'in_person', forDate: plannedDate, at })).toMatchObject({
      status: 'applied',
    });
    const stored = await server.store.workOrders.findById(wo.id);
    expect(stored?.notice).toEqual({ via: 'in_person', state: 'delivered', at, forDate: plannedDate });

    // The device sees it on the work order after a pull.
    const pull = PullResponse.parse((await tech1.get(`/api/v1/sync/pull?clientId=${randomUUID()}&limit=500`)).json());
    const pulled = pull.changes.find((c) => c.entity === 'workOrder' && c.id === wo.id);
    expect(pulled && 'data' in pulled ? (pulled.data as { notice?: unknown }).notice : undefined).toEqual(stored?.notice);

    // A device clock years ahead cannot date it in the future: it is dated when the server received it at the latest.
    const other = await orderWithPhone();
    expect(
      (await device.send('workOrder.notify', { workOrderId: other.id, via: 'loudspeaker', forDate: null, at: '2099-01-01T00:00:00Z' })).status,
    ).toBe('applied');
    expect((await server.store.workOrders.findById(other.id))?.notice?.at).toBe(server.clock.now().toISOString());

    // Bad input is rejected (kept, never applied); another technician's order is not theirs to mark.
    const bad = await device.send('workOrder.notify', { workOrderId: wo.id, via: 'pigeon', forDate: null, at });
    expect(bad).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
    const tech2 = new Device(await server.login('tech2'));
    expect(await tech2.send('workOrder.notify', { workOrderId: wo.id, via: 'loudspeaker', forDate: null, at })).toMatchObject({
      status: 'rejected',
      error: { code: 'NOT_ASSIGNED' },
    });
  });

  it('shows the visit notice on the work order: sent, then delivered; a late "failed" does not undo it', async () => {
    const wo = await orderWithPhone();
    const before = await server.store.workOrders.findById(wo.id);
    const day = before?.plannedDate ?? '2026-11-25';
    await server.store.notices.enqueue(
      {
        messageId: `visit-test:${wo.id}`,
        teamId,
        workOrderId: wo.id,
        customerCode: wo.customerCode,
        to: '0912345678',
        channel: 'zalo',
        template: 'visit_notice',
        params: { visitDate: day },
        text: 'thông báo',
      },
      TEST_NOW.toISOString(),
    );
    const gateway = await startFakeGateway(SECRET, () => Math.floor(server.clock.now().getTime() / 1000));
    try {
      const sender = createNoticeSender(server.store, server.clock, { webhookUrl: gateway.url, secret: SECRET, quietHours: null });
      await sender.drain();
    } finally {
      await gateway.close();
    }
    const sent = await server.store.workOrders.findById(wo.id);
    expect(sent?.notice).toMatchObject({ via: 'zalo', state: 'sent', forDate: day });
    expect(sent?.version).toBe((before?.version ?? 0) + 1);

    const receipt = async (status: string, at: string) => {
      const body = JSON.stringify({ messageId: `visit-test:${wo.id}`, status, at });
      const res = await fetch(`${server.baseUrl}/api/v1/notices/receipts`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-notify-signature': signBody(SECRET, body, Math.floor(server.clock.now().getTime() / 1000)),
        },
      });
      expect(res.status).toBe(200);
    };
    await receipt('delivered', '2026-11-24T03:05:00Z');
    expect((await server.store.workOrders.findById(wo.id))?.notice).toEqual({
      via: 'zalo',
      state: 'delivered',
      at: '2026-11-24T03:05:00.000Z',
      forDate: day,
    });
    const version = (await server.store.workOrders.findById(wo.id))?.version;
    await receipt('failed', '2026-11-24T03:06:00Z');
    const after = await server.store.workOrders.findById(wo.id);
    expect(after?.notice?.state).toBe('delivered');
    expect(after?.version).toBe(version);
  });
});

describe.each(backends)('the notice queue in the console (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 300 });
  });
  afterAll(() => server.close());

  it('counts per status, lists the newest messages and every open order no notice can reach, own team only', async () => {
    const supervisor = await server.login('supervisor1');
    const teamId = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? '';
    const base = { teamId, workOrderId: null, customerCode: 'PA0701', to: '0912345678', channel: 'zalo' as const, params: {}, text: 'x' };
    await server.store.notices.enqueue({ ...base, messageId: 'm1', template: 'visit_notice' }, TEST_NOW.toISOString());
    await server.store.notices.enqueue({ ...base, messageId: 'm2', template: 'swap_receipt' }, TEST_NOW.toISOString());
    await server.store.notices.setOptOut(teamId, 'PA0701', true, TEST_NOW.toISOString());

    const res = await supervisor.get('/api/v1/notices');
    expect(res.status, res.text).toBe(200);
    const body = NoticeOverview.parse(res.json());
    expect(body.counts).toMatchObject({ queued: 0, skipped: 2 });
    expect(body.gateway).toBe(false);
    expect(body.items.map((i) => i.messageId).sort()).toEqual(['m1', 'm2']);
    expect(body.items[0]?.lastError).toBe('opted out');
    // Every open order of the team whose phone is missing or not a mobile, counted; none of another team's.
    const open = (await server.store.workOrders.list({ teamId }, undefined, 10_000)).filter((o) =>
      ['unassigned', 'assigned', 'in_progress', 'returned'].includes(o.status),
    );
    const unreachable = open.filter((o) => o.phone === null || normalizePhone(o.phone) === null);
    expect(unreachable.length).toBeGreaterThan(0);
    expect(body.invalidPhones.total).toBe(unreachable.length);
    expect(unreachable.length).toBeLessThan(200); // all listed, then
    expect(body.invalidPhones.items.map((i) => i.workOrderId).sort()).toEqual(unreachable.map((o) => o.id).sort());

    const filtered = NoticeOverview.parse((await supervisor.get('/api/v1/notices?status=queued')).json());
    expect(filtered.items).toEqual([]);
    expect((await supervisor.get('/api/v1/notices?status=lost')).status).toBe(400);
    const other = NoticeOverview.parse((await (await server.login('supervisor2')).get('/api/v1/notices')).json());
    expect(other.items).toEqual([]);
  });
});
