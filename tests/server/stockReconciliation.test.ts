import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Reconciliation, type ReconciliationRow } from '../../src/domain/stock/reconciliation';
import { StockImportResponse } from '../../src/domain/stock/stock';
import type { NewWorkOrder } from '../../server/store/records';
import { completeThroughApi, insertWorkOrder } from './exportFixtures';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, jpeg, swapFor } from './syncFixtures';

/*
 * The end-of-day reconciliation (issue 16 §4) through HTTP on both backends. Deliveries, issues, returns, swaps and
 * voids go through the API and the push; only removed meters bagged on earlier days, at orders of no swap here, are
 * written through the store in the shape the push writes them. stockReconciliationPush.test.ts does it all by HTTP.
 */

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const HEADER = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
const meterLine = (serial: string) => `${serial};DDS26D-RF;1;2026;15/10/2026;KD-${serial};;LO-1;;;`;
const sealLine = (from: string, to: string) => `;;;;;;;LO-2;${from};${to};terminal_cover`;

const DAY = '2026-11-24';
const HOUR = 3_600_000;
/** An instant on DAY's Vietnam wall clock. */
const vn = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`).toISOString();

describe.each(backends)('stock reconciliation (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let tech1: HttpClient;
  let tech1Id = '';
  let tech2Id = '';
  let tech4Id = '';
  let team1 = '';
  let woInstalled: NewWorkOrder;
  let woUnbacked: NewWorkOrder;

  const get = (client: HttpClient, query: string) => client.get(`/api/v1/stock/reconciliation?${query}`);
  async function reconciliation(query: string, client: HttpClient = supervisor1): Promise<Reconciliation> {
    const res = await get(client, query);
    expect(res.status, res.text).toBe(200);
    return Reconciliation.parse(res.json());
  }
  const rowOf = (r: Reconciliation, id: string): ReconciliationRow => {
    const row = r.technicians.find((t) => t.technicianId === id);
    if (row === undefined) throw new Error(`no row for ${id}`);
    return row;
  };
  const fieldErrors = (res: Parameters<typeof expectProblem>[0], status: number, code: string) =>
    (expectProblem(res, status, code).errors ?? []).map((e) => ({ path: e.path, code: e.code }));

  async function move(body: unknown, kind: 'issue' | 'return') {
    const res = await supervisor1.post(`/api/v1/stock/${kind}`, body);
    expect(res.status, res.text).toBe(200);
  }

  /** A removed meter taken by `technicianId` at a door (a `removed` item and its `remove` movement). */
  async function removed(code: string, technicianId: string, at: string, workOrderId: string | null, label: string | null) {
    const id = randomUUID();
    const nothing = {
      model: null,
      phases: null,
      manufacture_year: null,
      verified_on: null,
      verification_no: null,
      remote_read: null,
      seal_kind: null,
      lot: null,
    };
    await server.store.stock.insertItems(
      [{ id, team_id: team1, kind: 'removed', code, ...nothing }],
      [
        {
          item_id: id,
          seq: 1,
          team_id: team1,
          kind: 'remove',
          from_holder: null,
          to_holder: `technician:${technicianId}`,
          batch_id: randomUUID(),
          actor_id: technicianId,
          at,
          pliers_number: null,
          mutation_id: randomUUID(),
          work_order_id: workOrderId,
          label,
        },
      ],
      at,
    );
  }

  /** A void pushed by tech1: `held` or not is the stock's to say. */
  async function voided(code: string, at: string) {
    const result = await new Device(tech1).send('stock.void', {
      voidId: randomUUID(),
      kind: 'seal',
      code,
      reason: 'broken',
      photoIds: [jpeg().id],
      at,
    });
    expect(result.status, JSON.stringify(result)).toMatch(/^applied/);
  }

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 180 });
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    tech1 = await server.login('tech1');
    tech1Id = await server.userId('tech1');
    tech2Id = await server.userId('tech2');
    tech4Id = await server.userId('tech4');
    team1 = z.object({ teamId: z.string() }).parse((await supervisor1.get('/api/v1/auth/me')).json()).teamId;

    // The day before (2026-11-23, 10:00 in Vietnam): a delivery, and 3 meters and 5 seals issued to tech1.
    server.clock.advance(-24 * HOUR);
    const res = await supervisor1.request('POST', '/api/v1/stock/import', {
      body: csv(HEADER, ...['RC0001', 'RC0002', 'RC0003', 'RC0004', 'RC0005', 'RC0006'].map(meterLine), sealLine('RS0001', 'RS0020')),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(res.status, res.text).toBe(200);
    expect(StockImportResponse.parse(res.json()).meters).toBe(6);
    await move({ technicianId: tech1Id, meters: ['RC0001', 'RC0002', 'RC0003'], sealRanges: [{ from: 'RS0001', to: 'RS0005' }] }, 'issue');

    // DAY, 10:00: two more meters and three seals issued; a meter and a seal returned; tech2 gets a seal.
    server.clock.advance(24 * HOUR);
    await move({ technicianId: tech1Id, meters: ['rc 0004', 'RC0005'], seals: ['RS0006', 'RS0007', 'RS0008'] }, 'issue');
    await move({ technicianId: tech1Id, meters: ['RC0003'], seals: ['RS0005'] }, 'return');
    await move({ technicianId: tech2Id, seals: ['RS0009'] }, 'issue');

    // Two swaps by tech1 at 10:00: one installs RC0001 with seal RS0001 from stock and bags the old meter; the other
    // installs a meter nobody issued, with a seal not in stock, and no bag label.
    woInstalled = await insertWorkOrder(server, 'tech1', { id: randomUUID(), code: 'REC-001', oldMeterSerial: 'OLD0001' });
    woUnbacked = await insertWorkOrder(server, 'tech1', { id: randomUUID(), code: 'REC-002', oldMeterSerial: 'OLD0002' });
    const backed = swapFor(woInstalled, { installedSerial: 'RC0001' });
    backed.args.installed.seals = [{ code: 'RS0001', beads: 2 }];
    backed.args.removed.bagLabel = 'BAG-77';
    await completeThroughApi(server, supervisor1, 'tech1', woInstalled, backed.args);
    const unbacked = swapFor(woUnbacked, { installedSerial: 'RC0006' });
    unbacked.args.installed.seals = [{ code: 'ZZ9999', beads: 2 }];
    unbacked.args.installed.stockNote = 'Công tơ mượn của tổ bên cạnh';
    // The push installed RC0006 from the warehouse (the stock did not back it) and took both old meters to tech1.
    await completeThroughApi(server, supervisor1, 'tech1', woUnbacked, unbacked.args);
    // A seal broken while clamping (held), a void of a code tech1 never had (not held).
    await voided('RS0002', vn(DAY, '11:00'));
    await voided('XX0001', vn(DAY, '11:30'));
    // A removed meter bagged four days before, never returned; one bagged two days before.
    await removed('OLD0090', tech1Id, vn('2026-11-20', '16:00'), woInstalled.id, 'BAG-90');
    await removed('OLD0091', tech1Id, vn('2026-11-22', '08:00'), null, 'BAG-91');
    // The day's last second and the next day's first: RS0010 at 23:59:59 (still DAY), RS0011 at 00:00 the next day.
    server.clock.advance(13 * HOUR + 59 * 60_000 + 59_000);
    await move({ technicianId: tech1Id, seals: ['RS0010'] }, 'issue');
    server.clock.advance(1000);
    await move({ technicianId: tech1Id, seals: ['RS0011'] }, 'issue');
  });
  afterAll(async () => {
    await server.close();
  });

  it("counts each technician's day: opening, issued, returned, installed, seals used, voided, removed, on hand, to return", async () => {
    const r = await reconciliation(`date=${DAY}`);
    expect(r).toMatchObject({ date: DAY, teamId: team1, returnDays: 3, from: '2026-11-23T17:00:00.000Z', to: '2026-11-24T17:00:00.000Z' });
    expect(rowOf(r, tech1Id)).toEqual({
      technicianId: tech1Id,
      name: 'Nguyễn Văn Hùng',
      swaps: 2,
      openingMeters: 3,
      openingSeals: 5,
      issuedMeters: 2,
      issuedSeals: 4,
      returnedMeters: 1,
      returnedSeals: 1,
      returnedRemoved: 0,
      installedMeters: 1,
      sealsUsed: 1,
      voidedMeters: 0,
      voidedSeals: 1,
      removedTaken: 2,
      onHandMeters: 3,
      onHandSeals: 6,
      toReturn: 4,
    });
    expect(rowOf(r, tech2Id)).toMatchObject({ issuedSeals: 1, onHandSeals: 1, swaps: 0, onHandMeters: 0 });
    // Every technician of the team has a row, by name; none of another team.
    expect(r.technicians.map((t) => t.name)).toEqual(['Hoàng Đức Mạnh', 'Nguyễn Văn Hùng', 'Trịnh Thị Hoa']);
    expect(r.technicians.some((t) => t.technicianId === tech4Id)).toBe(false);
  });

  it('flags each difference with its technician, item, work order and time', async () => {
    const r = await reconciliation(`date=${DAY}`);
    expect(r.flags.map((f) => [f.code, f.itemKind, f.itemCode, f.workOrderCode, f.days])).toEqual([
      ['removed_not_returned', 'removed', 'OLD0090', 'REC-001', 4],
      ['installed_not_issued', 'meter', 'RC0006', 'REC-002', null],
      ['installed_not_issued', 'seal', 'ZZ9999', 'REC-002', null],
      ['removed_no_label', 'removed', 'OLD0002', 'REC-002', null],
      ['void_not_held', 'seal', 'XX0001', null, null],
    ]);
    expect(r.flags[1]).toMatchObject({
      technicianId: tech1Id,
      technicianName: 'Nguyễn Văn Hùng',
      workOrderId: woUnbacked.id,
      at: TEST_NOW.toISOString(),
    });
    // returnDays moves the removed-meter flag: 4 days is not more than 4; 2 flags the one bagged two days before too.
    expect((await reconciliation(`date=${DAY}&returnDays=4`)).flags.filter((f) => f.code === 'removed_not_returned')).toEqual([]);
    expect(
      (await reconciliation(`date=${DAY}&returnDays=1`)).flags.filter((f) => f.code === 'removed_not_returned').map((f) => [f.itemCode, f.days]),
    ).toEqual([
      ['OLD0090', 4],
      ['OLD0091', 2],
    ]);
  });

  it('cuts days at midnight in Vietnam: the next day opens with what the last closed with', async () => {
    const before = await reconciliation('date=2026-11-23');
    // The meters bagged on the 20th and the 22nd are with tech1 (the one of the 20th 3 days: not more than 3).
    expect(rowOf(before, tech1Id)).toMatchObject({
      openingMeters: 0,
      issuedMeters: 3,
      issuedSeals: 5,
      onHandMeters: 3,
      onHandSeals: 5,
      swaps: 0,
      toReturn: 2,
    });
    expect(before.flags).toEqual([]);
    const day = rowOf(await reconciliation(`date=${DAY}`), tech1Id);
    const next = await reconciliation('date=2026-11-25');
    expect(rowOf(next, tech1Id)).toMatchObject({
      openingMeters: day.onHandMeters,
      openingSeals: day.onHandSeals,
      issuedSeals: 1,
      onHandSeals: day.onHandSeals + 1,
      swaps: 0,
      toReturn: 4,
    });
    // As of the 25th the meter bagged on the 22nd is 3 days old (not flagged), the one of the 20th 5.
    expect(next.flags.map((f) => [f.code, f.itemCode, f.days])).toEqual([['removed_not_returned', 'OLD0090', 5]]);
  });

  it('narrows to one technician of the team', async () => {
    const r = await reconciliation(`date=${DAY}&technicianId=${tech2Id}`);
    expect(r.technicians.map((t) => t.technicianId)).toEqual([tech2Id]);
    expect(r.flags).toEqual([]);
    expect((await reconciliation(`date=${DAY}&technicianId=${tech1Id}`)).flags).toHaveLength(5);
  });

  it('scopes: a supervisor their own team, an admin names it, a technician never; bad input names its field', async () => {
    expect(fieldErrors(await get(supervisor1, `date=${DAY}&technicianId=${tech4Id}`), 403, 'FORBIDDEN')).toEqual([
      { path: 'technicianId', code: 'other_team' },
    ]);
    expect(fieldErrors(await get(supervisor1, `date=${DAY}&technicianId=${randomUUID()}`), 400, 'VALIDATION_FAILED')).toEqual([
      { path: 'technicianId', code: 'not_technician' },
    ]);
    expectProblem(await get(supervisor2, `date=${DAY}&teamId=${team1}`), 403, 'FORBIDDEN');
    expectProblem(await get(tech1, `date=${DAY}`), 403, 'FORBIDDEN');
    expect(fieldErrors(await get(admin, `date=${DAY}`), 400, 'VALIDATION_FAILED')).toEqual([{ path: 'teamId', code: 'required' }]);
    expect(fieldErrors(await get(admin, `date=${DAY}&teamId=${randomUUID()}`), 400, 'VALIDATION_FAILED')).toEqual([
      { path: 'teamId', code: 'not_found' },
    ]);
    expect(fieldErrors(await get(admin, `date=${DAY}&teamId=${team1}&technicianId=${tech4Id}`), 400, 'VALIDATION_FAILED')).toEqual([
      { path: 'technicianId', code: 'other_team' },
    ]);
    const asAdmin = await reconciliation(`date=${DAY}&teamId=${team1}`, admin);
    expect(asAdmin).toEqual(await reconciliation(`date=${DAY}`));
    // supervisor2's team had nothing that day.
    const other = await reconciliation(`date=${DAY}`, supervisor2);
    expect(other.flags).toEqual([]);
    expect(other.technicians.every((t) => t.issuedMeters === 0 && t.onHandSeals === 0)).toBe(true);
    for (const query of [
      '',
      'date=24/11/2026',
      'date=2026-02-30',
      `date=${DAY}&returnDays=0`,
      `date=${DAY}&returnDays=61`,
      `date=${DAY}&returnDays=2.5`,
    ]) {
      const res = await get(supervisor1, query);
      expect(res.status, query).toBe(400);
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.[0]?.path, query).toMatch(/^(date|returnDays)$/);
    }
  });

  it('exports the CSV: BOM, the figures per technician, an empty line, then the differences in Vietnamese', async () => {
    const res = await supervisor1.get(`/api/v1/stock/reconciliation.csv?date=${DAY}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="doi-chieu-vat-tu-${DAY}.csv"`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(res.bytes);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [figures = '', differences = ''] = text.slice(1).split('\r\n\r\n');
    const rows = parse<Record<string, string>>(figures, { columns: true });
    expect(rows.map((r) => r.ky_thuat_vien)).toEqual(['Hoàng Đức Mạnh', 'Nguyễn Văn Hùng', 'Trịnh Thị Hoa']);
    expect(rows[1]).toMatchObject({
      ngay: DAY,
      so_ca_thay: '2',
      cong_to_dau_ngay: '3',
      cong_to_nhan: '2',
      niem_chi_nhan: '4',
      cong_to_lap: '1',
      niem_chi_da_dung: '1',
      niem_chi_huy: '1',
      cong_to_thao_nhan: '2',
      cong_to_cuoi_ngay: '3',
      niem_chi_cuoi_ngay: '6',
      cong_to_thao_phai_tra: '4',
    });
    const flags = parse<Record<string, string>>(differences, { columns: true });
    expect(flags.map((f) => [f.chenh_lech, f.ma_vat_tu, f.ma_lenh, f.so_ngay])).toEqual([
      ['removed_not_returned', 'OLD0090', 'REC-001', '4'],
      ['installed_not_issued', 'RC0006', 'REC-002', ''],
      ['installed_not_issued', 'ZZ9999', 'REC-002', ''],
      ['removed_no_label', 'OLD0002', 'REC-002', ''],
      ['void_not_held', 'XX0001', '', ''],
    ]);
    expect(flags[1]).toMatchObject({ ky_thuat_vien: 'Nguyễn Văn Hùng', loai_vat_tu: 'Công tơ mới', thoi_diem: '24/11/2026 10:00' });
    expect(flags[4]?.mo_ta).toBe('Hủy vật tư kỹ thuật viên không giữ');
    expectProblem(await tech1.get(`/api/v1/stock/reconciliation.csv?date=${DAY}`), 403, 'FORBIDDEN');
  });
});
