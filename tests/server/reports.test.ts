import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { PaymentMethod } from '../../src/domain/capture/visit';
import { ProgressReport, SyncBacklogReport, type ProgressFigures } from '../../src/domain/console/reports';
import type { NewWorkOrder } from '../../server/store/records';
import { seededWorkOrders } from './demoData';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, swapFor, upload, visitFor } from './syncFixtures';

/** The fixture's day: nothing seeded is planned or done on it, so every figure comes from the scenario below. */
const DAY = '2026-12-02';
const NEXT_DAY = '2026-12-03';
/** An instant on `day` at `hour`:00 in Vietnam, written with the +07:00 offset as a device in Vietnam may send it. */
const vn = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;

/**
 * What each work order of the scenario contributes to the report for DAY, written by hand:
 * A tech1 swap at 09:00, cash → e-wallet with consent (enrolled), photos all uploaded;
 * B tech1 failed KV01 at 08:00, then swapped at 15:00 (not first visit), photos uploaded;
 * C tech2 failed KV02 at 10:00 (remaining);  F tech2 untouched (remaining);
 * E tech1 swap at 11:00, already paying by auto-debit (cashless before), photos never uploaded (awaiting), approved;
 * G tech1 swap at 02:00 on the NEXT day in Vietnam (19:00 UTC on DAY): planned on DAY, completed on NEXT_DAY.
 */
interface Expected {
  tech: 'tech1' | 'tech2';
  planned: number;
  remaining: number;
  completed: number;
  approved: number;
  failed: Record<string, number>;
  firstVisit: number;
  awaitingPhotos: number;
  cashlessBefore: number;
  cashlessEnrolled: number;
}
const none = { completed: 0, approved: 0, failed: {}, firstVisit: 0, awaitingPhotos: 0, cashlessBefore: 0, cashlessEnrolled: 0 };
const SCENARIO: Record<'A' | 'B' | 'C' | 'E' | 'F' | 'G', Expected> = {
  A: { ...none, tech: 'tech1', planned: 1, remaining: 0, completed: 1, firstVisit: 1, cashlessEnrolled: 1 },
  B: { ...none, tech: 'tech1', planned: 1, remaining: 0, completed: 1, failed: { KV01: 1 } },
  C: { ...none, tech: 'tech2', planned: 1, remaining: 1, failed: { KV02: 1 } },
  E: { ...none, tech: 'tech1', planned: 1, remaining: 0, completed: 1, approved: 1, firstVisit: 1, awaitingPhotos: 1, cashlessBefore: 1 },
  F: { ...none, tech: 'tech2', planned: 1, remaining: 1 },
  G: { ...none, tech: 'tech1', planned: 1, remaining: 0 },
};

function sum(parts: Expected[]): ProgressFigures {
  const failureReasons: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.failed)) failureReasons[k] = (failureReasons[k] ?? 0) + v;
  const total = (k: keyof Omit<Expected, 'tech' | 'failed'>) => parts.reduce((s, p) => s + p[k], 0);
  const completed = total('completed');
  return {
    planned: total('planned'),
    completed,
    approved: total('approved'),
    returned: 0,
    failed: Object.values(failureReasons).reduce((s, v) => s + v, 0),
    remaining: total('remaining'),
    firstVisitSuccessRate: completed === 0 ? null : total('firstVisit') / completed,
    awaitingPhotos: total('awaitingPhotos'),
    failureReasons,
    cashlessBefore: total('cashlessBefore'),
    cashlessEnrolled: total('cashlessEnrolled'),
  };
}

describe.each(backends)('progress and sync-backlog reports (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  const orders: Record<string, NewWorkOrder> = {};
  const ids: Record<string, string> = {};

  async function progress(client: HttpClient, query: string): Promise<ProgressReport> {
    const res = await client.get(`/api/v1/reports/progress?${query}`);
    expect(res.status, res.text).toBe(200);
    return ProgressReport.parse(res.json());
  }

  async function swap(
    device: Device,
    http: HttpClient,
    wo: NewWorkOrder,
    at: string,
    cashless: { currentMethod: PaymentMethod; enrolledMethod?: PaymentMethod; consent: boolean },
    uploadPhotos: boolean,
  ): Promise<void> {
    const s = swapFor(wo);
    const args = { ...s.args, completedAt: at, gps: { ...s.args.gps, at }, handover: { ...s.args.handover, cashless } };
    const result = await device.send('swap.complete', args);
    expect(result.status, JSON.stringify(result)).toMatch(/^applied/);
    if (uploadPhotos) for (const p of s.photos) expect((await upload(http, p)).status).toBe(201);
  }

  async function fail(device: Device, wo: NewWorkOrder, reason: 'KV01' | 'KV02', at: string): Promise<void> {
    const args = { ...visitFor(wo, []), reason, at, gps: undefined };
    const result = await device.send('visit.fail', args);
    expect(result.status, JSON.stringify(result)).toBe('applied');
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    for (const name of ['tech1', 'tech2', 'tech3', 'tech4']) ids[name] = await server.userId(name);
    const fresh = new FreshWorkOrders(server, supervisor1);
    for (const [key, spec] of Object.entries(SCENARIO)) {
      const [wo] = fresh.take(1);
      if (!wo) throw new Error('no work order');
      orders[key] = wo;
      const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: [wo.id], technicianId: ids[spec.tech], plannedDate: DAY });
      expect(res.status, res.text).toBe(200);
    }
    const tech1 = await server.login('tech1');
    const tech2 = await server.login('tech2');
    const d1 = new Device(tech1);
    const d2 = new Device(tech2);
    const o = (k: string): NewWorkOrder =>
      orders[k] ??
      (() => {
        throw new Error(k);
      })();
    await swap(d1, tech1, o('A'), vn(DAY, 9), { currentMethod: 'cash', enrolledMethod: 'e_wallet', consent: true }, true);
    await fail(d1, o('B'), 'KV01', vn(DAY, 8));
    await swap(d1, tech1, o('B'), vn(DAY, 15), { currentMethod: 'cash', consent: false }, true);
    await fail(d2, o('C'), 'KV02', vn(DAY, 10));
    await swap(d1, tech1, o('E'), vn(DAY, 11), { currentMethod: 'auto_debit', consent: false }, false);
    await swap(d1, tech1, o('G'), vn(NEXT_DAY, 2), { currentMethod: 'cash', enrolledMethod: 'mobile_banking', consent: false }, true);
    const e = await server.store.workOrders.findById(o('E').id);
    if (!e) throw new Error('E');
    await server.store.workOrders.updateState(e.id, {
      status: 'approved',
      assigneeId: e.assigneeId,
      version: e.version + 1,
      updatedAt: new Date(vn(DAY, 20)).toISOString(),
    });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('totals a day of the team against the hand-computed scenario', async () => {
    const report = await progress(supervisor1, `groupBy=technician&from=${DAY}&to=${DAY}`);
    expect(report.totals).toEqual(sum(Object.values(SCENARIO)));
    expect(report.totals).toMatchObject({
      planned: 6,
      remaining: 2,
      completed: 3,
      approved: 1,
      failed: 2,
      awaitingPhotos: 1,
      cashlessBefore: 1,
      cashlessEnrolled: 1,
    });
    expect(report.totals.firstVisitSuccessRate).toBeCloseTo(2 / 3, 10);
  });

  it('splits the figures per technician, with their names', async () => {
    const report = await progress(supervisor1, `groupBy=technician&from=${DAY}&to=${DAY}`);
    const tech1 = await server.store.users.findById(ids.tech1 ?? '');
    expect(report.rows.map((r) => r.key).sort()).toEqual([ids.tech1, ids.tech2].sort());
    for (const tech of ['tech1', 'tech2'] as const) {
      const row = report.rows.find((r) => r.key === ids[tech]);
      const { key: _k, label: _l, lat: _a, lng: _b, ...figures } = row ?? { key: '', label: '' };
      expect(figures).toEqual(sum(Object.values(SCENARIO).filter((s) => s.tech === tech)));
    }
    expect(report.rows.find((r) => r.key === ids.tech1)?.label).toBe(tech1?.displayName);
    expect(report.rows.find((r) => r.key === ids.tech2)?.firstVisitSuccessRate).toBeNull();
  });

  it('splits the figures per commune, with the mean position of its work orders', async () => {
    const report = await progress(supervisor1, `groupBy=commune&from=${DAY}&to=${DAY}`);
    const communes = [...new Set(Object.values(orders).map((o) => o.commune))].sort();
    expect(report.rows.map((r) => r.key).sort()).toEqual(communes);
    for (const commune of communes) {
      const row = report.rows.find((r) => r.key === commune);
      const expected = Object.entries(SCENARIO)
        .filter(([k]) => orders[k]?.commune === commune)
        .map(([, s]) => s);
      expect(row).toMatchObject({ ...sum(expected), label: commune });
      expect(row?.lat).toEqual(expect.any(Number));
      expect(row?.lng).toEqual(expect.any(Number));
    }
  });

  it('dates completions and visits by their day in Vietnam', async () => {
    const report = await progress(supervisor1, `groupBy=day&from=${DAY}&to=${NEXT_DAY}`);
    expect(report.rows.map((r) => r.key)).toEqual([DAY, NEXT_DAY]);
    expect(report.rows[0]).toMatchObject({ label: '02/12/2026', planned: 6, completed: 3, failed: 2, remaining: 2 });
    expect(report.rows[1]).toMatchObject({ label: '03/12/2026', planned: 0, completed: 1, failed: 0, cashlessEnrolled: 0, firstVisitSuccessRate: 1 });
  });

  it('filters by technician and commune', async () => {
    const byTech = await progress(supervisor1, `groupBy=day&from=${DAY}&to=${DAY}&technicianId=${ids.tech2}`);
    expect(byTech.totals).toEqual(sum([SCENARIO.C, SCENARIO.F]));
    const commune = orders.A?.commune ?? '';
    const byCommune = await progress(supervisor1, `groupBy=technician&from=${DAY}&to=${DAY}&commune=${encodeURIComponent(commune)}`);
    expect(byCommune.totals).toEqual(
      sum(
        Object.entries(SCENARIO)
          .filter(([k]) => orders[k]?.commune === commune)
          .map(([, s]) => s),
      ),
    );
  });

  it('counts every order of the team in the commune view without a period', async () => {
    const report = await progress(supervisor1, 'groupBy=commune');
    const thanhHoa = seededWorkOrders().filter((wo) => wo.province === 'Thanh Hóa');
    expect(report.totals.planned).toBe(thanhHoa.length);
    // A, B, E and G were swapped (G's day does not matter without a period); everything else is still to do.
    expect(report.totals.completed).toBe(4);
    expect(report.totals.remaining).toBe(thanhHoa.length - 4);
    expect(report.rows.map((r) => r.key).sort()).toEqual([...new Set(thanhHoa.map((wo) => wo.commune))].sort());
  });

  it('keeps a supervisor to their own team and refuses technicians', async () => {
    const other = await progress(supervisor2, `groupBy=commune&from=${DAY}&to=${NEXT_DAY}`);
    expect(other.rows).toEqual([]);
    expect(other.totals).toMatchObject({ planned: 0, completed: 0, failed: 0 });
    const all = await progress(supervisor2, 'groupBy=commune');
    expect(all.rows.map((r) => r.key)).not.toContain(orders.A?.commune);
    const team1 = (await server.store.users.findById(ids.tech1 ?? ''))?.teamId ?? '';
    expectProblem(await supervisor2.get(`/api/v1/reports/progress?teamId=${team1}`), 403, 'FORBIDDEN');
    expectProblem(await supervisor2.get(`/api/v1/reports/sync-backlog?teamId=${team1}`), 403, 'FORBIDDEN');
    const tech1 = await server.login('tech1');
    expectProblem(await tech1.get('/api/v1/reports/progress'), 403, 'FORBIDDEN');
    expectProblem(await tech1.get('/api/v1/reports/sync-backlog'), 403, 'FORBIDDEN');
    expectProblem(await server.client().get('/api/v1/reports/progress'), 401, 'UNAUTHENTICATED');
  });

  it('lets an admin see every team or one', async () => {
    const all = await progress(admin, `groupBy=technician&from=${DAY}&to=${DAY}`);
    expect(all.totals).toEqual(sum(Object.values(SCENARIO)));
    const team2 = (await server.store.users.findById(ids.tech4 ?? ''))?.teamId ?? '';
    const caMau = await progress(admin, `groupBy=technician&from=${DAY}&to=${DAY}&teamId=${team2}`);
    expect(caMau.rows).toEqual([]);
  });

  it('answers 400 with the fields at fault for a bad query', async () => {
    const res = await supervisor1.get('/api/v1/reports/progress?groupBy=province&from=02-12-2026');
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['from', 'groupBy']);
    expectProblem(await supervisor1.get(`/api/v1/reports/progress?from=${NEXT_DAY}&to=${DAY}`), 400, 'VALIDATION_FAILED');
  });

  it("shows each technician's last contact and the backlog their device reported", async () => {
    const tech1 = await server.login('tech1');
    const clientId = randomUUID();
    const oldest = vn(DAY, 7);
    const pull = await tech1.get(
      `/api/v1/sync/pull?clientId=${clientId}&pendingRecords=3&pendingPhotos=5&oldestPendingAt=${encodeURIComponent(oldest)}`,
    );
    expect(pull.status, pull.text).toBe(200);
    // A later pull from an older app reports nothing: the last report stands, the contact time moves.
    server.clock.advance(60_000);
    expect((await tech1.get(`/api/v1/sync/pull?clientId=${clientId}`)).status).toBe(200);
    // A bound client's check-in is written after the pull's answer (store.checkIns).
    await server.store.checkIns.settled();

    const res = await supervisor1.get('/api/v1/reports/sync-backlog');
    expect(res.status, res.text).toBe(200);
    const report = SyncBacklogReport.parse(res.json());
    expect(report.items.map((i) => i.technicianId).sort()).toEqual([ids.tech1, ids.tech2, ids.tech3].sort());
    expect(report.items.find((i) => i.technicianId === ids.tech1)).toMatchObject({
      lastContactAt: server.clock.now().toISOString(),
      pendingRecords: 3,
      pendingPhotos: 5,
      oldestPendingAt: new Date(oldest).toISOString(),
    });
    expect(report.items.find((i) => i.technicianId === ids.tech3)).toMatchObject({
      lastContactAt: null,
      pendingRecords: 0,
      pendingPhotos: 0,
      oldestPendingAt: null,
    });

    // The device drains its outbox and says so.
    expect((await tech1.get(`/api/v1/sync/pull?clientId=${clientId}&pendingRecords=0&pendingPhotos=0`)).status).toBe(200);
    await server.store.checkIns.settled();
    const drained = SyncBacklogReport.parse((await supervisor1.get('/api/v1/reports/sync-backlog')).json());
    expect(drained.items.find((i) => i.technicianId === ids.tech1)).toMatchObject({ pendingRecords: 0, pendingPhotos: 0, oldestPendingAt: null });

    const other = SyncBacklogReport.parse((await supervisor2.get('/api/v1/reports/sync-backlog')).json());
    expect(other.items.map((i) => i.technicianId)).not.toContain(ids.tech1);
    expect(other.items).toHaveLength(3);
  });

  it('follows an amended completion: a corrected cashless answer changes the figures (runs last: it edits A)', async () => {
    const completion = await server.store.completions.findPrimaryForWorkOrder(orders.A?.id ?? '');
    if (!completion) throw new Error('no completion for A');
    const payload = SwapCompleteArgs.parse(completion.payload);
    const corrected = { ...payload, handover: { ...payload.handover, cashless: { currentMethod: 'e_wallet' as const, consent: false } } };
    await server.store.completions.amend(completion.id, {
      payload: corrected,
      flags: completion.flags,
      installedSerial: completion.installedSerial ?? payload.installed.serial,
      mediaStatus: completion.mediaStatus,
    });
    const report = await progress(supervisor1, `groupBy=day&from=${DAY}&to=${DAY}`);
    expect(report.totals).toMatchObject({ completed: 3, cashlessBefore: 2, cashlessEnrolled: 0 });
  });

  it('refuses a malformed device report on pull', async () => {
    const tech1 = await server.login('tech1');
    expectProblem(await tech1.get(`/api/v1/sync/pull?clientId=${randomUUID()}&pendingRecords=-1`), 400, 'VALIDATION_FAILED');
  });
});
