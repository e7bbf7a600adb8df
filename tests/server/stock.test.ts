import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Problem } from '../../src/domain/protocol/errors';
import { StockImportResponse, StockItemPage, StockMoveResponse, StockSummary, type StockItem } from '../../src/domain/stock/stock';
import { ImportRowError } from '../../src/domain/workOrder/imports';
import { PullResponse, type Change } from '../../src/domain/protocol/sync';
import { randomUUID } from 'node:crypto';
import { connect } from '../../server/store/connect';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { expectProblem } from './problems';

const ImportErrors = z.array(ImportRowError);
function importErrors(res: TestResponse): ImportRowError[] {
  const problem = expectProblem(res, 422, 'IMPORT_INVALID');
  return ImportErrors.parse(Problem.parse(problem).errors);
}
function fieldErrors(res: TestResponse, status = 400, code = 'VALIDATION_FAILED') {
  return (expectProblem(res, status, code).errors ?? []).map((e) => ({ path: e.path, code: e.code }));
}
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
const HEADER = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
const meterLine = (serial: string, phases = 1, verified = '15/10/2026') => `${serial};DDS26D-RF;${phases};2026;${verified};KD-${serial};;LO-1;;;`;
const sealLine = (from: string, to: string, kind = 'terminal_cover') => `;;;;;;;LO-2;${from};${to};${kind}`;

describe.each(backends)('stock: delivery import, issue and return (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let tech1: HttpClient;
  let tech2: HttpClient;
  let tech1Id = '';
  let tech2Id = '';
  let tech3Id = '';
  let tech4Id = '';
  let team1 = '';

  const deliver = (client: HttpClient, body: string, query = '') =>
    client.request('POST', `/api/v1/stock/import${query}`, { body, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  async function delivered(client: HttpClient, body: string, query = ''): Promise<StockImportResponse> {
    const res = await deliver(client, body, query);
    expect(res.status, res.text).toBe(200);
    return StockImportResponse.parse(res.json());
  }
  const issue = (client: HttpClient, body: unknown) => client.post('/api/v1/stock/issue', body);
  const giveBack = (client: HttpClient, body: unknown) => client.post('/api/v1/stock/return', body);
  function moved(res: TestResponse): StockMoveResponse {
    expect(res.status, res.text).toBe(200);
    return StockMoveResponse.parse(res.json());
  }
  async function itemsOf(client: HttpClient, query = ''): Promise<StockItem[]> {
    const all: StockItem[] = [];
    let cursor: string | null = null;
    do {
      const sep = query === '' ? '?' : `?${query}&`;
      const res = await client.get(`/api/v1/stock/items${sep}limit=500${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(res.status, res.text).toBe(200);
      const page = StockItemPage.parse(res.json());
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return all;
  }
  async function summary(client: HttpClient = supervisor1): Promise<StockSummary> {
    const res = await client.get('/api/v1/stock/summary');
    expect(res.status, res.text).toBe(200);
    return StockSummary.parse(res.json());
  }
  const heldBy = (s: StockSummary, id: string) => s.technicians.find((t) => t.technicianId === id) ?? { meters: 0, seals: 0 };

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 180 });
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    tech1Id = await server.userId('tech1');
    tech2Id = await server.userId('tech2');
    tech3Id = await server.userId('tech3');
    tech4Id = await server.userId('tech4');
    team1 = z.object({ teamId: z.string() }).parse((await supervisor1.get('/api/v1/auth/me')).json()).teamId;
  });
  afterAll(async () => {
    await server.close();
  });

  it('imports a delivery of meters and seal ranges after a dry run, normalising codes, into the warehouse', async () => {
    const file = csv(
      HEADER,
      meterLine('dl 0001'),
      meterLine('DL0002', 3),
      `DL0003;VSE11-PLC;1;2025;2026-09-30;;;LO-1;;;`,
      sealLine('sa 000001', 'SA000050'),
    );
    const dry = await delivered(supervisor1, file, '?dryRun=1');
    expect(dry).toEqual({ dryRun: true, rows: 4, meters: 3, seals: 50 });
    expect(await itemsOf(supervisor1, 'q=DL')).toEqual([]);

    expect(await delivered(supervisor1, file)).toEqual({ dryRun: false, rows: 4, meters: 3, seals: 50 });
    const meters = await itemsOf(supervisor1, 'q=DL&kind=meter');
    expect(meters.map((m) => m.code)).toEqual(['DL0001', 'DL0002', 'DL0003']);
    expect(meters[1]).toMatchObject({
      kind: 'meter',
      model: 'DDS26D-RF',
      phases: 3,
      manufactureYear: 2026,
      verifiedOn: '2026-10-15',
      verificationNo: 'KD-DL0002',
      remoteRead: 'rf_mesh',
      lot: 'LO-1',
      holder: { kind: 'warehouse', id: team1, name: null },
    });
    // The remote-read type comes from the model when the column is empty.
    expect(meters[2]).toMatchObject({ remoteRead: 'plc', verifiedOn: '2026-09-30', verificationNo: null });
    const seals = await itemsOf(supervisor1, 'q=SA&kind=seal');
    expect(seals).toHaveLength(50);
    expect(seals[0]).toMatchObject({ code: 'SA000001', sealKind: 'terminal_cover', holder: { kind: 'warehouse' } });
    expect(seals.at(-1)?.code).toBe('SA000050');
    // A technician sees none of the warehouse.
    expect(await itemsOf(tech1)).toEqual([]);
  });

  it('refuses the whole delivery on any row error, naming line and column: duplicates, codes in any team, bad ranges and cells', async () => {
    await delivered(supervisor2, csv(HEADER, meterLine('CM0001'), sealLine('CS0001', 'CS0010')));
    const before = (await summary()).warehouse;
    const res = await deliver(
      supervisor1,
      csv(
        HEADER,
        meterLine('NEW0001'),
        meterLine('new 0001'),
        meterLine('cm0001'),
        meterLine('DL0001'),
        sealLine('CS0005', 'CS0020'),
        sealLine('SZ0100', 'SZ0001'),
        sealLine('SZ000001', 'SZ999999'),
        sealLine('SZ01', 'SY02'),
        `NEW0002;DDS26D;2;1980;31/02/2026;;WIFI;;;;`,
        `NEW0003;DDS26D;1;2026;01/01/2026;;;;SZ1;SZ2;box`,
        sealLine('SQ0001', 'SQ0002', 'glue'),
      ),
    );
    const errors = importErrors(res).map((e) => `${e.line}:${e.column ?? ''}:${e.code}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        '3:SO_CTO:duplicate_code',
        '4:SO_CTO:already_in_stock',
        '5:SO_CTO:already_in_stock',
        '6:NIEM_TU:already_in_stock',
        '7:NIEM_TU:reversed_range',
        '8:NIEM_TU:range_too_large',
        '9:NIEM_TU:range_mismatch',
        '10:SO_PHA:invalid_phases',
        '10:NAM_SX:out_of_range',
        '10:NGAY_KD:invalid_date',
        '10:DO_XA:invalid_remote_read',
        '11:NIEM_TU:mixed_row',
        '12:LOAI_NIEM:invalid_seal_kind',
      ]),
    );
    // CS0005–CS0010 each named once (the range's own codes), nothing of the file written.
    expect(errors.filter((e) => e === '6:NIEM_TU:already_in_stock')).toHaveLength(6);
    expect((await summary()).warehouse).toEqual(before);
    expect(await itemsOf(supervisor1, 'q=NEW')).toEqual([]);
    // A dry run sees codes already in stock too.
    expect(importErrors(await deliver(supervisor1, csv(HEADER, meterLine('CM0001')), '?dryRun=1')).map((e) => e.code)).toEqual(['already_in_stock']);
  });

  it('refuses a header without the columns a row kind needs, and an admin must name the team', async () => {
    expect(importErrors(await deliver(supervisor1, csv('SO_CTO;SO_LO', 'X0001;L'))).map((e) => e.column)).toEqual([
      'model',
      'phases',
      'manufacture_year',
      'verified_on',
    ]);
    expect(importErrors(await deliver(supervisor1, csv('foo;bar', 'a;b'))).map((e) => e.code)).toEqual(['missing_column']);
    expect(fieldErrors(await deliver(admin, csv(HEADER, meterLine('AD0001'))))).toEqual([{ path: 'teamId', code: 'required' }]);
    expectProblem(await deliver(tech1, csv(HEADER, meterLine('AD0001'))), 403, 'FORBIDDEN');
    expectProblem(await deliver(supervisor2, csv(HEADER, meterLine('AD0001')), `?teamId=${team1}`), 403, 'FORBIDDEN');
  });

  it('issues meters by list and range and seals by range with the pliers number, and returns them; each move is a movement', async () => {
    await delivered(
      supervisor1,
      csv(HEADER, ...Array.from({ length: 30 }, (_, i) => meterLine(`IS${String(i + 1).padStart(4, '0')}`)), sealLine('SI000001', 'SI000100')),
    );
    const before = await summary();
    const res = moved(
      await issue(supervisor1, {
        technicianId: tech1Id,
        meters: ['is 0001', 'IS0002'],
        meterRanges: [{ from: 'IS0011', to: 'is0028' }],
        sealRanges: [{ from: 'SI000001', to: 'SI000050' }],
        pliersNumber: 'K-17',
      }),
    );
    expect(res).toMatchObject({ kind: 'issue', meters: 20, seals: 50 });
    const after = await summary();
    expect(after.warehouse).toEqual({ meters: before.warehouse.meters - 20, seals: before.warehouse.seals - 50, removed: 0 });
    expect(heldBy(after, tech1Id)).toMatchObject({ meters: heldBy(before, tech1Id).meters + 20, seals: heldBy(before, tech1Id).seals + 50 });

    // The technician sees exactly their own items, with what the delivery said and the pliers number on seals.
    const own = await itemsOf(tech1, 'q=I');
    expect(own.filter((i) => i.kind === 'meter').map((i) => i.code)).toEqual([
      'IS0001',
      'IS0002',
      ...Array.from({ length: 18 }, (_, i) => `IS${String(i + 11).padStart(4, '0')}`),
    ]);
    expect(own.filter((i) => i.kind === 'seal').every((i) => i.pliersNumber === 'K-17' && i.holder.kind === 'technician')).toBe(true);
    expect(own[0]?.holder).toEqual({ kind: 'technician', id: tech1Id, name: 'Nguyễn Văn Hùng' });
    expect(await itemsOf(tech2, 'q=I')).toEqual([]);
    expectProblem(await tech2.get(`/api/v1/stock/items?holder=${tech1Id}`), 403, 'FORBIDDEN');
    expect((await itemsOf(supervisor1, `holder=${tech1Id}&q=IS`)).length).toBe(20);
    expect((await itemsOf(supervisor2, 'q=IS')).length).toBe(0);

    // Return part of it: the chain of custody of one meter reads delivery → issue → return.
    expect(moved(await giveBack(supervisor1, { technicianId: tech1Id, meters: ['IS0002'], seals: ['SI000050'] }))).toMatchObject({
      kind: 'return',
      meters: 1,
      seals: 1,
    });
    const [item] = await itemsOf(supervisor1, 'q=IS0002');
    expect(item?.holder.kind).toBe('warehouse');
    const history = await server.store.stock.history(item?.id ?? '');
    const supervisorId = await server.userId('supervisor1');
    expect(history.map((m) => [m.seq, m.kind, m.from_holder, m.to_holder, m.actor_id])).toEqual([
      [1, 'delivery', null, `warehouse:${team1}`, supervisorId],
      [2, 'issue', `warehouse:${team1}`, `technician:${tech1Id}`, supervisorId],
      [3, 'return', `technician:${tech1Id}`, `warehouse:${team1}`, supervisorId],
    ]);
    const audit = await server.store.audit.listForEntity('user', tech1Id);
    expect(audit.filter((a) => a.action.startsWith('stock.')).map((a) => a.action)).toEqual(expect.arrayContaining(['stock.issue', 'stock.return']));
  });

  it('refuses bad moves with the field at fault and moves nothing', async () => {
    await delivered(supervisor1, csv(HEADER, meterLine('BM0001'), meterLine('BM0002'), sealLine('BS0001', 'BS0010')));
    moved(await issue(supervisor1, { technicianId: tech2Id, meters: ['BM0002'] }));
    const before = await summary();
    const cases: [string, unknown, { path: string; code: string }[]][] = [
      [
        'not a technician',
        { technicianId: await server.userId('supervisor1'), meters: ['BM0001'] },
        [{ path: 'technicianId', code: 'not_technician' }],
      ],
      ['nothing', { technicianId: tech1Id }, [{ path: '(root)', code: 'empty' }]],
      ['reversed', { technicianId: tech1Id, sealRanges: [{ from: 'BS0010', to: 'BS0001' }] }, [{ path: 'sealRanges.0', code: 'reversed_range' }]],
      [
        'enormous',
        { technicianId: tech1Id, sealRanges: [{ from: 'BS000000', to: 'BS999999' }] },
        [{ path: 'sealRanges.0', code: 'range_too_large' }],
      ],
      ['mismatched', { technicianId: tech1Id, meterRanges: [{ from: 'BM0001', to: 'BX0002' }] }, [{ path: 'meterRanges.0', code: 'range_mismatch' }]],
      ['malformed', { technicianId: tech1Id, meters: ['B'] }, [{ path: 'meters.0', code: 'invalid_code' }]],
      ['twice', { technicianId: tech1Id, meters: ['BM0001', 'bm 0001'] }, [{ path: 'meters.1', code: 'duplicate_code' }]],
      [
        'already issued, unknown and another team’s',
        { technicianId: tech1Id, meters: ['BM0001', 'BM0002', 'NOSUCH01', 'CM0001'] },
        [
          { path: 'meters.1', code: 'not_in_warehouse' },
          { path: 'meters.2', code: 'not_in_stock' },
          { path: 'meters.3', code: 'not_in_stock' },
        ],
      ],
    ];
    expect(fieldErrors(await issue(supervisor1, { technicianId: tech4Id, meters: ['BM0001'] }), 403, 'FORBIDDEN')).toEqual([
      { path: 'technicianId', code: 'other_team' },
    ]);
    for (const [what, body, expected] of cases) {
      expect(fieldErrors(await issue(supervisor1, body)), what).toEqual(expected);
    }
    // Returns: something never issued to this technician, or issued to another one.
    expect(fieldErrors(await giveBack(supervisor1, { technicianId: tech1Id, meters: ['BM0001', 'BM0002'] }))).toEqual([
      { path: 'meters.0', code: 'not_held' },
      { path: 'meters.1', code: 'not_held' },
    ]);
    expect(fieldErrors(await giveBack(supervisor1, { technicianId: tech2Id, meters: ['BM0002'], pliersNumber: 'K1' }))).toEqual([
      { path: 'pliersNumber', code: 'not_expected' },
    ]);
    expect(fieldErrors(await issue(supervisor1, { technicianId: tech1Id, meters: ['BM0001'], extra: 1 }))[0]?.code).toBe('unrecognized_keys');
    expectProblem(await issue(tech1, { technicianId: tech1Id, meters: ['BM0001'] }), 403, 'FORBIDDEN');
    expect(await summary()).toEqual(before);
    // An admin may issue to any team's technician (from that team's warehouse).
    expect(moved(await issue(admin, { technicianId: tech4Id, seals: ['CS0001'] }))).toMatchObject({ seals: 1 });
  });

  it('puts what a technician holds in their pull (stock=1): issues upsert, returns revoke; other clients never see it', async () => {
    await delivered(supervisor1, csv(HEADER, meterLine('PL0001'), meterLine('PL0002', 3), sealLine('PS0001', 'PS0003')));
    moved(
      await issue(supervisor1, {
        technicianId: tech2Id,
        meters: ['PL0001', 'PL0002'],
        sealRanges: [{ from: 'PS0001', to: 'PS0003' }],
        pliersNumber: 'K-9',
      }),
    );
    async function pullAll(query: string, cursor?: string): Promise<{ changes: Change[]; cursor: string }> {
      const changes: Change[] = [];
      let next = cursor;
      for (;;) {
        const res = await tech2.get(`/api/v1/sync/pull?${query}&limit=500${next === undefined ? '' : `&cursor=${encodeURIComponent(next)}`}`);
        expect(res.status, res.text).toBe(200);
        const page = PullResponse.parse(res.json());
        changes.push(...page.changes);
        next = page.cursor;
        if (!page.hasMore) return { changes, cursor: next };
      }
    }
    const clientId = randomUUID();
    const full = await pullAll(`clientId=${clientId}&stock=1`);
    const stock = full.changes.filter((c) => c.entity === 'stockItem');
    const held = stock.filter((c) => c.op === 'upsert').map((c) => c.data?.code);
    expect(held).toEqual(expect.arrayContaining(['PL0001', 'PL0002', 'PS0001', 'PS0002', 'PS0003']));
    const pl2 = stock.find((c) => c.data?.code === 'PL0002');
    expect(pl2).toMatchObject({
      op: 'upsert',
      version: 2,
      data: { phases: 3, model: 'DDS26D-RF', verifiedOn: '2026-10-15', holder: { kind: 'technician', id: tech2Id } },
    });
    // Another client of the same technician that does not keep stock gets none of it.
    expect((await pullAll(`clientId=${randomUUID()}`)).changes.filter((c) => c.entity === 'stockItem')).toEqual([]);

    // A return revokes exactly what left.
    moved(await giveBack(supervisor1, { technicianId: tech2Id, meters: ['PL0002'] }));
    const after = await pullAll(`clientId=${clientId}&stock=1`, full.cursor);
    expect(after.changes.map((c) => [c.entity, c.op, c.id])).toEqual([['stockItem', 'revoke', pl2?.id]]);
  });

  it('keeps every holder’s stock equal to the sum of its movements under random issues and returns (property)', async () => {
    const { db } = await connect(server.databaseLocation);
    const technicians = [tech1Id, tech2Id, tech3Id];
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({ op: fc.constantFrom('issue', 'return'), tech: fc.nat(2), picks: fc.array(fc.nat(11), { minLength: 1, maxLength: 5 }) }),
            {
              maxLength: 8,
            },
          ),
          async (ops) => {
            run += 1;
            const prefix = `PR${String(run).padStart(3, '0')}`;
            const codes = Array.from({ length: 12 }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
            await delivered(supervisor1, csv(HEADER, ...codes.slice(0, 6).map((c) => meterLine(c)), sealLine(codes[6] ?? '', codes[11] ?? '')));
            const model = new Map(codes.map((c) => [c, 'warehouse']));
            for (const { op, tech, picks } of ops) {
              const technicianId = technicians[tech] ?? tech1Id;
              const chosen = [...new Set(picks.map((p) => codes[p] ?? ''))];
              const body = { technicianId, meters: chosen.filter((c) => c < (codes[6] ?? '')), seals: chosen.filter((c) => c >= (codes[6] ?? '')) };
              const from = op === 'issue' ? 'warehouse' : technicianId;
              const allowed = chosen.every((c) => model.get(c) === from);
              const res = await (op === 'issue' ? issue : giveBack)(supervisor1, body);
              expect(res.status, res.text).toBe(allowed ? 200 : 400);
              if (allowed) for (const c of chosen) model.set(c, op === 'issue' ? technicianId : 'warehouse');
            }
            // Where each item is (its latest movement) is the model's answer.
            const now = await itemsOf(supervisor1, `q=${prefix}`);
            expect(Object.fromEntries(now.map((i) => [i.code, i.holder.kind === 'warehouse' ? 'warehouse' : i.holder.id]))).toEqual(
              Object.fromEntries(model),
            );
            // And every holder's count is Σ movements in − Σ movements out.
            const { rows } = await sql<{ holder: string; n: number | string }>`
              select holder, sum(n) as n from (
                select m.to_holder as holder, 1 as n from stock_movements m join stock_items i on i.id = m.item_id where i.code like ${`${prefix}%`}
                union all
                select m.from_holder as holder, -1 as n from stock_movements m join stock_items i on i.id = m.item_id
                  where i.code like ${`${prefix}%`} and m.from_holder is not null
              ) t group by holder`.execute(db);
            const sums = Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.holder, Number(r.n)]));
            const expected: Record<string, number> = {};
            for (const holder of model.values()) {
              const key = holder === 'warehouse' ? `warehouse:${team1}` : `technician:${holder}`;
              expected[key] = (expected[key] ?? 0) + 1;
            }
            expect(sums).toEqual(expected);
          },
        ),
        { numRuns: 12, seed: 16 },
      );
    } finally {
      await db.destroy();
    }
  });
});
