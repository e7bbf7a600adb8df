import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecideRecordResponse, ReviewRecordPage, type ReviewRecordView } from '../../src/domain/console/reviews';
import type { NewWorkOrder } from '../../server/store/records';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { changesOf, openItems, pullAll, queueOf } from './reviewFixtures';
import { Device, FreshWorkOrders, swapFor, upload } from './syncFixtures';

/**
 * One record, one decision (issue 18 §5, issue 16 §5): the queue by record, its count, a decision that settles the
 * record's COMPLETION item and its flags together, and the duplicate serial naming the other order and technician.
 */
describe.each(backends)('review records (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let tech2: HttpClient;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let fresh: FreshWorkOrders;
  let freshForeign: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    fresh = new FreshWorkOrders(server, supervisor1);
    freshForeign = new FreshWorkOrders(server, supervisor2, 'Cà Mau');
  });
  afterAll(async () => {
    await server.close();
  });

  const orderFor = async (username: string, pool = fresh): Promise<NewWorkOrder> => {
    const [wo] = await pool.assignedTo(username);
    if (!wo) throw new Error('no order');
    return wo;
  };
  const stored = async (id: string) => (await server.store.workOrders.findByIds([id]))[0];

  async function push(client: HttpClient, wo: NewWorkOrder, overrides: Parameters<typeof swapFor>[1] = {}) {
    const device = new Device(client);
    const swap = swapFor(wo, overrides);
    const result = await device.send('swap.complete', swap.args);
    expect(['applied', 'applied_with_conflict']).toContain(result.status);
    for (const photo of swap.photos) expect((await upload(device.http, photo)).status).toBe(201);
    return { swap, device, result };
  }

  async function recordsOf(client: HttpClient, query: Record<string, string>): Promise<ReviewRecordPage> {
    const res = await client.get(`/api/v1/reviews/records?${new URLSearchParams(query)}`);
    expect(res.status, res.text).toBe(200);
    return ReviewRecordPage.parse(res.json());
  }

  async function openRecord(client: HttpClient, workOrderId: string): Promise<ReviewRecordView> {
    const page = await recordsOf(client, { status: 'open', workOrderId });
    expect(page.items).toHaveLength(1);
    const [record] = page.items;
    if (!record) throw new Error('no record');
    return record;
  }

  const decide = (client: HttpClient, workOrderId: string, body: { decision: 'approve' | 'return'; note?: string; reviewIds: string[] }) =>
    client.post(`/api/v1/reviews/records/${workOrderId}/decision`, body);

  it('lists a completion with a conflict as one record with its flag inside, and one approval settles both items', async () => {
    const wo = await orderFor('tech1');
    const { swap, device } = await push(tech1, wo, { removedSerial: 'KHAC7001' });
    const { cursor } = await pullAll(device);
    const items = await openItems(supervisor1, wo.id);
    expect(items.map((i) => i.code).sort()).toEqual(['COMPLETION', 'METER_SERIAL_MISMATCH']);

    const record = await openRecord(supervisor1, wo.id);
    expect(record).toMatchObject({ key: wo.id, workOrderId: wo.id, status: 'open', resolvedAt: null, note: null });
    expect(record.workOrder).toMatchObject({ id: wo.id, code: wo.code, status: 'completed' });
    expect(record.completion).toMatchObject({ id: swap.args.completionId, primary: true, mediaStatus: 'complete' });
    // Flags first, the submission last.
    expect(record.items.map((i) => i.code)).toEqual(['METER_SERIAL_MISMATCH', 'COMPLETION']);
    expect(record.items.map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect(record.items.every((i) => i.technicianName === record.technicianName && i.technicianName !== null)).toBe(true);

    const res = await decide(supervisor1, wo.id, { decision: 'approve', reviewIds: record.items.map((i) => i.id) });
    expect(res.status, res.text).toBe(200);
    const answer = DecideRecordResponse.parse(res.json());
    expect(answer.workOrderStatus).toBe('approved');
    expect([...answer.resolvedIds].sort()).toEqual(record.items.map((i) => i.id).sort());
    expect(answer.record).toMatchObject({ status: 'approved', resolvedAt: server.clock.now().toISOString(), workOrderId: wo.id });
    expect(answer.record.items.map((i) => i.status)).toEqual(['approved', 'approved']);
    expect(await stored(wo.id)).toMatchObject({ status: 'approved' });
    expect(await openItems(supervisor1, wo.id)).toEqual([]);
    expect((await recordsOf(supervisor1, { status: 'open', workOrderId: wo.id })).items).toEqual([]);

    // Settled history shows it as one record too.
    const history = await recordsOf(supervisor1, { status: 'approved', workOrderId: wo.id });
    expect(history.items.map((r) => [r.status, r.items.length])).toEqual([['approved', 2]]);

    // The technician hears of both items, in one feed.
    const { changes } = await pullAll(device, cursor);
    for (const id of answer.resolvedIds) expect(changesOf(changes, 'review', id).at(-1)).toMatchObject({ data: { status: 'approved' } });
    expect(changesOf(changes, 'workOrder', wo.id).at(-1)).toMatchObject({ data: { status: 'approved' } });

    // One audit entry for the decision, naming the acknowledged flag.
    const audit = await server.store.audit.listForEntity('workOrder', wo.id);
    const decisions = audit.filter((a) => a.action.startsWith('review.'));
    expect(decisions).toEqual([
      expect.objectContaining({
        action: 'review.approve',
        actorId: await server.userId('supervisor1'),
        after: expect.objectContaining({ status: 'approved', workOrderStatus: 'approved', acknowledged: ['METER_SERIAL_MISMATCH'] }) as unknown,
      }),
    ]);
  });

  it('returning a record settles its items as returned with the note and sends the record back', async () => {
    const wo = await orderFor('tech1');
    const { swap, device } = await push(tech1, wo, { finalReading: 1 });
    const { cursor } = await pullAll(device);
    const record = await openRecord(supervisor1, wo.id);
    expect(record.items.map((i) => i.code)).toEqual(['READING_BELOW_LAST_BILLED', 'COMPLETION']);
    const note = 'Chỉ số tháo thấp hơn kỳ trước, chụp lại mặt số';

    const res = await decide(supervisor1, wo.id, { decision: 'return', note, reviewIds: record.items.map((i) => i.id) });
    expect(res.status, res.text).toBe(200);
    const answer = DecideRecordResponse.parse(res.json());
    expect(answer.workOrderStatus).toBe('returned');
    expect(answer.record).toMatchObject({ status: 'returned', note });
    expect((await server.store.reviews.listForWorkOrder(wo.id)).map((i) => i.status)).toEqual(['returned', 'returned']);
    const { changes } = await pullAll(device, cursor);
    expect(changesOf(changes, 'completion', swap.args.completionId)).toHaveLength(1);
    expect(changesOf(changes, 'workOrder', wo.id).at(-1)).toMatchObject({ data: { status: 'returned' } });

    expectProblem(await decide(supervisor1, wo.id, { decision: 'return', reviewIds: [record.items[0]?.id ?? ''] }), 400, 'VALIDATION_FAILED');
  });

  it('counts records, not items: a completion with a conflict adds one to openCount and two to the item queue', async () => {
    const countOf = async () => (await recordsOf(supervisor1, { status: 'open', limit: '1' })).openCount;
    const itemsOf = async () => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page = await queueOf(supervisor1, { status: 'open', limit: '200', ...(cursor === null ? {} : { cursor }) });
        n += page.items.length;
        cursor = page.nextCursor;
      } while (cursor !== null);
      return n;
    };
    const beforeRecords = await countOf();
    const beforeItems = await itemsOf();
    const foreignBefore = (await recordsOf(supervisor2, { status: 'open' })).openCount;

    const withConflict = await orderFor('tech1');
    await push(tech1, withConflict, { removedSerial: 'KHAC7002', finalReading: 1 });
    const plain = await orderFor('tech1');
    await push(tech1, plain);

    expect(await itemsOf()).toBe(beforeItems + 4);
    expect(await countOf()).toBe(beforeRecords + 2);
    // Another team's count is its own; an admin counts every team's.
    expect((await recordsOf(supervisor2, { status: 'open' })).openCount).toBe(foreignBefore);
    expect((await recordsOf(admin, { status: 'open', limit: '1' })).openCount).toBe(beforeRecords + 2 + foreignBefore);

    // The list pages by record, oldest first, without repeats, and every item of a record comes with it.
    const seen: ReviewRecordView[] = [];
    let cursor: string | null = null;
    do {
      const page = await recordsOf(supervisor1, { status: 'open', limit: '2', ...(cursor === null ? {} : { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(beforeRecords + 2);
    expect(new Set(seen.map((r) => r.key)).size).toBe(seen.length);
    const order = seen.map((r) => `${r.createdAt}|${r.workOrderId}`);
    expect(order).toEqual([...order].sort());
    expect(seen.find((r) => r.workOrderId === withConflict.id)?.items.map((i) => i.code)).toEqual([
      'METER_SERIAL_MISMATCH',
      'READING_BELOW_LAST_BILLED',
      'COMPLETION',
    ]);

    const record = await openRecord(supervisor1, plain.id);
    expect((await decide(supervisor1, plain.id, { decision: 'approve', reviewIds: record.items.map((i) => i.id) })).status).toBe(200);
    expect(await countOf()).toBe(beforeRecords + 1);
  });

  it('names the other order and its technician when a new meter serial is used on two orders, and one decision settles the record', async () => {
    const serial = `DUP${randomUUID().slice(0, 8).toUpperCase()}`;
    const first = await orderFor('tech1');
    await push(tech1, first, { installedSerial: serial });
    const second = await orderFor('tech2');
    const { result } = await push(tech2, second, { installedSerial: serial });
    expect(result.status).toBe('applied_with_conflict');
    const tech1Name = (await server.store.users.findByUsername('tech1'))?.displayName;
    const tech2Name = (await server.store.users.findByUsername('tech2'))?.displayName;

    const record = await openRecord(supervisor1, second.id);
    expect(record.items.map((i) => i.code)).toEqual(['SERIAL_ALREADY_INSTALLED', 'COMPLETION']);
    expect(record.technicianName).toBe(tech2Name);
    expect(record.serialHeldBy).toEqual([
      {
        serial,
        workOrderId: first.id,
        workOrderCode: first.code,
        customerName: first.customerName,
        technicianName: tech1Name,
        workOrderStatus: 'completed',
      },
    ]);
    // The first order's record says where else its meter appears.
    expect((await openRecord(supervisor1, first.id)).serialHeldBy).toEqual([
      expect.objectContaining({ workOrderId: second.id, technicianName: tech2Name }),
    ]);

    const res = await decide(supervisor1, second.id, { decision: 'approve', reviewIds: record.items.map((i) => i.id) });
    expect(res.status, res.text).toBe(200);
    expect(DecideRecordResponse.parse(res.json()).workOrderStatus).toBe('approved');
    expect(await openItems(supervisor1, second.id)).toEqual([]);
  });

  it("does not name another team's order holding the serial, only that one exists", async () => {
    const serial = `XT${randomUUID().slice(0, 8).toUpperCase()}`;
    const foreign = await orderFor('tech4', freshForeign);
    await push(await server.login('tech4'), foreign, { installedSerial: serial });
    const own = await orderFor('tech1');
    await push(tech1, own, { installedSerial: serial });
    const record = await openRecord(supervisor1, own.id);
    expect(record.items.map((i) => i.code)).toEqual(['SERIAL_ALREADY_INSTALLED', 'COMPLETION']);
    expect(record.serialHeldBy).toEqual([
      { serial, workOrderId: null, workOrderCode: null, customerName: null, technicianName: null, workOrderStatus: null },
    ]);
    expect((await openRecord(admin, own.id)).serialHeldBy).toEqual([
      expect.objectContaining({ workOrderId: foreign.id, workOrderCode: foreign.code }),
    ]);
  });

  it('lets only one of two simultaneous decisions on a record through; the other gets 409 REVIEW_CLOSED and nothing is settled twice', async () => {
    const wo = await orderFor('tech1');
    await push(tech1, wo, { removedSerial: 'KHAC7003' });
    const record = await openRecord(supervisor1, wo.id);
    const reviewIds = record.items.map((i) => i.id);
    const [a, b] = await Promise.all([
      decide(supervisor1, wo.id, { decision: 'approve', reviewIds }),
      decide(admin, wo.id, { decision: 'return', note: 'Chụp lại ảnh số công tơ', reviewIds }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expectProblem(a.status === 409 ? a : b, 409, 'REVIEW_CLOSED');
    const decisions = (await server.store.audit.listForEntity('workOrder', wo.id)).filter((e) => e.action.startsWith('review.'));
    expect(decisions).toHaveLength(1);
    const won = a.status === 200 ? 'approved' : 'returned';
    expect((await server.store.reviews.listForWorkOrder(wo.id)).map((i) => i.status)).toEqual([won, won]);
    expect((await stored(wo.id))?.status).toBe(won);
    // A late second decision, or one naming an item the per-item API already settled, is refused the same way.
    expectProblem(await decide(supervisor1, wo.id, { decision: 'approve', reviewIds }), 409, 'REVIEW_CLOSED');
  });

  it('refuses a decision that does not name a flag opened since the record was shown: 409 REVIEW_CHANGED, nothing settled', async () => {
    const wo = await orderFor('tech1');
    await push(tech1, wo);
    const shown = await openRecord(supervisor1, wo.id);
    expect(shown.items.map((i) => i.code)).toEqual(['COMPLETION']);
    // A second completion of the same order arrives meanwhile (the technician's other device).
    await push(tech1, wo);
    const problem = expectProblem(
      await decide(supervisor1, wo.id, { decision: 'approve', reviewIds: shown.items.map((i) => i.id) }),
      409,
      'REVIEW_CHANGED',
    );
    expect(problem.errors?.map((e) => e.code)).toEqual(['not_acknowledged']);
    expect((await openItems(supervisor1, wo.id)).map((i) => i.code).sort()).toEqual(['COMPLETION', 'DUPLICATE_COMPLETION']);
    const again = await openRecord(supervisor1, wo.id);
    expect(again.items.map((i) => i.code)).toEqual(['DUPLICATE_COMPLETION', 'COMPLETION']);
    expect((await decide(supervisor1, wo.id, { decision: 'approve', reviewIds: again.items.map((i) => i.id) })).status).toBe(200);
    expect(await stored(wo.id)).toMatchObject({ status: 'approved' });
  });

  it('checks scope and input: 403 for a technician and another team, 404 for an unknown order, 400 for items of another record', async () => {
    const wo = await orderFor('tech1');
    await push(tech1, wo);
    const other = await orderFor('tech1');
    await push(tech1, other);
    const record = await openRecord(supervisor1, wo.id);
    const reviewIds = record.items.map((i) => i.id);
    expectProblem(await tech1.get('/api/v1/reviews/records'), 403, 'FORBIDDEN');
    expectProblem(await decide(tech1, wo.id, { decision: 'approve', reviewIds }), 403, 'FORBIDDEN');
    expectProblem(await decide(supervisor2, wo.id, { decision: 'approve', reviewIds }), 403, 'FORBIDDEN');
    expect((await recordsOf(supervisor2, { status: 'open', workOrderId: wo.id })).items).toEqual([]);
    expectProblem(await decide(supervisor1, randomUUID(), { decision: 'approve', reviewIds }), 404, 'NOT_FOUND');
    const otherIds = (await openRecord(supervisor1, other.id)).items.map((i) => i.id);
    const wrong = expectProblem(
      await decide(supervisor1, wo.id, { decision: 'approve', reviewIds: [...reviewIds, ...otherIds] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(wrong.errors?.map((e) => [e.path, e.code])).toEqual([[`reviewIds.${reviewIds.length}`, 'not_in_record']]);
    expectProblem(await decide(supervisor1, wo.id, { decision: 'approve', reviewIds: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await supervisor1.get('/api/v1/reviews/records?cursor=bm9wZQ'), 400, 'VALIDATION_FAILED');
    expect((await openItems(supervisor1, wo.id)).map((i) => i.status)).toEqual(['open']);
  });
});
