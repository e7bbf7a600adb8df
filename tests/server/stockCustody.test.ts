import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/store/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { connect } from '../../server/store/connect';
import type { NewWorkOrder } from '../../server/store/records';
import type { StockItemNow } from '../../server/store/stock';
import { PushResponse, type MutationResult, type StockVoidArgs, type SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import { PullResponse, type Change } from '../../src/domain/protocol/sync';
import { StockMoveResponse, StockSummary, normalizeStockCode } from '../../src/domain/stock/stock';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { expectProblem } from './problems';
import { openItems, resolveOk } from './reviewFixtures';
import { Device, FreshWorkOrders, jpeg, photoPath, swapFor, upload } from './syncFixtures';

/*
 * Stock at the door and back (issue 16 §3–4), through HTTP and the push: a swap installs the new meter and seals
 * and takes the removed meter into the technician's hands; a void writes a seal off; a return brings the removed
 * meter back; the pull carries it with `stock=2`.
 */

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const HEADER = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
const meterLine = (serial: string, phases: number, verified = '15/10/2026') => `${serial};DDS26D-RF;${phases};2026;${verified};KD-${serial};;LO-1;;;`;
const sealLine = (from: string, to: string) => `;;;;;;;LO-2;${from};${to};terminal_cover`;

describe.each(backends)('stock custody: install, remove, void and return (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let tech1: HttpClient;
  let tech2: HttpClient;
  let tech4: HttpClient;
  let tech1Id = '';
  let tech2Id = '';
  let team1 = '';
  let fresh: FreshWorkOrders;
  let db: Kysely<Database>;

  beforeAll(async () => {
    server = await startTestServer(backend);
    ({ db } = await connect(server.databaseLocation));
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    tech4 = await server.login('tech4');
    tech1Id = await server.userId('tech1');
    tech2Id = await server.userId('tech2');
    team1 = z.object({ teamId: z.string() }).parse((await supervisor1.get('/api/v1/auth/me')).json()).teamId;
    fresh = new FreshWorkOrders(server, supervisor1);
  });
  afterAll(async () => {
    await db.destroy();
    await server.close();
  });

  async function deliver(...lines: string[]): Promise<void> {
    const res = await supervisor1.request('POST', '/api/v1/stock/import', {
      body: csv(HEADER, ...lines),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(res.status, res.text).toBe(200);
  }
  async function issue(technicianId: string, body: Record<string, unknown>): Promise<void> {
    const res = await supervisor1.post('/api/v1/stock/issue', { technicianId, ...body });
    expect(res.status, res.text).toBe(200);
  }
  const giveBack = (body: Record<string, unknown>) => supervisor1.post('/api/v1/stock/return', body);
  const item = async (kind: string, code: string): Promise<StockItemNow | undefined> => (await server.store.stock.findByCodes(kind, [code]))[0];
  const history = async (kind: string, code: string) => server.store.stock.history((await item(kind, code))?.id ?? 'none');
  const movementCount = async () => Number((await sql<{ n: number | string }>`select count(*) as n from stock_movements`.execute(db)).rows[0]?.n);
  function fieldErrors(res: TestResponse) {
    return (expectProblem(res, 400, 'VALIDATION_FAILED').errors ?? []).map((e) => ({ path: e.path, code: e.code }));
  }

  /** A swap of `wo` installing `serial` with `seals`, the removed meter bagged under `bag`. */
  function swapWith(wo: NewWorkOrder, serial: string, seals: string[], extra: { bag?: string; note?: string; removedSerial?: string } = {}) {
    const swap = swapFor(
      wo,
      extra.removedSerial === undefined ? { installedSerial: serial } : { installedSerial: serial, removedSerial: extra.removedSerial },
    );
    const args: SwapCompleteArgs = {
      ...swap.args,
      removed: { ...swap.args.removed, ...(extra.bag === undefined ? {} : { bagLabel: extra.bag }) },
      installed: {
        ...swap.args.installed,
        seals: seals.map((code) => ({ code, beads: 1 })),
        ...(extra.note === undefined ? {} : { stockNote: extra.note }),
      },
    };
    return { args, photos: swap.photos };
  }
  /** A fresh order of `phases` assigned to `username`. */
  async function orderFor(username: string, phases?: 1 | 3): Promise<NewWorkOrder> {
    for (;;) {
      const [wo] = fresh.take(1);
      if (!wo) throw new Error('no order');
      if (phases !== undefined && wo.phases !== phases) continue;
      const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: [wo.id], technicianId: await server.userId(username) });
      expect(res.status, res.text).toBe(200);
      return wo;
    }
  }
  async function pull(client: HttpClient, clientId: string, stock: string, cursor?: string): Promise<{ changes: Change[]; cursor: string }> {
    const changes: Change[] = [];
    let next = cursor;
    for (;;) {
      const q = new URLSearchParams({ clientId, stock, limit: '500', ...(next === undefined ? {} : { cursor: next }) });
      const res = await client.get(`/api/v1/sync/pull?${q}`);
      expect(res.status, res.text).toBe(200);
      const page = PullResponse.parse(res.json());
      changes.push(...page.changes);
      next = page.cursor;
      if (!page.hasMore) return { changes, cursor: next };
    }
  }
  const codesOf = async (workOrderId: string) => (await openItems(supervisor1, workOrderId)).map((i) => i.code).sort();

  it('installs held items at commit (install to installed:<order>, the removed meter bagged with the technician), once', async () => {
    await deliver(meterLine('CA1001', 1), meterLine('CA3001', 3), sealLine('CAS0001', 'CAS0010'));
    await issue(tech1Id, { meters: ['CA1001', 'CA3001'], sealRanges: [{ from: 'CAS0001', to: 'CAS0010' }] });
    const wo = await orderFor('tech1');
    const serial = wo.phases === 1 ? 'CA1001' : 'CA3001';
    const device = new Device(tech1);
    const swap = swapWith(wo, serial.toLowerCase(), ['cas 0001', 'CAS0002'], { bag: 'tui-77' });
    const envelope = device.mutation('swap.complete', swap.args);
    const [result] = (await device.pushOk([envelope])).results;
    expect(result).toMatchObject({ status: 'applied' });
    expect(await codesOf(wo.id)).toEqual(['COMPLETION']);

    const meter = await history('meter', serial);
    expect(meter.at(-1)).toMatchObject({
      kind: 'install',
      from_holder: `technician:${tech1Id}`,
      to_holder: `installed:${wo.id}`,
      work_order_id: wo.id,
      mutation_id: envelope.mutationId,
      actor_id: tech1Id,
      note: null,
      team_id: team1,
    });
    const seal = await history('seal', 'CAS0001');
    expect(seal.at(-1)).toMatchObject({ kind: 'install', to_holder: `installed:${wo.id}`, batch_id: meter.at(-1)?.batch_id });
    const removedCode = normalizeStockCode(wo.oldMeterSerial);
    expect(await history('removed', removedCode)).toEqual([
      expect.objectContaining({
        seq: 1,
        kind: 'remove',
        from_holder: null,
        to_holder: `technician:${tech1Id}`,
        label: 'TUI-77',
        work_order_id: wo.id,
        mutation_id: envelope.mutationId,
        team_id: team1,
      }),
    ]);
    expect(await item('removed', removedCode)).toMatchObject({ model: null, phases: null, verified_on: null });

    // The same push again, and the same completion under a new mutation: nothing moves twice.
    const count = await movementCount();
    expect((await device.pushOk([envelope])).results[0]?.status).toBe('duplicate');
    expect((await device.send('swap.complete', swap.args)).status).toBe('applied');
    expect(await movementCount()).toBe(count);
  });

  it('files one STOCK_NOT_ISSUED review item naming every item not held and why, quoting the reason; still moves them', async () => {
    await deliver(meterLine('CB1001', 1), meterLine('CB3001', 3), meterLine('CB1002', 1), meterLine('CB3002', 3), sealLine('CBS0001', 'CBS0010'));
    await issue(tech2Id, { seals: ['CBS0005'] });
    const wo = await orderFor('tech1');
    const serial = wo.phases === 1 ? 'CB1001' : 'CB3001';
    const device = new Device(tech1);
    const swap = swapWith(wo, serial, ['CBS0001', 'CBS0005', 'NOPE-0001'], { note: 'Kho cấp bù, chưa kịp nhập' });
    const result = await device.send('swap.complete', swap.args);
    expect(result).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'STOCK_NOT_ISSUED' } });
    expect(await codesOf(wo.id)).toEqual(['COMPLETION', 'STOCK_NOT_ISSUED']);
    const flag = (await openItems(supervisor1, wo.id)).find((i) => i.code === 'STOCK_NOT_ISSUED');
    expect(flag?.detail).toContain(`meter ${serial}: still in the warehouse`);
    expect(flag?.detail).toContain('seal CBS0001: still in the warehouse');
    expect(flag?.detail).toContain('seal CBS0005: with another technician (');
    expect(flag?.detail).toContain("seal NOPE-0001: not in any team's stock");
    expect(flag?.detail).toContain('"Kho cấp bù, chưa kịp nhập"');
    expect((await history('meter', serial)).at(-1)).toMatchObject({
      kind: 'install',
      from_holder: `warehouse:${team1}`,
      note: 'Kho cấp bù, chưa kịp nhập',
    });
    expect((await history('seal', 'CBS0005')).at(-1)).toMatchObject({ kind: 'install', from_holder: `technician:${tech2Id}` });
    expect(await item('seal', 'NOPE-0001')).toBeUndefined();
    const completion = await server.store.completions.findById(swap.args.completionId);
    expect(completion?.flags).toContain('STOCK_NOT_ISSUED');

    // The same meter on a second order: already installed at the first.
    const other = await orderFor('tech1');
    await issue(tech1Id, { meters: ['CB1002', 'CB3002'], seals: ['CBS0002'] });
    const again = await device.send('swap.complete', swapWith(other, serial, ['CBS0002']).args);
    expect(again.conflicts?.map((c) => c.code)).toEqual(expect.arrayContaining(['SERIAL_ALREADY_INSTALLED', 'STOCK_NOT_ISSUED']));
    const detail = (await openItems(supervisor1, other.id)).find((i) => i.code === 'STOCK_NOT_ISSUED')?.detail;
    expect(detail).toContain(`already installed at work order ${wo.code}`);
    expect(detail).toContain('No reason given.');
  });

  it('flags a meter of the wrong phases or past its verification on the swap’s day', async () => {
    await deliver(meterLine('CC1001', 1), meterLine('CC3001', 3), meterLine('CC1OLD', 1, '10/01/2019'), sealLine('CCS0001', 'CCS0003'));
    await issue(tech1Id, { meters: ['CC1001', 'CC3001', 'CC1OLD'], sealRanges: [{ from: 'CCS0001', to: 'CCS0003' }] });
    const wo1 = await orderFor('tech1', 1);
    const device = new Device(tech1);
    const wrong = await device.send('swap.complete', swapWith(wo1, 'CC3001', ['CCS0001']).args);
    expect(wrong.conflict?.code).toBe('STOCK_NOT_ISSUED');
    expect(wrong.conflict?.detail).toContain('meter CC3001: a 3-phase meter on a 1-phase order');
    expect(wrong.conflict?.detail).not.toContain('warehouse');

    const wo2 = await orderFor('tech1', 1);
    const expired = await device.send('swap.complete', swapWith(wo2, 'CC1OLD', ['CCS0002']).args);
    expect(expired.conflict?.detail).toContain('meter CC1OLD: its verification ran out on 2024-01-09');

    const wo3 = await orderFor('tech1', 1);
    expect(await device.send('swap.complete', swapWith(wo3, 'CC1001', ['CCS0003']).args)).toMatchObject({ status: 'applied' });
  });

  it('moves nothing for a duplicate completion', async () => {
    await deliver(meterLine('CD1001', 1), meterLine('CD3001', 3), meterLine('CD1002', 1), meterLine('CD3002', 3), sealLine('CDS0001', 'CDS0002'));
    await issue(tech1Id, { meters: ['CD1001', 'CD3001', 'CD1002', 'CD3002'], seals: ['CDS0001', 'CDS0002'] });
    const wo = await orderFor('tech1');
    const [first, second] = wo.phases === 1 ? ['CD1001', 'CD1002'] : ['CD3001', 'CD3002'];
    const device = new Device(tech1);
    const firstResult = await device.send('swap.complete', swapWith(wo, first, ['CDS0001']).args);
    expect(firstResult.status, JSON.stringify(firstResult)).toBe('applied');
    const removed = await history('removed', normalizeStockCode(wo.oldMeterSerial));
    const count = await movementCount();
    const duplicate = await device.send('swap.complete', swapWith(wo, second, ['CDS0002'], { bag: 'OTHER-BAG' }).args);
    expect(duplicate.conflict?.code).toBe('DUPLICATE_COMPLETION');
    expect(await movementCount()).toBe(count);
    expect((await item('meter', second))?.holder).toBe(`technician:${tech1Id}`);
    expect((await item('seal', 'CDS0002'))?.holder).toBe(`technician:${tech1Id}`);
    expect(await history('removed', normalizeStockCode(wo.oldMeterSerial))).toEqual(removed);
  });

  it('follows an amend and a resubmission: what the record no longer installs goes back, new items are installed, a new bag relabels', async () => {
    await deliver(meterLine('CE1001', 1), meterLine('CE1002', 1), meterLine('CE3001', 3), meterLine('CE3002', 3), sealLine('CES0001', 'CES0005'));
    await issue(tech1Id, { meters: ['CE1001', 'CE1002', 'CE3001', 'CE3002'], sealRanges: [{ from: 'CES0001', to: 'CES0005' }] });
    const wo = await orderFor('tech1');
    const [m1, m2] = wo.phases === 1 ? ['CE1001', 'CE1002'] : ['CE3001', 'CE3002'];
    const device = new Device(tech1);
    const swap = swapWith(wo, m1, ['CES0001', 'CES0002'], { bag: 'BAG-1' });
    expect((await device.send('swap.complete', swap.args)).status).toBe('applied');
    for (const p of swap.photos) expect((await upload(tech1, p)).status).toBe(201);
    const returnRecord = async () => {
      const open = (await openItems(supervisor1, wo.id)).find((i) => i.code === 'COMPLETION');
      await resolveOk(supervisor1, open?.id ?? '', { decision: 'return', note: 'Kiểm tra lại số công tơ treo' });
    };
    await returnRecord();

    const amend = {
      completionId: swap.args.completionId,
      workOrderId: wo.id,
      patch: {
        installed: {
          ...swap.args.installed,
          serial: m2,
          seals: [
            { code: 'CES0001', beads: 1 },
            { code: 'CES0003', beads: 1 },
          ],
        },
        removed: { ...swap.args.removed, bagLabel: 'BAG-2' },
      },
      reason: 'Ghi nhầm số công tơ treo',
      at: TEST_NOW.toISOString(),
    };
    expect((await device.send('completion.amend', amend)).status).toBe('applied');
    const hand = `technician:${tech1Id}`;
    const site = `installed:${wo.id}`;
    expect((await history('meter', m1)).at(-1)).toMatchObject({ kind: 'uninstall', from_holder: site, to_holder: hand, work_order_id: wo.id });
    expect((await history('seal', 'CES0002')).at(-1)).toMatchObject({ kind: 'uninstall', to_holder: hand });
    expect((await history('meter', m2)).at(-1)).toMatchObject({ kind: 'install', to_holder: site });
    expect((await history('seal', 'CES0003')).at(-1)).toMatchObject({ kind: 'install', to_holder: site });
    expect((await history('seal', 'CES0001')).map((m) => m.kind)).toEqual(['delivery', 'issue', 'install']);
    const removedCode = normalizeStockCode(wo.oldMeterSerial);
    expect((await history('removed', removedCode)).map((m) => [m.kind, m.from_holder, m.to_holder, m.label])).toEqual([
      ['remove', null, hand, 'BAG-1'],
      ['remove', hand, hand, 'BAG-2'],
    ]);

    // Returned again and resubmitted as a new completion without CES0003: it goes back; the rest stays.
    await returnRecord();
    const resubmitted = swapWith(wo, m2, ['CES0001'], { bag: 'BAG-2' });
    expect((await device.send('swap.complete', resubmitted.args)).status).toBe('applied');
    expect((await history('seal', 'CES0003')).at(-1)).toMatchObject({ kind: 'uninstall', to_holder: hand });
    expect((await history('meter', m2)).map((m) => m.kind)).toEqual(['delivery', 'issue', 'install']);
    expect(await history('removed', removedCode)).toHaveLength(2);
    expect((await server.store.stock.heldBy(site)).map((i) => i.code).sort()).toEqual(['CES0001', m2].sort());
  });

  it('returns a removed meter by its bag label or serial, all or nothing; the same old meter removed again continues its chain', async () => {
    const device = new Device(tech1);
    const woA = await orderFor('tech1');
    const woB = await orderFor('tech1');
    await device.send('swap.complete', swapWith(woA, 'CF-NEW-1', ['CF-SEAL-1'], { bag: 'bag a1' }).args);
    await device.send('swap.complete', swapWith(woB, 'CF-NEW-2', ['CF-SEAL-2']).args);
    const a = normalizeStockCode(woA.oldMeterSerial);
    const b = normalizeStockCode(woB.oldMeterSerial);
    let summary = StockSummary.parse((await supervisor1.get('/api/v1/stock/summary')).json());
    const held = summary.technicians.find((t) => t.technicianId === tech1Id)?.removed ?? 0;
    expect(held).toBeGreaterThanOrEqual(2);

    // Refused whole: one not held; issuing a removed meter is not a thing.
    expect(fieldErrors(await giveBack({ technicianId: tech1Id, removed: ['BAGA1', 'NO-SUCH-BAG'] }))).toEqual([
      { path: 'removed.1', code: 'not_held' },
    ]);
    expect(fieldErrors(await giveBack({ technicianId: tech2Id, removed: [b] }))).toEqual([{ path: 'removed.0', code: 'not_held' }]);
    expect(fieldErrors(await giveBack({ technicianId: tech1Id, removed: ['BAGA1', a.toLowerCase()] }))).toEqual([
      { path: 'removed.1', code: 'duplicate_code' },
    ]);
    expect(fieldErrors(await supervisor1.post('/api/v1/stock/issue', { technicianId: tech1Id, removed: [b] }))).toEqual([
      { path: 'removed', code: 'not_expected' },
    ]);
    expect((await item('removed', a))?.holder).toBe(`technician:${tech1Id}`);

    const res = await giveBack({ technicianId: tech1Id, removed: ['bag a1', ` ${b.toLowerCase()} `] });
    expect(res.status, res.text).toBe(200);
    expect(StockMoveResponse.parse(res.json())).toMatchObject({ kind: 'return', meters: 0, seals: 0, removed: 2 });
    expect((await history('removed', a)).at(-1)).toMatchObject({ kind: 'return', to_holder: `warehouse:${team1}` });
    summary = StockSummary.parse((await supervisor1.get('/api/v1/stock/summary')).json());
    expect(summary.technicians.find((t) => t.technicianId === tech1Id)?.removed).toBe(held - 2);
    expect(summary.warehouse.removed).toBeGreaterThanOrEqual(2);
    const listed = await supervisor1.get(`/api/v1/stock/items?kind=removed&holder=warehouse&q=${encodeURIComponent(a)}`);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json()).toMatchObject({ items: [{ kind: 'removed', code: a, label: 'BAGA1', workOrderId: woA.id }] });
    expect(fieldErrors(await giveBack({ technicianId: tech1Id, removed: ['BAGA1'] }))).toEqual([{ path: 'removed.0', code: 'not_held' }]);

    // The same old meter removed again at another order: the chain goes on from the warehouse.
    const woC = await orderFor('tech1');
    await device.send('swap.complete', swapWith(woC, 'CF-NEW-3', ['CF-SEAL-3'], { removedSerial: woA.oldMeterSerial, bag: 'BAG-C' }).args);
    expect((await history('removed', a)).map((m) => [m.kind, m.to_holder, m.work_order_id])).toEqual([
      ['remove', `technician:${tech1Id}`, woA.id],
      ['return', `warehouse:${team1}`, null],
      ['remove', `technician:${tech1Id}`, woC.id],
    ]);
  });

  it('voids a held seal (void movement, stock_voids row), keeps a void of a code not held without moving anything, and is idempotent on voidId', async () => {
    await deliver(sealLine('CGS0001', 'CGS0005'));
    await issue(tech1Id, { sealRanges: [{ from: 'CGS0001', to: 'CGS0003' }] });
    const wo = await orderFor('tech1');
    const notMine = fresh.take(1)[0];
    const photo = jpeg();
    expect((await upload(tech1, photo)).status).toBe(201);
    const device = new Device(tech1);
    const voidArgs = (code: string, extra: Partial<StockVoidArgs> = {}): StockVoidArgs => ({
      voidId: randomUUID(),
      kind: 'seal',
      code,
      reason: 'broken',
      note: 'Vỡ khi bấm kìm',
      photoIds: [photo.id],
      workOrderId: wo.id,
      at: TEST_NOW.toISOString(),
      ...extra,
    });
    const held = voidArgs('cgs 0001');
    const envelope = device.mutation('stock.void', held);
    expect((await device.pushOk([envelope])).results[0]).toMatchObject({ status: 'applied' });
    expect((await history('seal', 'CGS0001')).at(-1)).toMatchObject({
      kind: 'void',
      from_holder: `technician:${tech1Id}`,
      to_holder: `voided:${team1}`,
      work_order_id: wo.id,
      note: 'Vỡ khi bấm kìm',
      mutation_id: envelope.mutationId,
    });
    expect(await server.store.stock.findVoid(held.voidId)).toMatchObject({
      technician_id: tech1Id,
      team_id: team1,
      code: 'CGS0001',
      held: 1,
      work_order_id: wo.id,
      photo_ids: JSON.stringify([photo.id]),
    });

    // Again under a new mutation: applied, nothing new. Another technician with the same id: rejected.
    const count = await movementCount();
    expect((await device.send('stock.void', held)).status).toBe('applied');
    expect(await movementCount()).toBe(count);
    const taken: MutationResult = await new Device(tech2).send('stock.void', held);
    expect(taken).toMatchObject({ status: 'rejected', error: { code: 'ID_ALREADY_USED' } });

    // Not held (another's, the warehouse's, unknown): kept as evidence, no movement, no review item; a work order
    // the technician may not deliver is left out.
    for (const code of ['CGS0005', 'NOPE-9999', 'CGS0001']) {
      const args = voidArgs(code, { workOrderId: notMine?.id ?? randomUUID() });
      const result = await device.send('stock.void', args);
      expect(result, code).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'STOCK_VOID_NOT_HELD' } });
      expect(result.conflict?.reviewId).toBeUndefined();
      expect(await server.store.stock.findVoid(args.voidId)).toMatchObject({ held: 0, work_order_id: null, code });
    }
    expect(await movementCount()).toBe(count);
    expect((await history('seal', 'CGS0005')).map((m) => m.kind)).toEqual(['delivery']);
    expect(await codesOf(wo.id)).toEqual([]);
  });

  it('shows a void’s photos to its technician, their team’s supervisors and admins only', async () => {
    const photo = jpeg();
    expect((await upload(tech1, photo)).status).toBe(201);
    const device = new Device(tech1);
    const args: StockVoidArgs = {
      voidId: randomUUID(),
      kind: 'seal',
      code: 'LOST-0001',
      reason: 'lost',
      photoIds: [photo.id],
      at: TEST_NOW.toISOString(),
    };
    // Before any void, a supervisor sees nothing of it.
    expect((await supervisor1.get(photoPath(photo.id))).status).toBe(404);
    expect((await device.send('stock.void', args)).status).toBe('applied_with_conflict');
    expect((await tech1.get(photoPath(photo.id))).status).toBe(200);
    expect((await supervisor1.get(photoPath(photo.id))).status).toBe(200);
    expect((await admin.get(photoPath(photo.id))).status).toBe(200);
    expect((await supervisor2.get(photoPath(photo.id))).status).toBe(404);
    expect((await tech2.get(photoPath(photo.id))).status).toBe(404);
    // Another team's technician quoting the photo in a void of their own grants their supervisor nothing.
    const quoted = await new Device(tech4).send('stock.void', { ...args, voidId: randomUUID() });
    expect(quoted.status).toBe('applied_with_conflict');
    expect((await supervisor2.get(photoPath(photo.id))).status).toBe(404);
  });

  it('pulls removed meters only with stock=2 (label, work order), and revokes what leaves the technician', async () => {
    await deliver(meterLine('CH1001', 1), meterLine('CH3001', 3), sealLine('CHS0001', 'CHS0003'));
    await issue(tech2Id, { meters: ['CH1001', 'CH3001'], sealRanges: [{ from: 'CHS0001', to: 'CHS0003' }] });
    const two = randomUUID();
    const one = randomUUID();
    const base2 = await pull(tech2, two, '2');
    const base1 = await pull(tech2, one, '1');
    const wo = await orderFor('tech2');
    const serial = wo.phases === 1 ? 'CH1001' : 'CH3001';
    const device = new Device(tech2);
    await device.send('swap.complete', swapWith(wo, serial, ['CHS0001'], { bag: 'H-BAG-1' }).args);
    const removed = await item('removed', normalizeStockCode(wo.oldMeterSerial));
    const meter = await item('meter', serial);
    const seal = await item('seal', 'CHS0001');

    const after2 = await pull(tech2, two, '2', base2.cursor);
    expect(after2.changes.find((c) => c.id === removed?.id)).toMatchObject({
      entity: 'stockItem',
      op: 'upsert',
      data: { kind: 'removed', code: removed?.code, label: 'H-BAG-1', workOrderId: wo.id, holder: { kind: 'technician', id: tech2Id } },
    });
    expect(after2.changes.filter((c) => c.op === 'revoke').map((c) => c.id)).toEqual(expect.arrayContaining([meter?.id, seal?.id]));
    const after1 = await pull(tech2, one, '1', base1.cursor);
    expect(after1.changes.some((c) => c.entity === 'stockItem' && c.op === 'upsert' && c.data?.kind === 'removed')).toBe(false);
    expect(after1.changes.filter((c) => c.op === 'revoke').map((c) => c.id)).toEqual(expect.arrayContaining([meter?.id, seal?.id]));
    // A full pull: stock=2 holds the removed meter, stock=1 never.
    expect((await pull(tech2, randomUUID(), '2')).changes.some((c) => c.id === removed?.id && c.op === 'upsert')).toBe(true);
    expect((await pull(tech2, randomUUID(), '1')).changes.some((c) => c.id === removed?.id && c.op === 'upsert')).toBe(false);

    // A void and a return revoke.
    await device.send('stock.void', {
      voidId: randomUUID(),
      kind: 'seal',
      code: 'CHS0002',
      reason: 'damaged',
      photoIds: [jpeg().id],
      at: TEST_NOW.toISOString(),
    });
    expect((await giveBack({ technicianId: tech2Id, removed: ['H-BAG-1'] })).status).toBe(200);
    const last = await pull(tech2, two, '2', after2.cursor);
    expect(last.changes.map((c) => [c.op, c.id])).toEqual(
      expect.arrayContaining([
        ['revoke', (await item('seal', 'CHS0002'))?.id],
        ['revoke', removed?.id],
      ]),
    );
  });

  it('keeps every holder’s stock equal to Σ movements under random issues, installs, voids and returns (property)', async () => {
    const techs = [
      { name: 'tech1', id: tech1Id, client: tech1 },
      { name: 'tech2', id: tech2Id, client: tech2 },
    ];
    let run = 0;
    const op = fc.oneof(
      fc.record({ op: fc.constant('issue' as const), tech: fc.nat(1), picks: fc.array(fc.nat(7), { minLength: 1, maxLength: 4 }) }),
      fc.record({ op: fc.constant('return' as const), tech: fc.nat(1), picks: fc.array(fc.nat(7), { minLength: 1, maxLength: 4 }) }),
      fc.record({
        op: fc.constant('install' as const),
        tech: fc.nat(1),
        meter: fc.nat(3),
        seals: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({ op: fc.constant('void' as const), tech: fc.nat(1), seal: fc.nat(3) }),
      fc.record({ op: fc.constant('returnRemoved' as const), tech: fc.nat(1) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 7 }), async (ops) => {
        run += 1;
        const prefix = `PQ${String(run).padStart(2, '0')}`;
        const meters = Array.from({ length: 4 }, (_, i) => `${prefix}M${i}`);
        const seals = Array.from({ length: 4 }, (_, i) => `${prefix}S${i}`);
        await deliver(...meters.map((m, i) => meterLine(m, i % 2 === 0 ? 1 : 3)), sealLine(seals[0] ?? '', seals[3] ?? ''));
        const codes = [...meters, ...seals];
        const kindOf = (c: string) => (c.includes('M') ? 'meter' : 'seal');
        const warehouse = `warehouse:${team1}`;
        const model = new Map<string, string>(codes.map((c) => [`${kindOf(c)} ${c}`, warehouse]));
        for (const step of ops) {
          const tech = techs[step.tech] ?? techs[0];
          if (!tech) throw new Error('no technician');
          const hand = `technician:${tech.id}`;
          if (step.op === 'issue' || step.op === 'return') {
            const chosen = [...new Set(step.picks.map((p) => codes[p] ?? ''))];
            const from = step.op === 'issue' ? warehouse : hand;
            const allowed = chosen.every((c) => model.get(`${kindOf(c)} ${c}`) === from);
            const body = {
              technicianId: tech.id,
              meters: chosen.filter((c) => kindOf(c) === 'meter'),
              seals: chosen.filter((c) => kindOf(c) === 'seal'),
            };
            const res = await supervisor1.post(`/api/v1/stock/${step.op}`, body);
            expect(res.status, res.text).toBe(allowed ? 200 : 400);
            if (allowed) for (const c of chosen) model.set(`${kindOf(c)} ${c}`, step.op === 'issue' ? hand : warehouse);
          } else if (step.op === 'install') {
            const wo = await orderFor(tech.name);
            const meter = meters[step.meter] ?? '';
            const used = [...new Set(step.seals.map((s) => seals[s] ?? ''))];
            const result = await new Device(tech.client).send('swap.complete', swapWith(wo, meter, used).args);
            expect(['applied', 'applied_with_conflict']).toContain(result.status);
            for (const c of [meter, ...used]) model.set(`${kindOf(c)} ${c}`, `installed:${wo.id}`);
            model.set(`removed ${normalizeStockCode(wo.oldMeterSerial)}`, hand);
          } else if (step.op === 'void') {
            const code = seals[step.seal] ?? '';
            const args = { voidId: randomUUID(), kind: 'seal', code, reason: 'broken', photoIds: [jpeg().id], at: TEST_NOW.toISOString() };
            const result = await new Device(tech.client).send('stock.void', args);
            const wasHeld = model.get(`seal ${code}`) === hand;
            expect(result.status).toBe(wasHeld ? 'applied' : 'applied_with_conflict');
            if (wasHeld) model.set(`seal ${code}`, `voided:${team1}`);
          } else {
            const mine = [...model].filter(([k, h]) => k.startsWith('removed ') && h === hand).map(([k]) => k.slice('removed '.length));
            if (mine.length === 0) continue;
            const res = await giveBack({ technicianId: tech.id, removed: mine });
            expect(res.status, res.text).toBe(200);
            for (const c of mine) model.set(`removed ${c}`, warehouse);
          }
        }
        // Every item of the run where the model says, and each holder's count Σ in − Σ out.
        const items = new Map<string, string>();
        for (const key of model.keys()) {
          const [kind = '', code = ''] = key.split(' ');
          const found = await item(kind, code);
          expect(found?.holder, key).toBe(model.get(key));
          items.set(found?.id ?? '', key);
        }
        const ids = [...items.keys()];
        const { rows } = await sql<{ holder: string; n: number | string }>`
            select holder, sum(n) as n from (
              select m.to_holder as holder, 1 as n from stock_movements m where m.item_id in (${sql.join(ids)})
              union all
              select m.from_holder as holder, -1 as n from stock_movements m where m.item_id in (${sql.join(ids)}) and m.from_holder is not null
            ) t group by holder`.execute(db);
        const sums = Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.holder, Number(r.n)]));
        const expected: Record<string, number> = {};
        for (const holder of model.values()) expected[holder] = (expected[holder] ?? 0) + 1;
        expect(sums).toEqual(expected);
      }),
      { numRuns: 6, seed: 1604 },
    );
  }, 300_000);

  it('settles a swap and a return of the same items racing each other: one wins, the other sees it, never a 5xx', async () => {
    for (let round = 0; round < 4; round++) {
      const [m1, m3, seal] = [`CR${round}1001`, `CR${round}3001`, `CR${round}S001`];
      await deliver(meterLine(m1, 1), meterLine(m3, 3), sealLine(seal, seal));
      await issue(tech1Id, { meters: [m1, m3], seals: [seal] });
      const wo = await orderFor('tech1');
      const meter = wo.phases === 1 ? m1 : m3;
      const device = new Device(tech1);
      const [pushed, returned] = await Promise.all([
        device.push([device.mutation('swap.complete', swapWith(wo, meter, [seal]).args)]),
        giveBack({ technicianId: tech1Id, meters: [meter], seals: [seal] }),
      ]);
      expect(pushed.status, pushed.text).toBe(200);
      const [result] = PushResponse.parse(pushed.json()).results;
      if (returned.status === 200) {
        // The return came first: the swap installs them from the warehouse, and says so.
        expect(result?.conflict?.code).toBe('STOCK_NOT_ISSUED');
        expect((await history('meter', meter)).map((m) => m.kind)).toEqual(['delivery', 'issue', 'return', 'install']);
      } else {
        expect(fieldErrors(returned).map((e) => e.code)).toEqual(['not_held', 'not_held']);
        expect(result?.status).toBe('applied');
        expect((await history('meter', meter)).map((m) => m.kind)).toEqual(['delivery', 'issue', 'install']);
      }
      expect((await item('seal', seal))?.holder).toBe(`installed:${wo.id}`);
    }
  });

  it('answers a push of stock.void args it cannot read as a rejection at the field', async () => {
    const device = new Device(tech1);
    const res = await device.pushOk([
      device.mutation('stock.void', { voidId: randomUUID(), kind: 'box', code: 'X', reason: 'broken', photoIds: [], at: 'x' }),
    ]);
    const [result] = PushResponse.parse(res).results;
    expect(result?.status).toBe('rejected');
    expect(result?.error?.errors?.map((e) => e.path).sort()).toEqual(['at', 'kind', 'photoIds']);
  });
});
