import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssignResponse } from '../../src/domain/workOrder/assignments';
import { routeLength, type RouteStop } from '../../src/domain/map/visitingOrder';
import { PullResponse } from '../../src/domain/protocol/sync';
import { compareByRoute, WorkOrder } from '../../src/domain/workOrder/workOrder';
import { WorkOrderMapPoints } from '../../src/domain/workOrder/workOrderQuery';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { unassignedIn } from './demoData';
import { expectProblem } from './problems';

describe.each(backends)('assignment with a visiting order (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  const id: Record<string, string> = {};
  // Disjoint slices of the seeded unassigned Thanh Hóa work orders, one per test.
  const pool = unassignedIn('Thanh Hóa', 60);
  const slice = (from: number, to: number) => pool.slice(from, to);

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    for (const name of ['tech1', 'tech2']) id[name] = await server.userId(name);
  });
  afterAll(async () => {
    await server.close();
  });

  async function pulledOrders(username: string): Promise<WorkOrder[]> {
    const client = await server.login(username);
    const page = PullResponse.parse((await client.get(`/api/v1/sync/pull?clientId=${randomUUID()}&limit=500`)).json());
    return page.changes.flatMap((c) => (c.entity === 'workOrder' && c.op === 'upsert' ? [WorkOrder.parse(c.data)] : []));
  }

  it('keeps the order the supervisor accepted, stores it as route order 1..n and the technician pulls it', async () => {
    // A deliberately scrambled order: the server must not re-sort it.
    const orders = slice(0, 8);
    const ids = [5, 2, 7, 0, 3, 6, 1, 4].map((i) => orders[i]?.id ?? '');
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech1, routeOrder: 'given' });
    expect(res.status, res.text).toBe(200);
    expect(AssignResponse.parse(res.json())).toEqual({ assigned: 8, route: ids });

    const stored = new Map((await server.store.workOrders.findByIds(ids)).map((wo) => [wo.id, wo]));
    expect(ids.map((woId) => stored.get(woId)?.routeOrder)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const pulled = (await pulledOrders('tech1')).filter((wo) => ids.includes(wo.id));
    expect([...pulled].sort(compareByRoute).map((wo) => wo.id)).toEqual(ids);
  });

  it('plans the route itself from the first id when asked to optimize, never longer than the input order', async () => {
    const orders = slice(10, 30);
    const ids = orders.map((wo) => wo.id);
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech2, routeOrder: 'optimize' });
    expect(res.status, res.text).toBe(200);
    const { route, assigned } = AssignResponse.parse(res.json());
    expect(assigned).toBe(20);
    expect(route[0]).toBe(ids[0]);
    expect([...route].sort()).toEqual([...ids].sort());

    const byId = new Map(orders.map((wo) => [wo.id, wo]));
    const stops = (list: readonly string[]): RouteStop[] => list.flatMap((woId) => byId.get(woId) ?? []);
    expect(routeLength(stops(route))).toBeLessThanOrEqual(routeLength(stops(ids)));

    const stored = new Map((await server.store.workOrders.findByIds(ids)).map((wo) => [wo.id, wo]));
    expect(route.map((woId) => stored.get(woId)?.routeOrder)).toEqual(route.map((_, i) => i + 1));
  });

  it('answers the same route for the same request and then changes nothing', async () => {
    const ids = slice(10, 30).map((wo) => wo.id);
    const before = await server.store.workOrders.findByIds(ids);
    const again = await supervisor1.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech2, routeOrder: 'optimize' });
    expect(again.status, again.text).toBe(200);
    const stored = new Map(before.map((wo) => [wo.id, wo]));
    const previousRoute = [...ids].sort((a, b) => (stored.get(a)?.routeOrder ?? 0) - (stored.get(b)?.routeOrder ?? 0));
    expect(AssignResponse.parse(again.json()).route).toEqual(previousRoute);
    const after = await server.store.workOrders.findByIds(ids);
    expect(after.map((wo) => wo.version)).toEqual(before.map((wo) => wo.version));
  });

  it('moves orders between technicians in the new order: the previous assignee gets a revoke', async () => {
    const moved = slice(0, 8)
      .map((wo) => wo.id)
      .slice(0, 3)
      .reverse();
    // tech1's device, in sync before the move.
    const tech1 = await server.login('tech1');
    const clientId = randomUUID();
    const before = PullResponse.parse((await tech1.get(`/api/v1/sync/pull?clientId=${clientId}&limit=500`)).json());
    expect(before.hasMore).toBe(false);
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: moved, technicianId: id.tech2, routeOrder: 'given' });
    expect(res.status, res.text).toBe(200);
    const stored = new Map((await server.store.workOrders.findByIds(moved)).map((wo) => [wo.id, wo]));
    expect(moved.map((woId) => [stored.get(woId)?.assigneeId, stored.get(woId)?.routeOrder])).toEqual([
      [id.tech2, 1],
      [id.tech2, 2],
      [id.tech2, 3],
    ]);
    const query = new URLSearchParams({ clientId, cursor: before.cursor, limit: '500' });
    const page = PullResponse.parse((await tech1.get(`/api/v1/sync/pull?${query}`)).json());
    const revoked = page.changes.filter((c) => c.op === 'revoke').map((c) => c.id);
    expect(revoked).toEqual(expect.arrayContaining(moved));
    // A phone starting afresh gets none of them: not the orders, not their revokes.
    expect((await pulledOrders('tech1')).filter((wo) => moved.includes(wo.id))).toEqual([]);
  });

  it('keeps imported route orders when no visiting order is asked for', async () => {
    const orders = slice(40, 44);
    const ids = orders.map((wo) => wo.id);
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech1 });
    expect(res.status, res.text).toBe(200);
    const stored = new Map((await server.store.workOrders.findByIds(ids)).map((wo) => [wo.id, wo]));
    expect(orders.map((wo) => stored.get(wo.id)?.routeOrder)).toEqual(orders.map((wo) => wo.routeOrder));
  });

  it('refuses an unknown route mode with 400, and another team even with a route', async () => {
    const ids = slice(50, 52).map((wo) => wo.id);
    expectProblem(
      await supervisor1.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech1, routeOrder: 'fastest' }),
      400,
      'VALIDATION_FAILED',
    );
    const supervisor2 = await server.login('supervisor2');
    expectProblem(
      await supervisor2.post('/api/v1/assignments', { workOrderIds: ids, technicianId: id.tech1, routeOrder: 'given' }),
      403,
      'FORBIDDEN',
    );
    const untouched = await server.store.workOrders.findByIds(ids);
    expect(untouched.every((wo) => wo.status === 'unassigned' && wo.version === 1)).toBe(true);
  });

  it("shows the assignment on the supervisor's map and nothing of it to the other team", async () => {
    const ids = slice(0, 8).map((wo) => wo.id);
    const own = WorkOrderMapPoints.parse((await supervisor1.get(`/api/v1/work-orders/map?assigneeId=${id.tech1}`)).json());
    const byId = new Map(own.ids.map((woId, i) => [woId, i]));
    // The first five of the slice stayed with tech1 (three moved to tech2 above).
    for (const woId of ids.slice(0, 8).filter((woId) => !ids.slice(0, 3).includes(woId))) {
      expect(own.assigneeIds[byId.get(woId) ?? -1]).toBe(id.tech1);
    }
    const supervisor2 = await server.login('supervisor2');
    const other = WorkOrderMapPoints.parse((await supervisor2.get('/api/v1/work-orders/map')).json());
    expect(other.ids.length).toBeGreaterThan(0);
    expect(other.ids.filter((woId) => ids.includes(woId))).toEqual([]);
    expect(other.assigneeIds.filter((a) => a === id.tech1 || a === id.tech2)).toEqual([]);
  });
});
