import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceMeters } from '../../src/domain/map/geo';
import type { NewWorkOrder } from '../../server/store/records';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { changesOf, completeOne, openItems, pullAll, queueOf, resolveOk } from './reviewFixtures';
import { Device, FreshWorkOrders, reassign, swapFor } from './syncFixtures';

/** Đối soát (design §9, issue 5): the queue, its scope, and what approving or returning does. */
describe.each(backends)('review queue and decisions (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let fresh: FreshWorkOrders;
  let supervisor1Id: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    fresh = new FreshWorkOrders(server, supervisor1);
    supervisor1Id = await server.userId('supervisor1');
  });
  afterAll(async () => {
    await server.close();
  });

  const one = async (): Promise<NewWorkOrder> => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    return wo;
  };
  const stored = async (id: string) => (await server.store.workOrders.findByIds([id]))[0];

  it("lists a pushed completion in its team supervisor's queue with photos, technician and GPS distance; not in another team's", async () => {
    const wo = await one();
    const device = new Device(tech1);
    const { swap, item } = await completeOne(server, device, wo, supervisor1);

    expect(item).toMatchObject({
      workOrderId: wo.id,
      completionId: swap.args.completionId,
      status: 'open',
      note: null,
      resolvedBy: null,
      resolvedAt: null,
    });
    expect(item.workOrder).toMatchObject({ id: wo.id, code: wo.code, status: 'completed' });
    expect(item.completion).toMatchObject({ id: swap.args.completionId, primary: true, mediaStatus: 'complete' });
    expect(item.completion?.removed.photoIds).toEqual(swap.args.removed.photoIds);
    expect(item.completion?.installed.photoIds).toEqual(swap.args.installed.photoIds);
    expect(item.completion?.handover.signaturePhotoId).toBe(swap.args.handover.signaturePhotoId);
    expect(item.technicianName).toBe((await server.store.users.findByUsername('tech1'))?.displayName);
    expect(item.gpsDistanceM).toBe(0);

    expect((await queueOf(supervisor2, { status: 'all', workOrderId: wo.id })).items).toEqual([]);
    expect((await queueOf(admin, { status: 'open', workOrderId: wo.id })).items.map((i) => i.id)).toEqual([item.id]);
  });

  it("measures the GPS distance from the completion's fix to the site", async () => {
    const wo = await one();
    const device = new Device(tech1);
    const swap = swapFor(wo);
    const moved = { ...swap.args, gps: { ...swap.args.gps, lat: wo.lat + 0.002 } };
    expect((await device.send('swap.complete', moved)).status).toBe('applied');
    const [item] = await openItems(supervisor1, wo.id);
    expect(item?.gpsDistanceM).toBe(Math.round(distanceMeters(moved.gps, wo)));
    expect(item?.gpsDistanceM).toBeGreaterThan(200);
    expect(item?.completion?.mediaStatus).toBe('partial');
  });

  it('approving the COMPLETION item approves the record and tells the technician (review and work order upserts)', async () => {
    const wo = await one();
    const device = new Device(tech1);
    const { cursor } = await pullAll(device);
    const { item } = await completeOne(server, device, wo, supervisor1);
    const before = await stored(wo.id);

    const answer = await resolveOk(supervisor1, item.id, { decision: 'approve' });
    expect(answer).toMatchObject({ workOrderStatus: 'approved', resolvedIds: [item.id] });
    expect(answer.review).toMatchObject({
      id: item.id,
      status: 'approved',
      resolvedBy: supervisor1Id,
      resolvedAt: server.clock.now().toISOString(),
      note: null,
    });
    expect(await stored(wo.id)).toMatchObject({ status: 'approved', version: (before?.version ?? 0) + 1 });

    const { changes } = await pullAll(device, cursor);
    expect(changesOf(changes, 'review', item.id)).toEqual([
      expect.objectContaining({
        op: 'upsert',
        data: {
          id: item.id,
          workOrderId: wo.id,
          completionId: item.completionId,
          code: 'COMPLETION',
          status: 'approved',
          note: null,
          resolvedAt: server.clock.now().toISOString(),
        },
      }),
    ]);
    expect(changesOf(changes, 'workOrder', wo.id).at(-1)).toMatchObject({ op: 'upsert', data: { status: 'approved' } });
    expect(changesOf(changes, 'completion', item.completionId ?? '')).toEqual([]);

    const audit = await server.store.audit.listForEntity('review', item.id);
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: supervisor1Id,
        action: 'review.approve',
        before: { status: 'open', workOrderId: wo.id, workOrderStatus: 'completed' },
        after: { status: 'approved', workOrderStatus: 'approved', note: null, resolvedIds: [item.id] },
      }),
    ]);
  });

  it('approves the record only once its conflicts are approved too', async () => {
    const wo = await one();
    const device = new Device(tech1);
    const { item } = await completeOne(server, device, wo, supervisor1, { removedSerial: 'KHAC0001' });
    const conflict = (await openItems(supervisor1, wo.id)).find((i) => i.code === 'METER_SERIAL_MISMATCH');
    if (!conflict) throw new Error('no conflict item');

    expect((await resolveOk(supervisor1, item.id, { decision: 'approve' })).workOrderStatus).toBe('completed');
    expect((await resolveOk(supervisor1, conflict.id, { decision: 'approve', note: 'Số công tơ trên phiếu sai, đã kiểm tra' })).workOrderStatus).toBe(
      'approved',
    );
    expect(await stored(wo.id)).toMatchObject({ status: 'approved' });
    expect(await openItems(supervisor1, wo.id)).toEqual([]);
  });

  it('resolves a work order with two completions the same way: approving keeps the primary one', async () => {
    const wo = await one();
    const tech2 = await server.login('tech2');
    await reassign(supervisor1, [wo], await server.userId('tech2'));
    const byB = swapFor(wo);
    expect((await new Device(tech2).send('swap.complete', byB.args)).status).toBe('applied');
    const byA = swapFor(wo);
    expect((await new Device(tech1).send('swap.complete', byA.args)).status).toBe('applied_with_conflict');
    expect(await stored(wo.id)).toMatchObject({ status: 'needs_review' });

    const open = await openItems(supervisor1, wo.id);
    expect(open.map((i) => [i.code, i.completion?.id])).toEqual(
      expect.arrayContaining([
        ['COMPLETION', byB.args.completionId],
        ['DUPLICATE_COMPLETION', byA.args.completionId],
      ]),
    );
    for (const item of open) await resolveOk(supervisor1, item.id, { decision: 'approve' });
    expect(await stored(wo.id)).toMatchObject({ status: 'approved', assigneeId: await server.userId('tech2') });
    expect(await server.store.completions.findById(byB.args.completionId)).toMatchObject({ primary: true });
    expect(await server.store.completions.findById(byA.args.completionId)).toMatchObject({ primary: false });
  });

  it('returning closes every open item with the note and sends the technician the work order, the reviews and the completion', async () => {
    const wo = await one();
    const device = new Device(tech1);
    const { cursor } = await pullAll(device);
    const { swap, item } = await completeOne(server, device, wo, supervisor1, { removedSerial: 'KHAC0002' });
    const ids = (await openItems(supervisor1, wo.id)).map((i) => i.id);
    expect(ids).toHaveLength(2);
    const note = 'Ảnh công tơ tháo bị mờ, chụp lại số công tơ';

    const answer = await resolveOk(supervisor1, item.id, { decision: 'return', note });
    expect(answer.workOrderStatus).toBe('returned');
    expect([...answer.resolvedIds].sort()).toEqual([...ids].sort());
    expect(answer.review).toMatchObject({ status: 'returned', note });
    expect(await stored(wo.id)).toMatchObject({ status: 'returned' });
    const items = await server.store.reviews.listForWorkOrder(wo.id);
    expect(items.map((i) => i.status)).toEqual(['returned', 'returned']);

    const { changes } = await pullAll(device, cursor);
    expect(changesOf(changes, 'workOrder', wo.id).at(-1)).toMatchObject({ op: 'upsert', data: { status: 'returned' } });
    for (const id of ids) {
      expect(changesOf(changes, 'review', id)).toEqual([
        expect.objectContaining({ op: 'upsert', data: expect.objectContaining({ status: 'returned', note }) as unknown }),
      ]);
    }
    const [completion] = changesOf(changes, 'completion', swap.args.completionId);
    expect(completion).toMatchObject({
      op: 'upsert',
      data: { id: swap.args.completionId, workOrderId: wo.id, primary: true, removed: { serial: 'KHAC0002' } },
    });

    const audit = await server.store.audit.listForEntity('review', item.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'review.return',
        after: expect.objectContaining({ status: 'returned', workOrderStatus: 'returned', note }) as unknown,
      }),
    ]);
  });

  it('refuses to resolve an item twice with 409 REVIEW_CLOSED', async () => {
    const wo = await one();
    const { item } = await completeOne(server, new Device(tech1), wo, supervisor1);
    await resolveOk(supervisor1, item.id, { decision: 'approve' });
    expectProblem(await supervisor1.post(`/api/v1/reviews/${item.id}/resolve`, { decision: 'approve' }), 409, 'REVIEW_CLOSED');
    expectProblem(await admin.post(`/api/v1/reviews/${item.id}/resolve`, { decision: 'return', note: 'Sửa lại' }), 409, 'REVIEW_CLOSED');
    expect(await server.store.audit.listForEntity('review', item.id)).toHaveLength(1);
  });

  it('lets only one of two simultaneous decisions on an item through; the other gets 409 REVIEW_CLOSED', async () => {
    const wo = await one();
    const { item } = await completeOne(server, new Device(tech1), wo, supervisor1);
    const [a, b] = await Promise.all([
      supervisor1.post(`/api/v1/reviews/${item.id}/resolve`, { decision: 'approve' }),
      admin.post(`/api/v1/reviews/${item.id}/resolve`, { decision: 'return', note: 'Chụp lại ảnh chữ ký' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expectProblem(loser, 409, 'REVIEW_CLOSED');
    expect(await server.store.audit.listForEntity('review', item.id)).toHaveLength(1);
    const status = (await stored(wo.id))?.status;
    expect(status).toBe(a.status === 200 ? 'approved' : 'returned');
  });

  it('asks for a note when returning: 400 VALIDATION_FAILED naming note', async () => {
    const wo = await one();
    const { item } = await completeOne(server, new Device(tech1), wo, supervisor1);
    const problem = expectProblem(
      await supervisor1.post(`/api/v1/reviews/${item.id}/resolve`, { decision: 'return', note: '   ' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors?.map((e) => e.path)).toContain('note');
    expect(await openItems(supervisor1, wo.id)).toHaveLength(1);
  });

  it("keeps other teams and technicians out: 403 for a technician and another team's supervisor, 404 for an unknown item", async () => {
    const wo = await one();
    const { item } = await completeOne(server, new Device(tech1), wo, supervisor1);
    expectProblem(await tech1.get('/api/v1/reviews'), 403, 'FORBIDDEN');
    expectProblem(await tech1.post(`/api/v1/reviews/${item.id}/resolve`, { nonsense: true }), 403, 'FORBIDDEN');
    expectProblem(await supervisor2.post(`/api/v1/reviews/${item.id}/resolve`, { decision: 'approve' }), 403, 'FORBIDDEN');
    expectProblem(await supervisor1.post(`/api/v1/reviews/${randomUUID()}/resolve`, { decision: 'approve' }), 404, 'NOT_FOUND');
    expect((await openItems(supervisor1, wo.id)).map((i) => i.status)).toEqual(['open']);
  });

  it('pages the open queue oldest first and closed items newest first, without repeats', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      server.clock.advance(60_000);
      mine.push((await completeOne(server, new Device(tech1), await one(), supervisor1)).item.id);
    }
    const walk = async (status: string): Promise<{ id: string; createdAt: string }[]> => {
      const seen: { id: string; createdAt: string }[] = [];
      let cursor: string | null = null;
      do {
        const page = await queueOf(supervisor1, { status, limit: '2', ...(cursor === null ? {} : { cursor }) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => ({ id: i.id, createdAt: i.createdAt })));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return seen;
    };
    const key = (i: { id: string; createdAt: string }) => `${i.createdAt}|${i.id}`;
    const open = await walk('open');
    expect(new Set(open.map((i) => i.id)).size).toBe(open.length);
    expect(open.map(key)).toEqual(open.map(key).sort());
    expect(open.map((i) => i.id).filter((id) => mine.includes(id))).toEqual(mine);

    for (const id of mine) await resolveOk(supervisor1, id, { decision: 'approve' });
    const approved = await walk('approved');
    expect(approved.map(key)).toEqual(approved.map(key).sort().reverse());
    expect(approved.map((i) => i.id).filter((id) => mine.includes(id))).toEqual([...mine].reverse());
    expect((await walk('open')).filter((i) => mine.includes(i.id))).toEqual([]);
  });

  it('refuses a cursor it did not give out, or one of another status', async () => {
    expectProblem(await supervisor1.get('/api/v1/reviews?cursor=bm9wZQ'), 400, 'VALIDATION_FAILED');
    const wo1 = await one();
    const wo2 = await one();
    await completeOne(server, new Device(tech1), wo1, supervisor1);
    await completeOne(server, new Device(tech1), wo2, supervisor1);
    const page = await queueOf(supervisor1, { status: 'open', limit: '1' });
    if (page.nextCursor === null) throw new Error('expected a second page');
    expectProblem(await supervisor1.get(`/api/v1/reviews?status=approved&cursor=${page.nextCursor}`), 400, 'VALIDATION_FAILED');
  });
});
