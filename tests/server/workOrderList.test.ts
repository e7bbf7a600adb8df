import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../server/store/connect';
import { migrationsFor } from '../../server/store/migrations';
import { createStore } from '../../server/store/store';
import { foldForSearch, type WorkOrder } from '../../src/domain/workOrder/workOrder';
import { WorkOrderListResponse, WorkOrderMapPoints } from '../../src/domain/workOrder/workOrderQuery';
import { TeamList } from '../../src/domain/users/users';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { seededWorkOrders } from './demoData';
import { expectProblem } from './problems';

const THANH_HOA = 'Thanh Hóa';

describe.each(backends)('work-order list and map (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  const seeded = seededWorkOrders();
  const thanhHoa = seeded.filter((wo) => wo.province === THANH_HOA);
  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

  /** Every page of a list query, following nextCursor. */
  async function listAll(client: HttpClient, query: string, limit = 500): Promise<WorkOrder[]> {
    const items: WorkOrder[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/work-orders?limit=${limit}${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const res = await client.get(path);
      expect(res.status, res.text).toBe(200);
      const page = WorkOrderListResponse.parse(res.json());
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
  });
  afterAll(async () => {
    await server.close();
  });

  it("lists exactly a supervisor's own team, in code order, across pages without gaps or repeats", async () => {
    const items = await listAll(supervisor1, '', 137);
    expect(items.map((wo) => wo.code)).toEqual([...thanhHoa].sort(byCode).map((wo) => wo.code));
    expect(items[0]).not.toHaveProperty('teamId');
  });

  it('lists every team for an admin', async () => {
    const items = await listAll(admin, '');
    expect(items).toHaveLength(seeded.length);
  });

  it('refuses technicians with 403 and anonymous callers with 401', async () => {
    const tech1 = await server.login('tech1');
    expectProblem(await tech1.get('/api/v1/work-orders'), 403, 'FORBIDDEN');
    expectProblem(await tech1.get('/api/v1/work-orders/map'), 403, 'FORBIDDEN');
    expectProblem(await server.client().get('/api/v1/work-orders'), 401, 'UNAUTHENTICATED');
  });

  it("never shows another team's work order, even when asked for by its code", async () => {
    const caMau = seeded.find((wo) => wo.province !== THANH_HOA);
    if (!caMau) throw new Error('no Cà Mau order');
    const page = WorkOrderListResponse.parse((await supervisor1.get(`/api/v1/work-orders?q=${encodeURIComponent(caMau.code)}`)).json());
    expect(page.items).toEqual([]);
    const own = WorkOrderListResponse.parse((await supervisor2.get(`/api/v1/work-orders?q=${encodeURIComponent(caMau.code)}`)).json());
    expect(own.items.map((wo) => wo.id)).toEqual([caMau.id]);
    // The detail endpoint answers 404 for another team's work order; the list and map simply do not include it.
    expectProblem(await supervisor1.get(`/api/v1/work-orders/${caMau.id}`), 404, 'NOT_FOUND');
  });

  it('filters by status list, assignee (and none), commune and planned date', async () => {
    const tech1 = await server.userId('tech1');
    const assigned = await listAll(supervisor1, '&status=assigned,in_progress');
    expect(assigned.map((wo) => wo.id).sort()).toEqual(
      thanhHoa
        .filter((wo) => wo.status === 'assigned' || wo.status === 'in_progress')
        .map((wo) => wo.id)
        .sort(),
    );
    expect(assigned.length).toBeGreaterThan(0);

    const mine = await listAll(supervisor1, `&assigneeId=${tech1}`);
    expect(mine.length).toBe(thanhHoa.filter((wo) => wo.assigneeId === tech1).length);
    expect(mine.every((wo) => wo.assigneeId === tech1)).toBe(true);

    const nobody = await listAll(supervisor1, '&assigneeId=none');
    expect(nobody.length).toBe(thanhHoa.filter((wo) => wo.assigneeId === null).length);

    const commune = thanhHoa[0]?.commune ?? '';
    const inCommune = await listAll(supervisor1, `&commune=${encodeURIComponent(commune)}`);
    expect(inCommune.map((wo) => wo.id).sort()).toEqual(
      thanhHoa
        .filter((wo) => wo.commune === commune)
        .map((wo) => wo.id)
        .sort(),
    );

    const day = thanhHoa.find((wo) => wo.plannedDate !== null)?.plannedDate ?? '';
    const planned = await listAll(supervisor1, `&plannedDate=${day}`);
    expect(planned.length).toBe(thanhHoa.filter((wo) => wo.plannedDate === day).length);
  });

  it('filters by bounding box', async () => {
    const lats = thanhHoa.map((wo) => wo.lat).sort((a, b) => a - b);
    const lngs = thanhHoa.map((wo) => wo.lng).sort((a, b) => a - b);
    const box = [
      lngs[Math.floor(lngs.length / 4)] ?? 0,
      lats[Math.floor(lats.length / 4)] ?? 0,
      lngs[Math.floor((lngs.length * 3) / 4)] ?? 0,
      lats[Math.floor((lats.length * 3) / 4)] ?? 0,
    ] as const;
    const inside = thanhHoa.filter((wo) => wo.lng >= box[0] && wo.lat >= box[1] && wo.lng <= box[2] && wo.lat <= box[3]);
    const items = await listAll(supervisor1, `&bbox=${box.join(',')}`);
    expect(items.map((wo) => wo.id).sort()).toEqual(inside.map((wo) => wo.id).sort());
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.length).toBeLessThan(thanhHoa.length);
  });

  it('searches code, customer code, name and serial case- and diacritic-insensitively', async () => {
    const sample = thanhHoa[7];
    if (!sample) throw new Error('no sample');
    const given = sample.customerName.split(' ').at(-1) ?? '';
    const query = foldForSearch(given).toUpperCase();
    const expected = thanhHoa.filter((wo) =>
      [wo.code, wo.customerCode, wo.customerName, wo.oldMeterSerial].some((f) => foldForSearch(f).includes(foldForSearch(query))),
    );
    const byName = await listAll(supervisor1, `&q=${encodeURIComponent(query)}`);
    expect(byName.map((wo) => wo.id).sort()).toEqual(expected.map((wo) => wo.id).sort());
    expect(byName.map((wo) => wo.id)).toContain(sample.id);

    const serial = await listAll(supervisor1, `&q=${encodeURIComponent(sample.oldMeterSerial.toLowerCase())}`);
    expect(serial.map((wo) => wo.id)).toContain(sample.id);
    const customer = await listAll(supervisor1, `&q=${sample.customerCode.toLowerCase()}`);
    expect(customer.map((wo) => wo.id)).toContain(sample.id);
    // LIKE wildcards in the query are literal characters.
    expect(await listAll(supervisor1, '&q=%25')).toEqual([]);
    expect(await listAll(supervisor1, '&q=_')).toEqual([]);
  });

  it('refuses a cursor it did not give out and bad filters with 400 naming the field', async () => {
    const bad = expectProblem(await supervisor1.get('/api/v1/work-orders?cursor=bm90LWEtY3Vyc29y'), 400, 'VALIDATION_FAILED');
    expect(bad.errors?.[0]?.path).toBe('cursor');
    const status = expectProblem(await supervisor1.get('/api/v1/work-orders?status=done'), 400, 'VALIDATION_FAILED');
    expect(status.errors?.[0]?.path).toContain('status');
    expectProblem(await supervisor1.get('/api/v1/work-orders?bbox=1,2,3'), 400, 'VALIDATION_FAILED');
    expectProblem(await supervisor1.get('/api/v1/work-orders?limit=501'), 400, 'VALIDATION_FAILED');
  });

  it('answers the map as parallel columns with the same scope and filters', async () => {
    const res = await supervisor1.get('/api/v1/work-orders/map');
    expect(res.status, res.text).toBe(200);
    const points = WorkOrderMapPoints.parse(res.json());
    expect(points.ids.length).toBe(thanhHoa.length);
    for (const column of [points.codes, points.lat, points.lng, points.status, points.assigneeIds, points.communes, points.plannedDates]) {
      expect(column).toHaveLength(points.ids.length);
    }
    // Every column, value for value, in code order (numbers exactly as stored, nulls kept).
    const expected = [...thanhHoa].sort(byCode);
    expect(points).toEqual({
      ids: expected.map((wo) => wo.id),
      codes: expected.map((wo) => wo.code),
      lat: expected.map((wo) => wo.lat),
      lng: expected.map((wo) => wo.lng),
      status: expected.map((wo) => wo.status),
      assigneeIds: expected.map((wo) => wo.assigneeId),
      communes: expected.map((wo) => wo.commune),
      plannedDates: expected.map((wo) => wo.plannedDate),
    });
    expect(points.assigneeIds).toContain(null);

    const unassigned = WorkOrderMapPoints.parse((await supervisor1.get('/api/v1/work-orders/map?status=unassigned')).json());
    expect(unassigned.ids.length).toBe(thanhHoa.filter((wo) => wo.status === 'unassigned').length);
    expect(new Set(unassigned.status)).toEqual(new Set(['unassigned']));
    const nothing = WorkOrderMapPoints.parse((await supervisor1.get('/api/v1/work-orders/map?q=no-such-thing-anywhere')).json());
    expect(nothing).toEqual({ ids: [], codes: [], lat: [], lng: [], status: [], assigneeIds: [], communes: [], plannedDates: [] });
    expect((await supervisor1.get('/api/v1/work-orders/map')).headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('lists teams: a supervisor sees their own, an admin all, a technician none', async () => {
    const own = TeamList.parse((await supervisor1.get('/api/v1/teams')).json());
    expect(own.items.map((t) => t.name)).toEqual([THANH_HOA]);
    const all = TeamList.parse((await admin.get('/api/v1/teams')).json());
    expect(all.items.map((t) => t.name).sort()).toEqual(['Cà Mau', THANH_HOA].sort());
    expectProblem(await (await server.login('tech2')).get('/api/v1/teams'), 403, 'FORBIDDEN');
  });
});

describe.each(backends)('work-order search migration (%s)', (backend) => {
  it('backfills the folded search text of work orders stored before it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'meterswap-search-'));
    const schema = `t_search_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const options = backend === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL ?? '', schema } : { dataDir };
    const connection = await connect(options);
    const store = await createStore(options);
    try {
      const all = migrationsFor(backend);
      const migrator = new Migrator({
        db: connection.db,
        provider: { getMigrations: () => Promise.resolve(all) },
        ...(backend === 'postgres' ? { migrationTableSchema: schema } : {}),
      });
      const before = await migrator.migrateTo('2026_11_26_0001_push_and_photos');
      expect(before.error).toBeUndefined();
      const at = TEST_NOW.toISOString();
      const rows = Array.from({ length: 1203 }, (_, i) => ({
        id: randomUUID(),
        code: `OLD-${String(i).padStart(5, '0')}`,
        customer_code: 'PA07010000001',
        customer_name: i === 700 ? 'Đỗ Thị Hằng' : `Khách ${i}`,
        address: 'Thôn 1',
        commune: 'Quảng Phú',
        province: 'Thanh Hóa',
        lat: 19.8,
        lng: 105.8,
        phases: 1,
        old_meter_serial: `SN${i}`,
        status: 'unassigned',
        version: 1,
        created_at: at,
        updated_at: at,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await connection.db
          .insertInto('work_orders')
          .values(rows.slice(i, i + 200))
          .execute();
      await store.migrate();
      const found = await store.workOrders.list({ teamId: null, q: 'do thi hang' }, undefined, 10);
      expect(found.map((wo) => wo.code)).toEqual(['OLD-00700']);
      const last = await store.workOrders.list({ teamId: null, q: 'old-01202' }, undefined, 10);
      expect(last).toHaveLength(1);
    } finally {
      if (backend === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(connection.db);
      await connection.db.destroy();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
