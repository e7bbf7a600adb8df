import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse, type Change } from '../../src/domain/protocol/sync';
import type { NewWorkOrder } from '../../server/store/records';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { detailOf, Device, FreshWorkOrders, reassign, swapFor, visitFor } from './syncFixtures';

/** The conflict table of design §6, row by row, with the state set up through the API as a supervisor would. */
describe.each(backends)('swap.complete conflict rules (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let tech2: HttpClient;
  let supervisor1: HttpClient;
  let fresh: FreshWorkOrders;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    supervisor1 = await server.login('supervisor1');
    fresh = new FreshWorkOrders(server, supervisor1);
    for (const name of ['tech1', 'tech2']) id[name] = await server.userId(name);
  });
  afterAll(async () => {
    await server.close();
  });

  const one = async (username: string): Promise<NewWorkOrder> => {
    const [wo] = await fresh.assignedTo(username);
    if (!wo) throw new Error('no order');
    return wo;
  };
  const stored = async (workOrderId: string) => (await server.store.workOrders.findByIds([workOrderId]))[0];
  const reviewCodes = async (workOrderId: string) => (await server.store.reviews.listForWorkOrder(workOrderId)).map((r) => r.code).sort();
  const pullAll = async (client: HttpClient, device: Device, cursor?: string): Promise<{ changes: Change[]; cursor: string }> => {
    const changes: Change[] = [];
    let next = cursor;
    for (;;) {
      const query = new URLSearchParams({ clientId: device.clientId, ...(next === undefined ? {} : { cursor: next }) });
      const page = PullResponse.parse((await client.get(`/api/v1/sync/pull?${query}`)).json());
      changes.push(...page.changes);
      next = page.cursor;
      if (!page.hasMore) return { changes, cursor: page.cursor };
    }
  };

  it('assigned to this technician and open: applied, the work order is completed and the feed shows it', async () => {
    const wo = await one('tech1');
    const device = new Device(tech1);
    const { cursor } = await pullAll(tech1, device);
    const swap = swapFor(wo);
    expect(await device.send('swap.complete', swap.args)).toMatchObject({ status: 'applied' });
    expect(await stored(wo.id)).toMatchObject({ status: 'completed', assigneeId: id.tech1, version: 3 });
    const [completion] = await server.store.completions.listForWorkOrder(wo.id);
    expect(completion).toMatchObject({
      id: swap.args.completionId,
      primary: true,
      technicianId: id.tech1,
      clientId: device.clientId,
      mediaStatus: 'partial',
      flags: [],
    });
    // No conflict; the record waits for the supervisor's đối soát.
    expect(await reviewCodes(wo.id)).toEqual(['COMPLETION']);
    const { changes } = await pullAll(tech1, device, cursor);
    expect(changes).toEqual([
      expect.objectContaining({
        entity: 'workOrder',
        op: 'upsert',
        id: wo.id,
        version: 3,
        data: expect.objectContaining({ status: 'completed' }) as unknown,
      }),
    ]);
  });

  it('reassigned to B who has not completed: applied_with_conflict WO_REASSIGNED, stored as primary, B loses it', async () => {
    const wo = await one('tech1');
    server.clock.advance(60_000);
    await reassign(supervisor1, [wo], id.tech2 ?? '');
    server.clock.advance(60_000);
    const deviceB = new Device(tech2);
    const { cursor: cursorB } = await pullAll(tech2, deviceB);
    const swap = swapFor(wo);

    const result = await new Device(tech1).send('swap.complete', swap.args);
    expect(result).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'WO_REASSIGNED', reviewId: expect.any(String) as unknown } });
    expect(await server.store.completions.findById(swap.args.completionId)).toMatchObject({ primary: true });
    expect(await stored(wo.id)).toMatchObject({ status: 'completed', assigneeId: id.tech1 });
    expect(await reviewCodes(wo.id)).toEqual(['COMPLETION', 'WO_REASSIGNED']);
    const history = await server.store.assignments.listForWorkOrder(wo.id);
    expect(history.map((h) => [h.technicianId, h.endReason])).toEqual([
      [id.tech1, 'reassigned'],
      [id.tech2, 'superseded'],
      [id.tech1, null],
    ]);
    const { changes } = await pullAll(tech2, deviceB, cursorB);
    expect(changes).toEqual([expect.objectContaining({ entity: 'workOrder', op: 'revoke', id: wo.id })]);
  });

  it('reassigned to B who completed too: applied_with_conflict DUPLICATE_COMPLETION, stored not primary, needs review', async () => {
    const wo = await one('tech1');
    await reassign(supervisor1, [wo], id.tech2 ?? '');
    const byB = swapFor(wo);
    expect(await new Device(tech2).send('swap.complete', byB.args)).toMatchObject({ status: 'applied' });
    const byA = swapFor(wo);

    const result = await new Device(tech1).send('swap.complete', byA.args);
    expect(result).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'DUPLICATE_COMPLETION' } });
    expect(await server.store.completions.findById(byA.args.completionId)).toMatchObject({ primary: false, flags: ['DUPLICATE_COMPLETION'] });
    expect(await server.store.completions.findById(byB.args.completionId)).toMatchObject({ primary: true });
    expect(await stored(wo.id)).toMatchObject({ status: 'needs_review', assigneeId: id.tech2 });
    expect(await reviewCodes(wo.id)).toEqual(['COMPLETION', 'DUPLICATE_COMPLETION']);
    // Only the primary completion (B's) is a submission to review; A's is the duplicate conflict.
    const submissions = (await server.store.reviews.listForWorkOrder(wo.id)).filter((r) => r.code === 'COMPLETION');
    expect(submissions.map((r) => r.completionId)).toEqual([byB.args.completionId]);
  });

  it('cancelled: applied_with_conflict WO_CANCELLED, stored, review item', async () => {
    const wo = await one('tech1');
    const before = await stored(wo.id);
    if (!before) throw new Error('no order');
    // No cancel endpoint yet: the supervisor's cancellation is written directly.
    await server.store.workOrders.updateState(wo.id, {
      status: 'cancelled',
      assigneeId: before.assigneeId,
      version: before.version + 1,
      updatedAt: server.clock.now().toISOString(),
    });
    const swap = swapFor(wo);
    expect(await new Device(tech1).send('swap.complete', swap.args)).toMatchObject({
      status: 'applied_with_conflict',
      conflict: { code: 'WO_CANCELLED' },
    });
    expect(await server.store.completions.findById(swap.args.completionId)).toMatchObject({ primary: true });
    expect(await stored(wo.id)).toMatchObject({ status: 'needs_review' });
    expect(await reviewCodes(wo.id)).toEqual(['COMPLETION', 'WO_CANCELLED']);
  });

  it('removed-meter serial differs from the work order: applied_with_conflict METER_SERIAL_MISMATCH, still completed', async () => {
    const wo = await one('tech1');
    const swap = swapFor(wo, { removedSerial: '0099887766' });
    const result = await new Device(tech1).send('swap.complete', swap.args);
    expect(result).toMatchObject({
      status: 'applied_with_conflict',
      conflict: { code: 'METER_SERIAL_MISMATCH', detail: expect.stringContaining(wo.oldMeterSerial) as unknown },
    });
    expect(await stored(wo.id)).toMatchObject({ status: 'completed' });
    expect(await reviewCodes(wo.id)).toEqual(['COMPLETION', 'METER_SERIAL_MISMATCH']);
  });

  it('installed serial already installed elsewhere: applied_with_conflict SERIAL_ALREADY_INSTALLED', async () => {
    const [first, second] = await fresh.assignedTo('tech1', 2);
    if (!first || !second) throw new Error('no orders');
    const device = new Device(tech1);
    const serial = 'DT20261124A';
    expect(await device.send('swap.complete', swapFor(first, { installedSerial: serial }).args)).toMatchObject({ status: 'applied' });
    const result = await device.send('swap.complete', swapFor(second, { installedSerial: ' dt20261124a ' }).args);
    expect(result).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'SERIAL_ALREADY_INSTALLED' } });
    expect(await reviewCodes(second.id)).toEqual(['COMPLETION', 'SERIAL_ALREADY_INSTALLED']);
    expect(await reviewCodes(first.id)).toEqual(['COMPLETION']);
  });

  it('final reading below the last billed one: applied_with_conflict READING_BELOW_LAST_BILLED', async () => {
    const wo = await one('tech1');
    const swap = swapFor(wo, { finalReading: (wo.lastBilledReading ?? 0) - 1 });
    expect(await new Device(tech1).send('swap.complete', swap.args)).toMatchObject({
      status: 'applied_with_conflict',
      conflict: { code: 'READING_BELOW_LAST_BILLED' },
    });
    expect(await reviewCodes(wo.id)).toEqual(['COMPLETION', 'READING_BELOW_LAST_BILLED']);
    expect(await stored(wo.id)).toMatchObject({ status: 'completed' });
  });

  it('technician never assigned, or unknown work order: rejected NOT_ASSIGNED / UNKNOWN_WORK_ORDER, payload kept', async () => {
    const theirs = await one('tech2');
    const device = new Device(tech1);
    const notMine = swapFor(theirs);
    expect(await device.send('swap.complete', notMine.args)).toMatchObject({ status: 'rejected', error: { code: 'NOT_ASSIGNED' } });
    expect(await device.send('swap.complete', swapFor({ ...theirs, id: randomUUID() }).args)).toMatchObject({
      status: 'rejected',
      error: { code: 'UNKNOWN_WORK_ORDER' },
    });
    expect((await server.store.mutationLog.listRejectedForClient(device.clientId)).map((r) => r.payload)).toEqual([
      expect.objectContaining({ args: notMine.args }),
      expect.objectContaining({ name: 'swap.complete' }),
    ]);
    expect(await server.store.completions.listForWorkOrder(theirs.id)).toEqual([]);
  });

  it('files one review per conflict and answers the most important first when several hold at once', async () => {
    const wo = await one('tech1');
    await reassign(supervisor1, [wo], id.tech2 ?? '');
    const swap = swapFor(wo, { removedSerial: '12345678', finalReading: 0 });
    const result = await new Device(tech1).send('swap.complete', swap.args);
    expect(result.status).toBe('applied_with_conflict');
    expect(result.conflict?.code).toBe('WO_REASSIGNED');
    expect(result.conflicts?.map((c) => c.code)).toEqual(['WO_REASSIGNED', 'METER_SERIAL_MISMATCH', 'READING_BELOW_LAST_BILLED']);
    const all = await server.store.reviews.listForWorkOrder(wo.id);
    expect(all.filter((r) => r.code === 'COMPLETION')).toHaveLength(1);
    const reviews = all.filter((r) => r.code !== 'COMPLETION');
    expect(reviews.map((r) => r.code).sort()).toEqual(['METER_SERIAL_MISMATCH', 'READING_BELOW_LAST_BILLED', 'WO_REASSIGNED']);
    expect(new Set(reviews.map((r) => r.id))).toEqual(new Set(result.conflicts?.map((c) => c.reviewId)));
    expect(reviews.every((r) => r.completionId === swap.args.completionId && r.status === 'open')).toBe(true);
  });

  it('stores a completion once: the same completionId under another seq is a no-op applied', async () => {
    const wo = await one('tech1');
    const swap = swapFor(wo);
    const device = new Device(tech1);
    await device.send('swap.complete', swap.args);
    const version = (await stored(wo.id))?.version;
    expect(await device.send('swap.complete', swap.args)).toMatchObject({ status: 'applied' });
    expect(await new Device(tech1).send('swap.complete', swap.args)).toMatchObject({ status: 'applied' });
    expect(await server.store.completions.listForWorkOrder(wo.id)).toHaveLength(1);
    expect((await stored(wo.id))?.version).toBe(version);
    expect(await reviewCodes(wo.id)).toEqual(['COMPLETION']);
    // Another technician presenting the same id is refused, never merged.
    await reassign(supervisor1, [await one('tech2')], id.tech2 ?? '');
    expect(await new Device(tech2).send('swap.complete', { ...swap.args, workOrderId: (await one('tech2')).id })).toMatchObject({
      status: 'rejected',
      error: { code: 'ID_ALREADY_USED' },
    });
  });

  it('takes a resubmission after a return as the new primary completion', async () => {
    const wo = await one('tech1');
    const device = new Device(tech1);
    const first = swapFor(wo);
    await device.send('swap.complete', first.args);
    const current = await stored(wo.id);
    if (!current) throw new Error('no order');
    await server.store.workOrders.updateState(wo.id, {
      status: 'returned',
      assigneeId: current.assigneeId,
      version: current.version + 1,
      updatedAt: server.clock.now().toISOString(),
    });
    const second = swapFor(wo);
    expect(await device.send('swap.complete', second.args)).toMatchObject({ status: 'applied' });
    expect(await server.store.completions.findById(first.args.completionId)).toMatchObject({ primary: false });
    expect(await server.store.completions.findById(second.args.completionId)).toMatchObject({ primary: true });
    expect(await stored(wo.id)).toMatchObject({ status: 'completed' });
  });

  it('flags warnings that need no review: GPS far from the site, high initial reading', async () => {
    const wo = await one('tech1');
    const swap = swapFor(wo);
    swap.args.gps = { ...swap.args.gps, lat: wo.lat + 0.01, accuracyM: 80 };
    swap.args.installed.readings = { total: 42 };
    expect(await new Device(tech1).send('swap.complete', swap.args)).toMatchObject({ status: 'applied' });
    expect((await server.store.completions.findById(swap.args.completionId))?.flags.sort()).toEqual([
      'gps_far_from_site',
      'gps_low_accuracy',
      'initial_reading_high',
    ]);
  });
});

describe.each(backends)('visit.fail and workOrder.start (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let tech2: HttpClient;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  const stored = async (workOrderId: string) => (await server.store.workOrders.findByIds([workOrderId]))[0];

  it('stores a failed visit once, moves the work order to failed_visit, and escalates at the third', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const first = visitFor(wo);
    expect(await device.send('visit.fail', first)).toMatchObject({ status: 'applied' });
    expect(await stored(wo.id)).toMatchObject({ status: 'failed_visit', version: 3 });
    // Same visit under a new seq: nothing new.
    expect(await device.send('visit.fail', first)).toMatchObject({ status: 'applied' });
    expect(await server.store.visits.countForWorkOrder(wo.id)).toBe(1);

    await device.send('visit.fail', visitFor(wo));
    expect(await server.store.reviews.listForWorkOrder(wo.id)).toEqual([]);
    await device.send('visit.fail', { ...visitFor(wo), reason: 'KV11', photoIds: [] });
    expect((await server.store.reviews.listForWorkOrder(wo.id)).map((r) => [r.code, r.status])).toEqual([['ESCALATED', 'open']]);
    await device.send('visit.fail', visitFor(wo));
    expect(await server.store.reviews.listForWorkOrder(wo.id)).toHaveLength(1);
    expect(await server.store.visits.countForWorkOrder(wo.id)).toBe(4);
  });

  it("takes a failed visit with no start before it (recorded from the work order), and judges its position as a swap's", async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    expect(await stored(wo.id)).toMatchObject({ status: 'assigned' });
    const device = new Device(tech1);
    // ≈ 651 m north of the site, with the technician's reason, as the phone sends it.
    const far = {
      ...visitFor(wo, []),
      reason: 'KV11' as const,
      note: '',
      gps: { lat: wo.lat + 0.005855, lng: wo.lng, accuracyM: 9, at: server.clock.now().toISOString() },
    };
    expect(await device.send('visit.fail', { ...far, gpsNote: 'Đường vào bị ngập' })).toMatchObject({ status: 'applied' });
    expect(await stored(wo.id)).toMatchObject({ status: 'failed_visit', version: 3 });
    expect((await server.store.audit.listForEntity('workOrder', wo.id)).filter((a) => a.action === 'workOrder.start')).toEqual([]);
    const near = visitFor(wo, []);
    await device.send('visit.fail', { ...near, reason: 'KV11', note: '' });

    const detail = await detailOf(await server.login('supervisor1'), wo.id);
    const byId = new Map(detail.visits.map((v) => [v.id, v]));
    expect(byId.get(far.visitId)).toMatchObject({ gpsNote: 'Đường vào bị ngập', flags: ['gps_far_from_site'] });
    expect(byId.get(near.visitId)).toMatchObject({ flags: [] });
    expect(byId.get(near.visitId)).not.toHaveProperty('gpsNote');
  });

  it('starts an assigned work order, and records a start in any other state without changing it', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const start = { workOrderId: wo.id, at: server.clock.now().toISOString() };
    expect(await device.send('workOrder.start', start)).toMatchObject({ status: 'applied' });
    expect(await stored(wo.id)).toMatchObject({ status: 'in_progress', version: 3 });
    expect(await device.send('workOrder.start', start)).toMatchObject({ status: 'applied' });
    expect(await stored(wo.id)).toMatchObject({ status: 'in_progress', version: 3 });
    expect((await server.store.audit.listForEntity('workOrder', wo.id)).filter((a) => a.action === 'workOrder.start')).toHaveLength(2);
    expect(await new Device(tech2).send('workOrder.start', start)).toMatchObject({ status: 'rejected', error: { code: 'NOT_ASSIGNED' } });
  });
});

describe.each(backends)('work order detail (%s)', (backend) => {
  let server: TestServer;
  let fresh: FreshWorkOrders;
  let wo: NewWorkOrder;
  const completionId = randomUUID();

  beforeAll(async () => {
    server = await startTestServer(backend);
    const supervisor1 = await server.login('supervisor1');
    fresh = new FreshWorkOrders(server, supervisor1);
    const [order] = await fresh.assignedTo('tech1');
    if (!order) throw new Error('no order');
    wo = order;
    const device = new Device(await server.login('tech1'));
    await device.send('visit.fail', visitFor(wo));
    server.clock.advance(60_000);
    await reassign(supervisor1, [wo], await server.userId('tech2'));
    server.clock.advance(60_000);
    await device.send('swap.complete', swapFor(wo, { completionId }).args);
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives the team supervisor the work order with completions, visits, history and reviews', async () => {
    const detail = await detailOf(await server.login('supervisor1'), wo.id);
    expect(detail).toMatchObject({ id: wo.id, code: wo.code, status: 'completed', assigneeId: await server.userId('tech1') });
    expect(detail).not.toHaveProperty('teamId');
    expect(detail.completions).toEqual([
      expect.objectContaining({ id: completionId, completionId, primary: true, mediaStatus: 'partial', flags: ['WO_REASSIGNED'] }),
    ]);
    expect(detail.visits).toEqual([expect.objectContaining({ reason: 'KV01', called: true, technicianId: await server.userId('tech1') })]);
    expect(detail.history.map((h) => h.endReason)).toEqual(['reassigned', 'superseded', null]);
    expect(detail.reviews.map((r) => r.code).sort()).toEqual(['COMPLETION', 'WO_REASSIGNED']);
  });

  it('gives it to an admin and to every technician ever assigned, and 404 to anyone else', async () => {
    await detailOf(await server.login('admin'), wo.id);
    await detailOf(await server.login('tech1'), wo.id);
    await detailOf(await server.login('tech2'), wo.id);
    expectProblem(await (await server.login('tech3')).get(`/api/v1/work-orders/${wo.id}`), 404, 'NOT_FOUND');
    expectProblem(await (await server.login('supervisor2')).get(`/api/v1/work-orders/${wo.id}`), 404, 'NOT_FOUND');
    expectProblem(await (await server.login('admin')).get(`/api/v1/work-orders/${randomUUID()}`), 404, 'NOT_FOUND');
    const bad = await (await server.login('admin')).get('/api/v1/work-orders/nope');
    expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path)).toEqual(['id']);
  });
});
