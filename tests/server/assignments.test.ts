import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignResponse, TechnicianList } from '../../src/domain/workOrder/assignments';
import { PullResponse } from '../../src/domain/protocol/sync';
import { backends, startTestServer, TEST_NOW, TEST_TODAY, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { seededWorkOrders, unassignedIn } from './demoData';
import { expectProblem } from './problems';

describe.each(backends)('technicians and assignments (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let admin: HttpClient;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    admin = await server.login('admin');
    for (const name of ['tech1', 'tech2', 'tech3', 'tech4', 'supervisor1', 'supervisor2']) id[name] = await server.userId(name);
  });
  afterAll(async () => {
    await server.close();
  });

  it("lists a supervisor's own team's technicians, and every technician for an admin", async () => {
    const own = TechnicianList.parse((await supervisor1.get('/api/v1/technicians')).json());
    expect(own.items.map((t) => t.username).sort()).toEqual(['tech1', 'tech2', 'tech3']);
    const all = TechnicianList.parse((await admin.get('/api/v1/technicians')).json());
    expect(all.items.map((t) => t.username).sort()).toEqual(['tech1', 'tech2', 'tech3', 'tech4', 'tech5', 'tech6']);
  });

  it("gives each technician's load for a date: their orders planned that day, none without a date", async () => {
    const plain = TechnicianList.parse((await supervisor1.get('/api/v1/technicians')).json());
    expect(plain.items.every((t) => t.load === undefined)).toBe(true);

    const seeded = seededWorkOrders().filter((o) => o.plannedDate === TEST_TODAY && o.status !== 'cancelled');
    const today = TechnicianList.parse((await supervisor1.get(`/api/v1/technicians?date=${TEST_TODAY}`)).json());
    for (const tech of today.items) {
      expect(tech.load, tech.username).toBe(seeded.filter((o) => o.assigneeId === tech.id).length);
    }
    expect(today.items.find((t) => t.username === 'tech1')?.load).toBeGreaterThan(0);

    // Three orders given to tech2 on a day nobody works: only tech2 has a load then.
    const farDay = '2031-01-15';
    // Orders the later tests of this file never take (they use the first 13).
    const ids = unassignedIn('Thanh Hóa', 43)
      .slice(40)
      .map((o) => o.id);
    const assigned = await supervisor1.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech2, plannedDate: farDay });
    expect(assigned.status, assigned.text).toBe(200);
    const far = TechnicianList.parse((await supervisor1.get(`/api/v1/technicians?date=${farDay}`)).json());
    expect(Object.fromEntries(far.items.map((t) => [t.username, t.load]))).toEqual({ tech1: 0, tech2: 3, tech3: 0 });

    // Cancelled work does not weigh on the day.
    const first = await server.store.workOrders.findById(ids[0] ?? '');
    if (!first) throw new Error('order missing');
    await server.store.workOrders.updateState(first.id, {
      status: 'cancelled',
      assigneeId: first.assigneeId,
      version: first.version + 1,
      updatedAt: TEST_NOW.toISOString(),
    });
    const afterCancel = TechnicianList.parse((await supervisor1.get(`/api/v1/technicians?date=${farDay}`)).json());
    expect(afterCancel.items.find((t) => t.username === 'tech2')?.load).toBe(2);

    expectProblem(await supervisor1.get('/api/v1/technicians?date=15/01/2031'), 400, 'VALIDATION_FAILED');
  });

  it('assigns unassigned work orders, answers them in route order, and feeds them to the technician', async () => {
    const orders = unassignedIn('Thanh Hóa', 4);
    const ids = orders.map((o) => o.id);
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech3 });
    expect(res.status, res.text).toBe(200);
    const body = AssignResponse.parse(res.json());
    expect(body.assigned).toBe(4);
    const expectedRoute = [...orders].sort((a, b) => (a.routeOrder ?? 0) - (b.routeOrder ?? 0) || a.code.localeCompare(b.code)).map((o) => o.id);
    expect(body.route).toEqual(expectedRoute);

    const stored = await server.store.workOrders.findByIds(ids);
    for (const wo of stored) {
      expect(wo).toMatchObject({ status: 'assigned', assigneeId: id.tech3, version: 2, plannedDate: TEST_TODAY });
    }
    const history = await server.store.assignments.listForWorkOrder(ids[0] ?? '');
    expect(history).toEqual([expect.objectContaining({ technicianId: id.tech3, assignedBy: id.supervisor1, endedAt: null })]);
    const audit = await server.store.audit.listForEntity('workOrder', ids[0] ?? '');
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: id.supervisor1,
        action: 'workOrder.assign',
        before: expect.objectContaining({ status: 'unassigned' }) as unknown,
      }),
    ]);

    const tech3 = await server.login('tech3');
    const page = PullResponse.parse((await tech3.get(`/api/v1/sync/pull?clientId=${randomUUID()}`)).json());
    expect(page.changes.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
  });

  it('records the reassignment in the history and ends the previous assignment', async () => {
    const [wo] = unassignedIn('Thanh Hóa', 1, 2000).map((o) => o.id);
    if (wo === undefined) throw new Error('no order');
    // (Already assigned to tech3 by the previous test.)
    server.clock.advance(60_000);
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: [wo], technicianId: id.tech1, plannedDate: '2026-11-26' });
    expect(res.status, res.text).toBe(200);
    const history = await server.store.assignments.listForWorkOrder(wo);
    expect(history).toEqual([
      expect.objectContaining({ technicianId: id.tech3, endReason: 'reassigned', endedAt: expect.any(String) as unknown }),
      expect.objectContaining({ technicianId: id.tech1, endedAt: null }),
    ]);
    const [stored] = await server.store.workOrders.findByIds([wo]);
    expect(stored).toMatchObject({ assigneeId: id.tech1, plannedDate: '2026-11-26', version: 3 });
  });

  it('changes nothing when the work order is already assigned that way', async () => {
    const mine = seededWorkOrders()
      .filter((o) => o.status === 'assigned' && o.province === 'Thanh Hóa')
      .slice(0, 2);
    const ids = mine.map((o) => o.id);
    const before = await server.store.workOrders.findByIds(ids);
    const techOf = before[0]?.assigneeId ?? '';
    const sameTech = before.filter((o) => o.assigneeId === techOf).map((o) => o.id);
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: sameTech, technicianId: techOf, plannedDate: TEST_TODAY });
    expect(res.status, res.text).toBe(200);
    const after = await server.store.workOrders.findByIds(sameTech);
    expect(after.map((o) => o.version)).toEqual(before.filter((o) => sameTech.includes(o.id)).map((o) => o.version));
  });

  it("refuses a supervisor assigning another team's work orders or technicians with 403", async () => {
    const caMau = unassignedIn('Cà Mau', 1).map((o) => o.id);
    const thanhHoa = unassignedIn('Thanh Hóa', 10)
      .slice(8)
      .map((o) => o.id);
    expectProblem(await supervisor1.post('/api/v1/assignments', { workOrderIds: caMau, technicianId: id.tech1 }), 403, 'FORBIDDEN');
    expectProblem(await supervisor1.post('/api/v1/assignments', { workOrderIds: thanhHoa, technicianId: id.tech4 }), 403, 'FORBIDDEN');
    const supervisor2 = await server.login('supervisor2');
    expectProblem(await supervisor2.post('/api/v1/assignments', { workOrderIds: thanhHoa, technicianId: id.tech1 }), 403, 'FORBIDDEN');
    const untouched = await server.store.workOrders.findByIds([...caMau, ...thanhHoa]);
    expect(untouched.every((o) => o.status === 'unassigned' && o.version === 1)).toBe(true);
  });

  it('answers unknown work orders or technicians with 404 NOT_FOUND naming them, and assigns nothing', async () => {
    const known = unassignedIn('Thanh Hóa', 12)
      .slice(11)
      .map((o) => o.id);
    const ghost = randomUUID();
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: [...known, ghost], technicianId: id.tech1 });
    expect(expectProblem(res, 404, 'NOT_FOUND').errors).toEqual([expect.objectContaining({ path: 'workOrderIds.1', code: 'not_found' })]);
    expectProblem(await supervisor1.post('/api/v1/assignments', { workOrderIds: known, technicianId: randomUUID() }), 404, 'NOT_FOUND');
    const [still] = await server.store.workOrders.findByIds(known);
    expect(still?.status).toBe('unassigned');
  });

  it('refuses to assign work to someone who is not a technician, or across teams even for an admin', async () => {
    const known = unassignedIn('Thanh Hóa', 13)
      .slice(12)
      .map((o) => o.id);
    const notTech = await admin.post('/api/v1/assignments', { workOrderIds: known, technicianId: id.supervisor1 });
    expect(expectProblem(notTech, 400, 'VALIDATION_FAILED').errors?.[0]).toMatchObject({ path: 'technicianId', code: 'not_assignable' });
    const otherTeam = await admin.post('/api/v1/assignments', { workOrderIds: known, technicianId: id.tech4 });
    expect(expectProblem(otherTeam, 400, 'VALIDATION_FAILED').errors?.[0]).toMatchObject({ path: 'workOrderIds.0', code: 'other_team' });
  });

  it('lets an admin assign within any team', async () => {
    const caMau = unassignedIn('Cà Mau', 2).map((o) => o.id);
    const res = await admin.post('/api/v1/assignments', { workOrderIds: caMau, technicianId: id.tech4 });
    expect(res.status, res.text).toBe(200);
    expect(AssignResponse.parse(res.json()).assigned).toBe(2);
  });
});
