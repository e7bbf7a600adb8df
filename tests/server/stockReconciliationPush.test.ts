import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { NewWorkOrder } from '../../server/store/records';
import type { StockVoidArgs, SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import { Reconciliation, type ReconciliationRow } from '../../src/domain/stock/reconciliation';
import { insertWorkOrder } from './exportFixtures';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { openItems, resolveOk } from './reviewFixtures';
import { Device, jpeg, photoPath, swapFor, upload } from './syncFixtures';

/*
 * The end-of-day reconciliation (issue 16 §4) end to end, through HTTP only, on both backends: a delivery imported,
 * meters and seals issued, real swaps pushed (held items, an item not in stock with the technician's reason, a seal
 * not held, removed meters with and without a bag label), voids pushed (one held, one not), a removed meter returned,
 * a record returned by the supervisor and amended the next day (a seal swapped, a new bag label): then every figure
 * and flag of the JSON and the CSV. Nothing is written through the store.
 */

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const HEADER = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
const meterLine = (serial: string) => `${serial};DDS26D-RF;1;2026;15/10/2026;KD-${serial};;LO-1;;;`;
const sealLine = (from: string, to: string) => `;;;;;;;LO-2;${from};${to};terminal_cover`;

/** TEST_NOW (10:00 in Vietnam) falls on DAY. */
const DAY = '2026-11-24';
const NEXT = '2026-11-25';
const HOUR = 3_600_000;

describe.each(backends)('stock reconciliation from real pushes (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let tech1: HttpClient;
  let tech1Id = '';
  let tech2Id = '';
  let team1 = '';
  const orders: Record<'A' | 'B' | 'C' | 'D', NewWorkOrder | undefined> = { A: undefined, B: undefined, C: undefined, D: undefined };
  const notHeldPhoto = jpeg();
  const heldPhoto = jpeg();

  const order = (key: keyof typeof orders): NewWorkOrder => {
    const wo = orders[key];
    if (wo === undefined) throw new Error(`no order ${key}`);
    return wo;
  };
  async function reconciliation(query: string): Promise<Reconciliation> {
    const res = await supervisor1.get(`/api/v1/stock/reconciliation?${query}`);
    expect(res.status, res.text).toBe(200);
    return Reconciliation.parse(res.json());
  }
  const rowOf = (r: Reconciliation, id: string): ReconciliationRow => {
    const row = r.technicians.find((t) => t.technicianId === id);
    if (row === undefined) throw new Error(`no row for ${id}`);
    return row;
  };
  async function post(path: string, body: unknown) {
    const res = await supervisor1.post(path, body);
    expect(res.status, res.text).toBe(200);
  }
  /** A swap of `wo` installing `serial` with `seals`; the removed meter bagged under `bag` when given. */
  function swapOf(wo: NewWorkOrder, serial: string, seals: string[], extra: { bag?: string; note?: string } = {}) {
    const swap = swapFor(wo, { installedSerial: serial });
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
  async function swap(client: HttpClient, technician: string, wo: NewWorkOrder, s: ReturnType<typeof swapOf>) {
    const assigned = await supervisor1.post('/api/v1/assignments', { workOrderIds: [wo.id], technicianId: await server.userId(technician) });
    expect(assigned.status, assigned.text).toBe(200);
    const result = await new Device(client).send('swap.complete', s.args);
    expect(result.status, JSON.stringify(result)).toMatch(/^applied/);
    for (const p of s.photos) expect((await upload(client, p)).status).toBe(201);
    return result;
  }
  const voidOf = (code: string, photoId: string, workOrderId?: string): StockVoidArgs => ({
    voidId: randomUUID(),
    kind: 'seal',
    code,
    reason: 'broken',
    note: 'Vỡ khi bấm kìm',
    photoIds: [photoId],
    ...(workOrderId === undefined ? {} : { workOrderId }),
    at: TEST_NOW.toISOString(),
  });

  let cSwap: ReturnType<typeof swapOf> | undefined;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 180 });
    supervisor1 = await server.login('supervisor1');
    tech1 = await server.login('tech1');
    const tech2 = await server.login('tech2');
    tech1Id = await server.userId('tech1');
    tech2Id = await server.userId('tech2');
    team1 = z.object({ teamId: z.string() }).parse((await supervisor1.get('/api/v1/auth/me')).json()).teamId;
    for (const key of ['A', 'B', 'C', 'D'] as const) {
      orders[key] = await insertWorkOrder(server, 'tech1', { id: randomUUID(), code: `RCP-${key}`, oldMeterSerial: `OLD-${key}`, phases: 1 });
    }

    // The day before, 10:00 in Vietnam: the delivery, and 3 meters and 6 seals issued to tech1.
    server.clock.advance(-24 * HOUR);
    const res = await supervisor1.request('POST', '/api/v1/stock/import', {
      body: csv(HEADER, ...['RP0001', 'RP0002', 'RP0003', 'RP0004'].map(meterLine), sealLine('RPS0001', 'RPS0010')),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(res.status, res.text).toBe(200);
    await post('/api/v1/stock/issue', {
      technicianId: tech1Id,
      meters: ['RP0001', 'RP0002', 'RP0003'],
      sealRanges: [{ from: 'RPS0001', to: 'RPS0006' }],
    });

    // DAY, 10:00: one more meter issued.
    server.clock.advance(24 * HOUR);
    await post('/api/v1/stock/issue', { technicianId: tech1Id, meters: ['RP0004'] });
    // A: a held meter and seal, the removed meter bagged.
    await swap(tech1, 'tech1', order('A'), swapOf(order('A'), 'RP0001', ['RPS0001'], { bag: 'BAG-A' }));
    // B: a serial not in stock (with the technician's reason), a seal still in the warehouse, no bag label.
    const b = await swap(tech1, 'tech1', order('B'), swapOf(order('B'), 'RX9999', ['RPS0009'], { note: 'Mượn công tơ của tổ 2' }));
    expect(b).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'STOCK_NOT_ISSUED' } });
    // C: held items, bagged; returned by the supervisor below and amended the next day.
    cSwap = swapOf(order('C'), 'RP0002', ['RPS0002'], { bag: 'BAG-C' });
    await swap(tech1, 'tech1', order('C'), cSwap);
    // D: tech2, never issued anything, installs a meter and a seal the stock does not know: nothing to say.
    expect((await swap(tech2, 'tech2', order('D'), swapOf(order('D'), 'TX0001', ['TS0001'], { bag: 'BAG-D' }))).status).toBe('applied');

    // Voids: a held seal, and a code tech1 does not hold; each with a photo.
    for (const p of [heldPhoto, notHeldPhoto]) expect((await upload(tech1, p)).status).toBe(201);
    const device = new Device(tech1);
    expect((await device.send('stock.void', voidOf('RPS0004', heldPhoto.id, order('A').id))).status).toBe('applied');
    const notHeld = await device.send('stock.void', voidOf('NOPE-0001', notHeldPhoto.id));
    expect(notHeld).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'STOCK_VOID_NOT_HELD' } });

    // 16:00: A's removed meter back to the warehouse, by its bag label.
    server.clock.advance(6 * HOUR);
    await post('/api/v1/stock/return', { technicianId: tech1Id, removed: ['BAG-A'] });

    // NEXT, 10:00: C's record returned and amended: seal RPS0003 for RPS0002, a new bag label.
    server.clock.advance(18 * HOUR);
    const completion = (await openItems(supervisor1, order('C').id)).find((i) => i.code === 'COMPLETION');
    await resolveOk(supervisor1, completion?.id ?? '', { decision: 'return', note: 'Chụp lại niêm chì' });
    const amended = await device.send('completion.amend', {
      completionId: cSwap.args.completionId,
      workOrderId: order('C').id,
      patch: {
        installed: { ...cSwap.args.installed, seals: [{ code: 'RPS0003', beads: 1 }] },
        removed: { ...cSwap.args.removed, bagLabel: 'BAG-C2' },
      },
      reason: 'Ghi nhầm mã niêm chì',
      at: server.clock.now().toISOString(),
    });
    expect(amended.status).toBe('applied');
  });
  afterAll(async () => {
    await server.close();
  });

  it("counts DAY from the pushes: swaps, installs, seals used, a void, removals, a return; tech2's unknown items move nothing", async () => {
    const r = await reconciliation(`date=${DAY}`);
    expect(r.teamId).toBe(team1);
    expect(rowOf(r, tech1Id)).toEqual({
      technicianId: tech1Id,
      name: 'Nguyễn Văn Hùng',
      swaps: 3,
      openingMeters: 3,
      openingSeals: 6,
      issuedMeters: 1,
      issuedSeals: 0,
      returnedMeters: 0,
      returnedSeals: 0,
      returnedRemoved: 1,
      // RP0001 and RP0002 (RX9999 is not in stock).
      installedMeters: 2,
      // RPS0001 and RPS0002 (RPS0009 came from the warehouse).
      sealsUsed: 2,
      voidedMeters: 0,
      voidedSeals: 1,
      removedTaken: 3,
      onHandMeters: 2,
      onHandSeals: 3,
      toReturn: 2,
    });
    expect(rowOf(r, tech2Id)).toMatchObject({ swaps: 1, installedMeters: 0, sealsUsed: 0, removedTaken: 1, toReturn: 1, onHandMeters: 0 });
  });

  it('flags DAY: the unbacked meter and seal of B, its missing bag label, the void not held with its photo; nothing for C after its amend or for tech2', async () => {
    const r = await reconciliation(`date=${DAY}`);
    expect(r.flags.map((f) => [f.code, f.technicianId, f.itemKind, f.itemCode, f.workOrderCode, f.days, f.photoIds])).toEqual([
      ['installed_not_issued', tech1Id, 'seal', 'RPS0009', 'RCP-B', null, []],
      ['installed_not_issued', tech1Id, 'meter', 'RX9999', 'RCP-B', null, []],
      ['removed_no_label', tech1Id, 'removed', 'OLD-B', 'RCP-B', null, []],
      ['void_not_held', tech1Id, 'seal', 'NOPE-0001', null, null, [notHeldPhoto.id]],
    ]);
    // The flag's photo opens for the supervisor (the void's photos are the team's supervisors' to see).
    expect((await supervisor1.get(photoPath(notHeldPhoto.id))).status).toBe(200);
    // The review items: STOCK_NOT_ISSUED for B only; none for tech2, who keeps no stock.
    const codes = async (key: keyof typeof orders) => (await openItems(supervisor1, order(key).id)).map((i) => i.code).sort();
    expect(await codes('B')).toEqual(['COMPLETION', 'STOCK_NOT_ISSUED']);
    expect(await codes('A')).toEqual(['COMPLETION']);
    expect(await codes('D')).toEqual(['COMPLETION']);
  });

  it('counts the amend on the day it happened: a seal given back and another used (net 0), a new bag label is not a removal', async () => {
    const r = await reconciliation(`date=${NEXT}`);
    expect(rowOf(r, tech1Id)).toEqual({
      technicianId: tech1Id,
      name: 'Nguyễn Văn Hùng',
      swaps: 0,
      openingMeters: 2,
      openingSeals: 3,
      issuedMeters: 0,
      issuedSeals: 0,
      returnedMeters: 0,
      returnedSeals: 0,
      returnedRemoved: 0,
      installedMeters: 0,
      sealsUsed: 0,
      voidedMeters: 0,
      voidedSeals: 0,
      removedTaken: 0,
      onHandMeters: 2,
      onHandSeals: 3,
      toReturn: 2,
    });
    expect(r.flags).toEqual([]);
  });

  it('counts overdue days from the removal, not from a later bag label', async () => {
    // As of the 28th, B's and C's old meters were removed 4 days before (C relabelled 3 days before).
    const r = await reconciliation('date=2026-11-28&returnDays=3');
    expect(r.flags.map((f) => [f.code, f.technicianId, f.itemCode, f.workOrderCode, f.days])).toEqual([
      ['removed_not_returned', tech1Id, 'OLD-B', 'RCP-B', 4],
      ['removed_not_returned', tech1Id, 'OLD-C', 'RCP-C', 4],
      ['removed_not_returned', tech2Id, 'OLD-D', 'RCP-D', 4],
    ]);
  });

  it('exports the same figures and flags as CSV', async () => {
    const res = await supervisor1.get(`/api/v1/stock/reconciliation.csv?date=${DAY}`);
    expect(res.status, res.text).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(res.bytes);
    const [figures = '', differences = ''] = text.slice(1).split('\r\n\r\n');
    const rows = parse<Record<string, string>>(figures, { columns: true });
    expect(rows.find((r) => r.ky_thuat_vien === 'Nguyễn Văn Hùng')).toEqual({
      ngay: DAY,
      ky_thuat_vien: 'Nguyễn Văn Hùng',
      so_ca_thay: '3',
      cong_to_dau_ngay: '3',
      niem_chi_dau_ngay: '6',
      cong_to_nhan: '1',
      niem_chi_nhan: '0',
      cong_to_tra_kho: '0',
      niem_chi_tra_kho: '0',
      cong_to_thao_tra_kho: '1',
      cong_to_lap: '2',
      niem_chi_da_dung: '2',
      cong_to_huy: '0',
      niem_chi_huy: '1',
      cong_to_thao_nhan: '3',
      cong_to_cuoi_ngay: '2',
      niem_chi_cuoi_ngay: '3',
      cong_to_thao_phai_tra: '2',
    });
    const flags = parse<Record<string, string>>(differences, { columns: true });
    expect(flags.map((f) => [f.chenh_lech, f.ky_thuat_vien, f.ma_vat_tu, f.ma_lenh])).toEqual([
      ['installed_not_issued', 'Nguyễn Văn Hùng', 'RPS0009', 'RCP-B'],
      ['installed_not_issued', 'Nguyễn Văn Hùng', 'RX9999', 'RCP-B'],
      ['removed_no_label', 'Nguyễn Văn Hùng', 'OLD-B', 'RCP-B'],
      ['void_not_held', 'Nguyễn Văn Hùng', 'NOPE-0001', ''],
    ]);
  });
});
