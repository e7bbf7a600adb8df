import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_HAMLET, Roadmap, RoadmapCommuneList, RoadmapProposal, type RoadmapDay } from '../../src/domain/campaign/roadmap';
import { PullResponse } from '../../src/domain/protocol/sync';
import { WorkOrder } from '../../src/domain/workOrder/workOrder';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { seededWorkOrders } from './demoData';
import { expectProblem } from './problems';

/*
 * The commune's roadmap (issue 15 §1) through HTTP. The server's clock is the harness's fixed one: today is Tuesday
 * 2026-11-24 in Vietnam, so Saturday 2026-11-28 is followed by a Sunday the plan must skip.
 */

/** A commune planned from a CMIS export with a THON column (some rows leave it empty and name the hamlet in the address). */
const WITH_THON = 'Xã Quảng Thọ';
/** A commune imported without the column: hamlets come from the addresses only. */
const WITHOUT_THON = 'Xã Quảng Hùng';
/** A third one for the refusals that must write nothing. */
const STALE_COMMUNE = 'Xã Quảng Tâm';
/** A fourth one planned twice at once. */
const RACE_COMMUNE = 'Xã Quảng Đông';

let serial = 0;
function cmisRow(commune: string, thon: string, address: string): string {
  serial += 1;
  const n = String(serial).padStart(4, '0');
  return [`RM-${n}`, `PA0708000${n}`, `Khách hàng ${n}`, address, commune, thon, 'Thanh Hóa', `19,7${n}`, `105,8${n}`, `SNRM${n}`].join(';');
}
const CMIS_HEADER = 'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DIA_CHI;XA_PHUONG;THON;TINH;VI_DO;KINH_DO;SO_CTO';

function englishRows(commune: string, addresses: readonly string[]): string {
  const lines = addresses.map((address) => {
    serial += 1;
    const n = String(serial).padStart(4, '0');
    return [`RM-${n}`, `PA0708000${n}`, `Khách hàng ${n}`, `"${address}"`, commune, 'Thanh Hóa', `19.7${n}`, `105.8${n}`, `SNRM${n}`].join(',');
  });
  return ['code,customer_code,customer_name,address,commune,province,lat,lng,old_meter_serial', ...lines].join('\n');
}

const put = (client: HttpClient, json: unknown) => client.request('PUT', '/api/v1/roadmaps', { json });
const getRoadmap = (client: HttpClient, commune: string) => client.get(`/api/v1/roadmaps?commune=${encodeURIComponent(commune)}`);

describe.each(backends)('commune roadmaps (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let teamId: string;
  const id: Record<string, string> = {};

  async function importCsv(body: string): Promise<void> {
    const res = await supervisor1.request('POST', '/api/v1/work-orders/import', { body, headers: { 'content-type': 'text/csv' } });
    expect(res.status, res.text).toBe(200);
  }

  async function roadmapOf(commune: string): Promise<Roadmap> {
    const res = await getRoadmap(supervisor1, commune);
    expect(res.status, res.text).toBe(200);
    return Roadmap.parse(res.json());
  }

  async function propose(commune: string, technicianIds: string[], capacityPerDay: number, startDate: string): Promise<RoadmapProposal> {
    const res = await supervisor1.post('/api/v1/roadmaps/proposals', { commune, technicianIds, capacityPerDay, startDate });
    expect(res.status, res.text).toBe(200);
    return RoadmapProposal.parse(res.json());
  }

  async function pulledOrders(username: string): Promise<WorkOrder[]> {
    const client = await server.login(username);
    const page = PullResponse.parse((await client.get(`/api/v1/sync/pull?clientId=${randomUUID()}&limit=1000`)).json());
    expect(page.hasMore).toBe(false);
    return page.changes.flatMap((c) => (c.entity === 'workOrder' && c.op === 'upsert' ? [WorkOrder.parse(c.data)] : []));
  }

  async function ordersOf(commune: string) {
    return (await server.store.workOrders.list({ teamId, commune }, undefined, 1000)).sort((a, b) => a.code.localeCompare(b.code));
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    for (const name of ['tech1', 'tech2', 'tech3', 'tech4']) id[name] = await server.userId(name);
    teamId = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? '';

    await importCsv(
      [
        CMIS_HEADER,
        ...Array.from({ length: 4 }, () => cmisRow(WITH_THON, 'Thôn Đông', `Số ${serial + 1} đường làng, ${WITH_THON}`)),
        ...Array.from({ length: 4 }, () => cmisRow(WITH_THON, '', `Thôn 3, ${WITH_THON}`)),
        ...Array.from({ length: 2 }, () => cmisRow(WITH_THON, ' thôn 03 ', `Số 7 đường Lê Lợi, ${WITH_THON}`)),
        ...Array.from({ length: 2 }, () => cmisRow(WITH_THON, '', `Số 5 đường Lê Lợi, ${WITH_THON}`)),
      ].join('\r\n'),
    );
    await importCsv(
      englishRows(WITHOUT_THON, ['Thôn 1, xã Quảng Hùng', 'Thôn 1, xã Quảng Hùng', 'Thôn 10, xã Quảng Hùng', 'Thôn 2, xã Quảng Hùng', 'Xóm Chùa']),
    );
    await importCsv(englishRows(STALE_COMMUNE, ['Thôn 1', 'Thôn 1', 'Thôn 2', 'Thôn 2', 'Thôn 3', 'Thôn 3']));
    await importCsv(englishRows(RACE_COMMUNE, ['Thôn 1', 'Thôn 1', 'Thôn 1', 'Thôn 2', 'Thôn 2', 'Thôn 2']));
  });
  afterAll(async () => {
    await server.close();
  });

  it('groups a commune by the THON column, else the hamlet its address names, else "khác"', async () => {
    const roadmap = await roadmapOf(WITH_THON);
    expect(roadmap).toMatchObject({
      commune: WITH_THON,
      province: 'Thanh Hóa',
      days: [],
      confirmedAt: null,
      confirmedBy: null,
      capacityPerDay: null,
    });
    expect(roadmap.hamlets.map((h) => [h.name, h.total, h.plannable, h.unplanned, h.firstDate])).toEqual([
      ['Thôn 3', 6, 6, 6, null],
      ['Thôn Đông', 4, 4, 4, null],
      [OTHER_HAMLET, 2, 2, 2, null],
    ]);
    const stored = await ordersOf(WITH_THON);
    expect(stored.map((wo) => wo.hamlet)).toEqual([
      ...Array<string>(4).fill('Thôn Đông'),
      ...Array<null>(4).fill(null),
      'thôn 03',
      'thôn 03',
      null,
      null,
    ]);

    const without = await roadmapOf(WITHOUT_THON);
    // Numbers by value: "Thôn 2" before "Thôn 10".
    expect(without.hamlets.map((h) => [h.name, h.total])).toEqual([
      ['Thôn 1', 2],
      ['Thôn 2', 1],
      ['Thôn 10', 1],
      ['Xóm Chùa', 1],
    ]);
  });

  it("lists the team's communes with counts and hamlets; an admin sees every team's", async () => {
    const res = await supervisor1.get('/api/v1/roadmaps/communes');
    expect(res.status, res.text).toBe(200);
    const { communes } = RoadmapCommuneList.parse(res.json());
    expect(communes.find((c) => c.commune === WITH_THON)).toEqual({
      commune: WITH_THON,
      province: 'Thanh Hóa',
      total: 12,
      plannable: 12,
      planned: 0,
      done: 0,
      hamlets: 3,
      confirmedAt: null,
    });
    expect(communes.every((c) => c.province === 'Thanh Hóa')).toBe(true);
    const seeded = seededWorkOrders().filter((wo) => wo.province === 'Thanh Hóa');
    expect(communes.length).toBe(new Set(seeded.map((wo) => wo.commune)).size + 4);
    expect(communes.map((c) => c.commune)).toEqual([...communes.map((c) => c.commune)].sort(new Intl.Collator('vi').compare));

    const all = RoadmapCommuneList.parse((await admin.get('/api/v1/roadmaps/communes')).json()).communes;
    expect(new Set(all.map((c) => c.province))).toEqual(new Set(['Thanh Hóa', 'Cà Mau']));
    const caMau = RoadmapCommuneList.parse((await supervisor2.get('/api/v1/roadmaps/communes')).json()).communes;
    expect(caMau.some((c) => c.commune === WITH_THON)).toBe(false);
  });

  it('proposes working days from the start date, skipping Sunday, each technician up to the capacity', async () => {
    const proposal = await propose(WITH_THON, [id.tech1 ?? '', id.tech2 ?? ''], 3, '2026-11-28');
    expect(proposal).toMatchObject({ commune: WITH_THON, startDate: '2026-11-28', capacityPerDay: 3, technicianIds: [id.tech1, id.tech2] });
    expect(proposal.days.map((d) => d.date)).toEqual(['2026-11-28', '2026-11-28', '2026-11-30', '2026-11-30']);
    expect(proposal.skippedDays).toContainEqual({ date: '2026-11-29', reason: 'sunday' });
    expect(proposal.endDate).toBe('2026-11-30');
    for (const day of proposal.days) expect(day.orderIds.length).toBeLessThanOrEqual(3);
    const planned = proposal.days.flatMap((d) => d.orderIds);
    expect([...planned].sort()).toEqual((await ordersOf(WITH_THON)).map((wo) => wo.id).sort());
    expect(proposal.hamlets.map((h) => [h.name, h.count]).sort()).toEqual(
      [
        ['Thôn 3', 6],
        ['Thôn Đông', 4],
        [OTHER_HAMLET, 2],
      ].sort(),
    );
    // Nothing is written by a proposal.
    expect((await ordersOf(WITH_THON)).every((wo) => wo.plannedDate === null && wo.assigneeId === null)).toBe(true);
    // Today is a day the plan may start.
    await propose(WITH_THON, [id.tech1 ?? ''], 15, '2026-11-24');
  });

  it('refuses bad proposals with problem+json naming the fields', async () => {
    const body = { commune: WITH_THON, technicianIds: [id.tech1], capacityPerDay: 3, startDate: '2026-11-28' };
    const post = (client: HttpClient, patch: object) => client.post('/api/v1/roadmaps/proposals', { ...body, ...patch });

    const none = expectProblem(await post(supervisor1, { technicianIds: [] }), 400, 'VALIDATION_FAILED');
    expect(none.errors?.map((e) => e.path)).toEqual(['technicianIds']);
    const zero = expectProblem(await post(supervisor1, { capacityPerDay: 0 }), 400, 'VALIDATION_FAILED');
    expect(zero.errors?.map((e) => e.path)).toEqual(['capacityPerDay']);
    const past = expectProblem(await post(supervisor1, { startDate: '2026-11-23' }), 422, 'ROADMAP_DATE_PAST');
    expect(past.errors?.map((e) => e.path)).toEqual(['startDate']);
    const otherTeam = expectProblem(await post(supervisor1, { technicianIds: [id.tech1, id.tech4] }), 409, 'ROADMAP_STALE');
    expect(otherTeam.errors?.map((e) => [e.path, e.code])).toEqual([['technicianIds.1', 'not_in_team']]);

    // Another team's commune reads exactly as an unknown one.
    const foreign = expectProblem(await post(supervisor2, { technicianIds: [id.tech4] }), 404, 'NOT_FOUND');
    const unknown = expectProblem(await post(supervisor2, { commune: 'Xã Không Có', technicianIds: [id.tech4] }), 404, 'NOT_FOUND');
    expect(foreign.detail.replace(WITH_THON, 'X')).toBe(unknown.detail.replace('Xã Không Có', 'X'));
    expectProblem(await getRoadmap(supervisor2, WITH_THON), 404, 'NOT_FOUND');
    expectProblem(await put(supervisor2, { commune: WITH_THON, capacityPerDay: 3, days: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await put(supervisor2, {
        commune: WITH_THON,
        capacityPerDay: 3,
        days: [{ date: '2026-11-28', technicianId: id.tech4, hamlets: [], orderIds: [randomUUID()] }],
      }),
      404,
      'NOT_FOUND',
    );
  });

  it('asks an admin to leave a commune name two teams share to its teams, while each supervisor plans their own', async () => {
    const caMau = (await server.store.users.findByUsername('supervisor2'))?.teamId ?? '';
    const body = englishRows(WITHOUT_THON, ['Ấp 1'])
      .replace('Thanh Hóa', 'Cà Mau')
      .replace(/19\.7\d+,105\.8\d+/, '9.18,105.15');
    const res = await admin.request('POST', `/api/v1/work-orders/import?teamId=${caMau}`, { body, headers: { 'content-type': 'text/csv' } });
    expect(res.status, res.text).toBe(200);
    const ambiguous = expectProblem(await getRoadmap(admin, WITHOUT_THON), 400, 'VALIDATION_FAILED');
    expect(ambiguous.errors?.map((e) => [e.path, e.code])).toEqual([['commune', 'ambiguous']]);
    expect((await roadmapOf(WITHOUT_THON)).hamlets.map((h) => h.name)).toEqual(['Thôn 1', 'Thôn 2', 'Thôn 10', 'Xóm Chùa']);
    const theirs = await getRoadmap(supervisor2, WITHOUT_THON);
    expect(theirs.status, theirs.text).toBe(200);
    expect(Roadmap.parse(theirs.json())).toMatchObject({ province: 'Cà Mau', hamlets: [{ name: 'Ấp 1', total: 1 }] });
  });

  it('is for supervisors and admins only', async () => {
    const tech1 = await server.login('tech1');
    expectProblem(await tech1.get('/api/v1/roadmaps/communes'), 403, 'FORBIDDEN');
    expectProblem(await getRoadmap(tech1, WITH_THON), 403, 'FORBIDDEN');
    expectProblem(
      await tech1.post('/api/v1/roadmaps/proposals', { commune: WITH_THON, technicianIds: [id.tech1], startDate: '2026-11-28' }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await put(tech1, { commune: WITH_THON, capacityPerDay: 3, days: [] }), 403, 'FORBIDDEN');
    expect((await getRoadmap(admin, WITH_THON)).status).toBe(200);
  });

  it('confirms a proposal: dates, assignees and route orders written, the technicians pull them, get reflects it', async () => {
    const proposal = await propose(WITH_THON, [id.tech1 ?? '', id.tech2 ?? ''], 3, '2026-11-28');
    const res = await put(supervisor1, { commune: WITH_THON, capacityPerDay: 3, days: proposal.days });
    expect(res.status, res.text).toBe(200);
    const confirmed = Roadmap.parse(res.json());
    expect(confirmed).toMatchObject({ confirmedAt: TEST_NOW.toISOString(), confirmedBy: 'Lê Văn Thành', capacityPerDay: 3 });
    const key = (d: RoadmapDay) => `${d.date} ${d.technicianId}`;
    const sortDays = (days: RoadmapDay[]) => [...days].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sortDays(confirmed.days).map((d) => [key(d), d.orderIds])).toEqual(sortDays(proposal.days).map((d) => [key(d), d.orderIds]));
    expect(confirmed.days.map((d) => d.date)).toEqual([...confirmed.days.map((d) => d.date)].sort());

    const stored = new Map((await ordersOf(WITH_THON)).map((wo) => [wo.id, wo]));
    for (const day of proposal.days) {
      day.orderIds.forEach((orderId, k) => {
        expect(stored.get(orderId)).toMatchObject({ plannedDate: day.date, assigneeId: day.technicianId, routeOrder: k + 1, status: 'assigned' });
      });
    }
    const pulled = new Map((await pulledOrders('tech1')).map((wo) => [wo.id, wo]));
    for (const day of proposal.days.filter((d) => d.technicianId === id.tech1)) {
      for (const orderId of day.orderIds) expect(pulled.get(orderId)).toMatchObject({ plannedDate: day.date, assigneeId: id.tech1 });
    }
    // The hamlet travels with the order (the import's column as given, null without one).
    const onDevices = new Map([...pulled, ...(await pulledOrders('tech2')).map((wo) => [wo.id, wo] as const)]);
    expect((await ordersOf(WITH_THON)).map((wo) => onDevices.get(wo.id)?.hamlet)).toEqual((await ordersOf(WITH_THON)).map((wo) => wo.hamlet));

    const again = await roadmapOf(WITH_THON);
    expect(again).toEqual(confirmed);
    expect(again.hamlets.every((h) => h.unplanned === 0 && h.firstDate !== null && h.lastDate !== null)).toBe(true);
    const firstDates = again.hamlets.map((h) => h.firstDate ?? '');
    expect(firstDates).toEqual([...firstDates].sort());

    const listed = RoadmapCommuneList.parse((await supervisor1.get('/api/v1/roadmaps/communes')).json()).communes.find(
      (c) => c.commune === WITH_THON,
    );
    expect(listed).toMatchObject({ planned: 12, plannable: 12, confirmedAt: TEST_NOW.toISOString() });
    const audit = (await server.store.audit.listForEntity('team', teamId)).filter((e) => e.action === 'roadmap.confirm');
    expect(audit.at(-1)).toMatchObject({ actorId: await server.userId('supervisor1'), after: { commune: WITH_THON, capacityPerDay: 3, orders: 12 } });
  });

  it('refuses a stale confirmation (an order started meanwhile, a technician of another team) and writes nothing', async () => {
    const proposal = await propose(STALE_COMMUNE, [id.tech1 ?? '', id.tech3 ?? ''], 2, '2026-11-25');
    const before = await ordersOf(STALE_COMMUNE);
    const [started] = before;
    if (!started) throw new Error('no order');
    await server.store.workOrders.updateState(started.id, {
      status: 'in_progress',
      assigneeId: id.tech1 ?? null,
      version: started.version + 1,
      updatedAt: TEST_NOW.toISOString(),
    });
    const i = proposal.days.findIndex((d) => d.orderIds.includes(started.id));
    const j = proposal.days[i]?.orderIds.indexOf(started.id);
    const stale = expectProblem(await put(supervisor1, { commune: STALE_COMMUNE, capacityPerDay: 2, days: proposal.days }), 409, 'ROADMAP_STALE');
    expect(stale.errors?.map((e) => [e.path, e.code])).toEqual([[`days.${i}.orderIds.${j}`, 'not_plannable']]);

    const foreignTech = proposal.days.map((d, k) => (k === 1 ? { ...d, technicianId: id.tech4 } : d));
    const other = expectProblem(await put(supervisor1, { commune: STALE_COMMUNE, capacityPerDay: 2, days: foreignTech }), 409, 'ROADMAP_STALE');
    expect(other.errors?.map((e) => e.path)).toContain('days.1.technicianId');

    const elsewhere = seededWorkOrders().find((wo) => wo.province === 'Thanh Hóa' && wo.status === 'unassigned');
    const day = { date: '2026-11-25', technicianId: id.tech1, hamlets: [], orderIds: [elsewhere?.id] };
    const notHere = expectProblem(await put(supervisor1, { commune: STALE_COMMUNE, capacityPerDay: 2, days: [day] }), 409, 'ROADMAP_STALE');
    expect(notHere.errors?.map((e) => [e.path, e.code])).toEqual([['days.0.orderIds.0', 'not_in_commune']]);

    const after = await ordersOf(STALE_COMMUNE);
    expect(after.map((wo) => [wo.id, wo.version, wo.plannedDate, wo.assigneeId])).toEqual(
      before.map((wo) => [
        wo.id,
        wo.id === started.id ? wo.version + 1 : wo.version,
        wo.plannedDate,
        wo.id === started.id ? id.tech1 : wo.assigneeId,
      ]),
    );
    expect((await roadmapOf(STALE_COMMUNE)).confirmedAt).toBeNull();
  });

  it('refuses an order planned twice, a day over the capacity and a past day, naming the days', async () => {
    const orders = (await ordersOf(STALE_COMMUNE)).filter((wo) => wo.status === 'unassigned');
    const [a, b, c] = orders.map((wo) => wo.id);
    const day = (date: string, orderIds: (string | undefined)[], technicianId = id.tech1) => ({ date, technicianId, hamlets: [], orderIds });
    const twice = expectProblem(
      await put(supervisor1, { commune: STALE_COMMUNE, capacityPerDay: 2, days: [day('2026-11-25', [a, b]), day('2026-11-26', [b])] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(twice.errors?.map((e) => [e.path, e.code])).toEqual([['days.1.orderIds.0', 'duplicate']]);
    const full = expectProblem(
      await put(supervisor1, { commune: STALE_COMMUNE, capacityPerDay: 2, days: [day('2026-11-25', [a, b, c])] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(full.errors?.map((e) => [e.path, e.code])).toEqual([['days.0.orderIds', 'over_capacity']]);
    const past = expectProblem(
      await put(supervisor1, { commune: STALE_COMMUNE, capacityPerDay: 2, days: [day('2026-11-25', [a]), day('2026-11-23', [b], id.tech3)] }),
      422,
      'ROADMAP_DATE_PAST',
    );
    expect(past.errors?.map((e) => e.path)).toEqual(['days.1.date']);
    expect((await ordersOf(STALE_COMMUNE)).filter((wo) => wo.status === 'unassigned').every((wo) => wo.plannedDate === null)).toBe(true);
  });

  it('confirms two plans of one commune sent at once one after the other: the last one whole, never a mix', async () => {
    const ids = (await ordersOf(RACE_COMMUNE)).map((wo) => wo.id);
    const plan = (technicianId: string | null | undefined, date: string) => ({
      commune: RACE_COMMUNE,
      capacityPerDay: 6,
      days: [{ date, technicianId, hamlets: [], orderIds: ids }],
    });
    const [first, second] = await Promise.all([put(supervisor1, plan(id.tech1, '2026-11-25')), put(supervisor1, plan(id.tech2, '2026-11-26'))]);
    expect(first.status, first.text).toBe(200);
    expect(second.status, second.text).toBe(200);
    const stored = await ordersOf(RACE_COMMUNE);
    const winner = stored[0]?.assigneeId;
    expect([id.tech1, id.tech2]).toContain(winner);
    const date = winner === id.tech1 ? '2026-11-25' : '2026-11-26';
    expect(stored.map((wo) => [wo.assigneeId, wo.plannedDate, wo.version])).toEqual(stored.map(() => [winner, date, 3]));
    const byId = new Map(stored.map((wo) => [wo.id, wo]));
    expect(ids.map((orderId) => byId.get(orderId)?.routeOrder)).toEqual([1, 2, 3, 4, 5, 6]);
    const loser = winner === id.tech1 ? 'tech2' : 'tech1';
    expect((await pulledOrders(loser)).filter((wo) => ids.includes(wo.id))).toEqual([]);
    expect((await pulledOrders(winner === id.tech1 ? 'tech1' : 'tech2')).filter((wo) => ids.includes(wo.id)).length).toBe(6);

    // The same plan twice at once: both succeed, and the second changes nothing.
    const same = plan(winner, date);
    const [once, twice] = await Promise.all([put(supervisor1, same), put(supervisor1, same)]);
    expect([once.status, twice.status]).toEqual([200, 200]);
    expect((await ordersOf(RACE_COMMUNE)).map((wo) => wo.version)).toEqual(stored.map((wo) => wo.version));
    expect(Roadmap.parse(once.json()).days).toEqual(Roadmap.parse(twice.json()).days);
  });
});
