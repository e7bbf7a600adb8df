import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogPage, type AuditLogEntry } from '../../src/domain/console/auditLog';
import type { AuditEntry } from '../../server/store/records';
import { backends, startTestServer, TEST_NOW, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

const MINUTE = 60_000;
/** TEST_NOW plus `minutes`, as the server writes `at` (UTC, milliseconds). */
const minute = (minutes: number) => new Date(TEST_NOW.getTime() + minutes * MINUTE).toISOString();

describe.each(backends)('the audit log for admins (%s)', (backend) => {
  let server: TestServer;
  let admin: HttpClient;

  /** GET /api/v1/audit-log with `query`, parsed; fails the test unless 200. */
  async function page(query: Record<string, string | number>): Promise<AuditLogPage> {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    const res = await admin.get(`/api/v1/audit-log?${search.toString()}`);
    expect(res.status, res.text).toBe(200);
    return AuditLogPage.parse(res.json());
  }

  /** Entries about a target of their own, so the seeded log and other tests' entries never show in the answer. */
  async function appendFor(entityId: string, entries: Partial<AuditEntry>[]): Promise<void> {
    await server.store.audit.append(
      entries.map((e, i) => ({
        actorId: null,
        action: 'workOrder.assign',
        entity: 'workOrder',
        entityId,
        before: null,
        after: { n: i },
        at: minute(i),
        ...e,
      })),
    );
  }

  const ns = (items: readonly AuditLogEntry[]) => items.map((e) => (e.after as { n: number }).n);

  beforeAll(async () => {
    server = await startTestServer(backend);
    admin = await server.login('admin');
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists entries newest first, in pages that neither skip nor repeat one', async () => {
    const target = randomUUID();
    await appendFor(target, [{}, {}, {}, {}, {}]);
    const first = await page({ entityId: target, limit: 2 });
    const second = await page({ entityId: target, limit: 2, cursor: first.nextCursor ?? '' });
    const third = await page({ entityId: target, limit: 2, cursor: second.nextCursor ?? '' });
    expect([ns(first.items), ns(second.items), ns(third.items)]).toEqual([[4, 3], [2, 1], [0]]);
    expect(third.nextCursor).toBeNull();
    // Entries written after the first page was read do not shift the later pages.
    await appendFor(target, [{ after: { n: 5 } }]);
    expect(ns((await page({ entityId: target, limit: 2, cursor: first.nextCursor ?? '' })).items)).toEqual([2, 1]);
  });

  it('filters by actor, action, entity, target and period (from inclusive, to exclusive), combined', async () => {
    const target = randomUUID();
    const [alice, bob] = [randomUUID(), randomUUID()];
    await appendFor(target, [
      { actorId: alice, action: 'workOrder.assign', at: minute(0) },
      { actorId: bob, action: 'workOrder.assign', at: minute(10) },
      { actorId: alice, action: 'review.resolve', entity: 'review', at: minute(20) },
      { actorId: alice, action: 'workOrder.assign', at: minute(30) },
    ]);
    expect(ns((await page({ entityId: target })).items)).toEqual([3, 2, 1, 0]);
    expect(ns((await page({ entityId: target, actorId: alice })).items)).toEqual([3, 2, 0]);
    expect(ns((await page({ entityId: target, action: 'workOrder.assign', actorId: alice })).items)).toEqual([3, 0]);
    expect(ns((await page({ entityId: target, entity: 'review' })).items)).toEqual([2]);
    expect(ns((await page({ entityId: target, from: minute(10), to: minute(30) })).items)).toEqual([2, 1]);
    // The same instant written at Vietnam's offset (UTC+7) selects the same entries.
    const vn = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().replace('Z', '+07:00');
    expect(ns((await page({ entityId: target, from: vn(minute(10)), to: vn(minute(30)) })).items)).toEqual([2, 1]);
    expect((await page({ entityId: target, actorId: randomUUID() })).items).toEqual([]);
    // Offsets that carry the instant past year 9999 or before year 0 still order as time does.
    expect((await page({ entityId: target, from: '9999-12-31T23:59:59-14:00' })).items).toEqual([]);
    expect(ns((await page({ entityId: target, from: '0000-01-01T00:00:00+14:00' })).items)).toEqual([3, 2, 1, 0]);
    expect((await page({ entityId: target, to: '0000-01-01T00:00:00+14:00' })).items).toEqual([]);
  });

  it('shows what a real admin action wrote: who, what, which record, before and after', async () => {
    const tech2 = await server.userId('tech2');
    const res = await admin.request('PATCH', `/api/v1/users/${tech2}`, { json: { displayName: 'Trần Văn Hai' } });
    expect(res.status, res.text).toBe(200);
    const { items } = await page({ action: 'user.update', entityId: tech2 });
    expect(items).toEqual([
      expect.objectContaining({
        actorId: await server.userId('admin'),
        action: 'user.update',
        entity: 'user',
        entityId: tech2,
        at: TEST_NOW.toISOString(),
      }),
    ]);
    expect(items[0]?.after).toMatchObject({ displayName: 'Trần Văn Hai' });
    expect(JSON.stringify(items)).not.toMatch(/scrypt/);
  });

  it('is for admins only, checked before the query is read', async () => {
    for (const username of ['supervisor1', 'tech1']) {
      const client = await server.login(username);
      expectProblem(await client.get('/api/v1/audit-log?limit=oops'), 403, 'FORBIDDEN');
    }
    expectProblem(await server.client().get('/api/v1/audit-log'), 401, 'UNAUTHENTICATED');
  });

  it('answers 400 with the fields at fault for a bad query or a cursor it never gave out', async () => {
    const nul = expectProblem(await admin.get('/api/v1/audit-log?action=%00'), 400, 'VALIDATION_FAILED');
    expect(nul.errors).toEqual([expect.objectContaining({ path: 'action', code: 'invalid_text' })]);
    const fields = expectProblem(await admin.get(`/api/v1/audit-log?limit=201&actorId=tech1&from=2026-11-24`), 400, 'VALIDATION_FAILED');
    expect(fields.errors?.map((e) => e.path).sort()).toEqual(['actorId', 'from', 'limit']);
    const backwards = expectProblem(await admin.get(`/api/v1/audit-log?from=${minute(10)}&to=${minute(0)}`), 400, 'VALIDATION_FAILED');
    expect(backwards.errors?.map((e) => e.path)).toEqual(['to']);
    const forged = expectProblem(
      await admin.get(`/api/v1/audit-log?cursor=${Buffer.from('{"v":1,"i":-3}').toString('base64url')}`),
      400,
      'VALIDATION_FAILED',
    );
    expect(forged.errors).toEqual([expect.objectContaining({ path: 'cursor', code: 'invalid_cursor' })]);
  });
});
