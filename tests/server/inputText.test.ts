import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkOrderListResponse } from '../../src/domain/workOrder/workOrderQuery';
import { TEXT_ISSUE_CODE } from '../../src/domain/protocol/wireText';
import type { NewWorkOrder } from '../../server/store/records';
import { completeThroughApi, insertWorkOrder, setStatus } from './exportFixtures';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, swapFor } from './syncFixtures';

/**
 * Issue 13 §3: no input may jam a device's outbox or answer 500. PostgreSQL refuses NUL in text where SQLite keeps
 * it, so every case runs on both and must answer the same: a bad string is a 4xx naming the field (in a push, that
 * mutation `rejected` with its seq consumed), never a 500.
 */

const A = '/api/v1';
const NUL = '\u0000';

/** The field errors of a problem answer as [path, code] pairs. */
function faults(body: unknown): [string, string][] {
  const errors = (body as { errors?: { path: string; code: string }[] }).errors ?? [];
  return errors.map((e) => [e.path, e.code]);
}

describe.each(backends)('strings no backend can store are refused, the same on each (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let supervisor1: HttpClient;
  let admin: HttpClient;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 300 });
    tech1 = await server.login('tech1');
    supervisor1 = await server.login('supervisor1');
    admin = await server.login('admin');
    fresh = new FreshWorkOrders(server, supervisor1);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('rejects a pushed mutation with a NUL in its args at the field, keeps its payload, and applies the later ones of that device', async () => {
    const [bad, good] = await fresh.assignedTo('tech1', 2);
    if (!bad || !good) throw new Error('no work orders');
    const device = new Device(tech1);
    const poisoned = swapFor(bad).args;
    const withNul = { ...poisoned, handover: { ...poisoned.handover, signerName: `Nguyễn${NUL}Hoa` } };
    const first = device.mutation('swap.complete', withNul);
    const second = device.mutation('swap.complete', swapFor(good).args);

    const answer = await device.pushOk([first, second]);

    expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(answer.results[0]?.error?.code).toBe('VALIDATION_FAILED');
    expect(answer.results[0]?.error?.errors?.map((e) => [e.path, e.code])).toEqual([['handover.signerName', TEXT_ISSUE_CODE]]);
    expect(answer.lastSeq).toBe(2);
    const kept = await server.store.mutationLog.listRejectedForClient(device.clientId);
    expect(kept.map((r) => r.payload)).toEqual([first]);
  });

  it('rejects a lone surrogate and a control character in push args the same way', async () => {
    const [wo] = await fresh.assignedTo('tech1', 1);
    if (!wo) throw new Error('no work order');
    const device = new Device(tech1);
    const args = swapFor(wo).args;
    const answer = await device.pushOk([device.mutation('swap.complete', { ...args, notes: 'ghi chú \ud800', gpsNote: 'a\u0007b' })]);

    expect(answer.results[0]?.status).toBe('rejected');
    expect(answer.results[0]?.error?.errors?.map((e) => [e.path, e.code])).toEqual([
      ['gpsNote', TEXT_ISSUE_CODE],
      ['notes', TEXT_ISSUE_CODE],
    ]);
  });

  it('answers a push nested 20,000 levels deep with 400 (not a 500) and then takes the same seq from the device', async () => {
    const device = new Device(tech1);
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const mutation = device.mutation('visit.fail', {});
    const raw = JSON.stringify({ protocolVersion: 1, clientId: device.clientId, mutations: [mutation] }).replace('"args":{}', `"args":${deep}`);

    const res = await tech1.request('POST', `${A}/sync/push`, { body: raw, headers: { 'content-type': 'application/json' } });

    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.retryable).toBe(false);
    expect(faults(problem)).toEqual([['(body)', 'too_deep']]);
    // Nothing was consumed: the device's seq 1 is still the next one.
    const answer = await device.pushOk([{ ...mutation, args: {} }]);
    expect(answer.results.map((r) => [r.seq, r.status])).toEqual([[1, 'rejected']]);
  });

  it('answers a NUL in the list and map queries (q, commune) with 400 naming the parameter', async () => {
    for (const path of ['/work-orders', '/work-orders/map']) {
      expect(faults(expectProblem(await supervisor1.get(`${A}${path}?q=${encodeURIComponent(`Ng${NUL}`)}`), 400, 'VALIDATION_FAILED'))).toEqual([
        ['q', TEXT_ISSUE_CODE],
      ]);
      expect(faults(expectProblem(await supervisor1.get(`${A}${path}?commune=${encodeURIComponent(`Xã${NUL}`)}`), 400, 'VALIDATION_FAILED'))).toEqual(
        [['commune', TEXT_ISSUE_CODE]],
      );
    }
    expect(faults(expectProblem(await supervisor1.get(`${A}/reports/progress?commune=%00`), 400, 'VALIDATION_FAILED'))).toEqual([
      ['commune', TEXT_ISSUE_CODE],
    ]);
  });

  it('answers a NUL in a parameter no schema names with 400 too, before any route code sees it', async () => {
    expect(faults(expectProblem(await supervisor1.get(`${A}/work-orders?unknown=a%00b`), 400, 'VALIDATION_FAILED'))).toEqual([
      ['unknown', TEXT_ISSUE_CODE],
    ]);
  });

  it('answers a forged list or review cursor holding a NUL without a 500', async () => {
    const listCursor = Buffer.from(JSON.stringify({ v: 1, c: `TT${NUL}` })).toString('base64url');
    const list = await supervisor1.get(`${A}/work-orders?cursor=${listCursor}`);
    expect(list.status, list.text).toBeLessThan(500);
    const reviewCursor = Buffer.from(JSON.stringify({ v: 1, s: 'open', c: `2026${NUL}`, i: `x${NUL}` })).toString('base64url');
    const reviews = await supervisor1.get(`${A}/reviews?cursor=${reviewCursor}`);
    expect(reviews.status, reviews.text).toBeLessThan(500);
    for (const forged of [
      { v: 1, s: 'open', t: `2026${NUL}`, w: 'x', r: '' },
      { v: 1, s: 'open', t: '2026', w: `x${NUL}`, r: '' },
      { v: 1, s: 'open', t: '2026', w: 'x', r: `y${NUL}` },
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      expectProblem(await supervisor1.get(`${A}/reviews/records?cursor=${cursor}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('finds the same work orders for a commune written with combining marks as for its precomposed spelling (NFC)', async () => {
    const commune = fresh.take(1)[0]?.commune ?? '';
    const decomposed = commune.normalize('NFD');
    expect(decomposed).not.toBe(commune);
    const ids = async (name: string) => {
      const res = await supervisor1.get(`${A}/work-orders?commune=${encodeURIComponent(name)}&limit=500`);
      expect(res.status, res.text).toBe(200);
      return WorkOrderListResponse.parse(res.json()).items.map((wo) => wo.id);
    };
    const precomposed = await ids(commune);
    expect(precomposed.length).toBeGreaterThan(0);
    expect(await ids(decomposed)).toEqual(precomposed);
  });

  it('answers a NUL in a user field with 400 naming it, and stores a display name in NFC', async () => {
    const team = (await server.store.users.findByUsername('tech1'))?.teamId ?? null;
    const user = { username: 'nul_user', displayName: `Lê${NUL}Văn`, role: 'technician', teamId: team, password: 'mat-khau-dai-123' };
    expect(faults(expectProblem(await admin.post(`${A}/users`, user), 400, 'VALIDATION_FAILED'))).toEqual([['displayName', TEXT_ISSUE_CODE]]);
    expect(
      faults(expectProblem(await admin.post(`${A}/users`, { ...user, username: `nul${NUL}user`, displayName: 'Lê Văn' }), 400, 'VALIDATION_FAILED')),
    ).toEqual([['username', TEXT_ISSUE_CODE]]);
    const techId = await server.userId('tech3');
    expect(
      faults(
        expectProblem(
          await admin.request('PATCH', `${A}/users/${techId}`, {
            body: JSON.stringify({ displayName: `a${NUL}` }),
            headers: { 'content-type': 'application/json' },
          }),
          400,
          'VALIDATION_FAILED',
        ),
      ),
    ).toEqual([['displayName', TEXT_ISSUE_CODE]]);

    const created = await admin.post(`${A}/users`, { ...user, displayName: 'Lê Văn Ho\u0300a' });
    expect(created.status, created.text).toBe(201);
    expect((created.json() as { displayName: string }).displayName).toBe('Lê Văn Hòa');
  });

  it('answers a NUL in the login username with 400 naming it, signed out', async () => {
    const res = await server.client().post(`${A}/auth/login`, { username: `tech1${NUL}`, password: 'whatever-it-is' });
    expect(faults(expectProblem(res, 400, 'VALIDATION_FAILED'))).toEqual([['username', TEXT_ISSUE_CODE]]);
  });

  it('answers a NUL in a review note with 400 naming it', async () => {
    const reviewId = '00000000-0000-4000-8000-000000000000';
    const res = await supervisor1.post(`${A}/reviews/${reviewId}/resolve`, { decision: 'return', note: `sửa${NUL}` });
    expect(faults(expectProblem(res, 400, 'VALIDATION_FAILED'))).toEqual([['note', TEXT_ISSUE_CODE]]);
    const record = await supervisor1.post(`${A}/reviews/records/${reviewId}/decision`, {
      decision: 'return',
      note: `sửa${NUL}`,
      reviewIds: [reviewId],
    });
    expect(faults(expectProblem(record, 400, 'VALIDATION_FAILED'))).toEqual([['note', TEXT_ISSUE_CODE]]);
  });
});

describe.each(backends)('phones stored in one form (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 180 });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('exports a handover signer phone sent as +84… as 0…, with nothing for the formula guard to defuse', async () => {
    const supervisor1 = await server.login('supervisor1');
    const wo: NewWorkOrder = await insertWorkOrder(server, 'supervisor1', {
      id: '7b0e1d52-4f43-4c0e-9a51-0000000000f1',
      code: 'TT-PHONE-0001',
      phone: null,
    });
    const args = swapFor(wo).args;
    await completeThroughApi(server, supervisor1, 'tech1', wo, {
      ...args,
      baseVersion: 2,
      handover: { ...args.handover, signerPhone: '+84912345678' },
    });
    await setStatus(server, wo.id, 'approved');

    const res = await supervisor1.get(`${A}/exports/completions.csv`);
    expect(res.status, res.text).toBe(200);
    const row = res.text.split('\r\n').find((line) => line.startsWith('TT-PHONE-0001,')) ?? '';
    expect(row.split(',')[4]).toBe('0912345678');
    expect(row).not.toContain("'+84");
  });
});
