import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { hamletOf } from '../../src/domain/campaign/hamlet';
import type { PaymentMethod } from '../../src/domain/capture/visit';
import { CashlessReport, PaymentMethodImportResponse, type CashlessFigures } from '../../src/domain/console/cashless';
import { Problem } from '../../src/domain/protocol/errors';
import { ImportRowError } from '../../src/domain/workOrder/imports';
import type { NewWorkOrder } from '../../server/store/records';
import { createPaymentMethodImport } from '../../server/services/import/paymentMethodImport';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, swapFor } from './syncFixtures';

/** The visits' day (Vietnam): its month, 2026-12, is neither before nor after. */
const DAY = '2026-12-02';
const vn = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+07:00`;
/** A customer code no work order of any team has: billing lists every customer, so it is skipped, not refused. */
const STRANGER = 'PZ99990000001';

/**
 * The scenario, by hand. Four orders of one commune are swapped on DAY (A–D); E is assigned but not visited.
 * Claimed (technician): A cash → e-wallet with consent; B already auto-debit; C cash; D cash → mobile banking with consent.
 * Billing (the file below): A 10 cash, 11 cash, 2027-01 ewallet; B 11 bank, 2027-01 bank; C 10 bank, 11 cash, 2027-01 cash;
 * D 11 cash, 12 app (the visit's month: ignored), nothing after; E 11 bank, 2027-01 bank (not visited: not counted).
 * So: visited 4, claimed before 1 (B) + enrolled 2 (A, D); real before 1 (B: C's latest before is cash), after 2 (A, B),
 * no data after 1 (D); goal 2, met.
 */
const SCENARIO_DELTA = {
  visited: 4,
  claimedBefore: 1,
  claimedEnrolled: 2,
  realBefore: 1,
  realAfter: 2,
  noDataBefore: 0,
  noDataAfter: 1,
};

const ImportErrors = z.array(ImportRowError);
function importErrors(res: TestResponse): ImportRowError[] {
  const problem = expectProblem(res, 422, 'IMPORT_INVALID');
  return ImportErrors.parse(Problem.parse(problem).errors);
}
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

type Counts = Omit<CashlessFigures, 'goal' | 'met'>;
const countsOf = (f: CashlessFigures | undefined): Counts => {
  if (f === undefined) throw new Error('no figures');
  const { visited, claimedBefore, claimedEnrolled, realBefore, realAfter, noDataBefore, noDataAfter } = f;
  return { visited, claimedBefore, claimedEnrolled, realBefore, realAfter, noDataBefore, noDataAfter };
};
const plus = (a: Counts, b: Counts): Counts => ({
  visited: a.visited + b.visited,
  claimedBefore: a.claimedBefore + b.claimedBefore,
  claimedEnrolled: a.claimedEnrolled + b.claimedEnrolled,
  realBefore: a.realBefore + b.realBefore,
  realAfter: a.realAfter + b.realAfter,
  noDataBefore: a.noDataBefore + b.noDataBefore,
  noDataAfter: a.noDataAfter + b.noDataAfter,
});

describe.each(backends)('cashless: billing import and the claimed-vs-real report (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;
  let commune = '';
  let team1 = '';
  let me: { id: string; username: string; displayName: string; teamId: string; teamName: string | null } = {
    id: '',
    username: '',
    displayName: '',
    teamId: '',
    teamName: null,
  };
  const o: Record<'A' | 'B' | 'C' | 'D' | 'E', NewWorkOrder> = {} as never;
  /** The report before the scenario (the demo's own swaps, with no billing data). */
  let baseline: CashlessReport;
  let baselineHamlets: CashlessReport;

  const post = (client: HttpClient, body: string | Uint8Array, query = '') =>
    client.request('POST', `/api/v1/payment-methods/import${query}`, { body, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  async function imported(client: HttpClient, body: string, query = ''): Promise<PaymentMethodImportResponse> {
    const res = await post(client, body, query);
    expect(res.status, res.text).toBe(200);
    return PaymentMethodImportResponse.parse(res.json());
  }
  async function report(client: HttpClient, query = ''): Promise<CashlessReport> {
    const res = await client.get(`/api/v1/reports/cashless${query}`);
    expect(res.status, res.text).toBe(200);
    return CashlessReport.parse(res.json());
  }
  const communeRow = (r: CashlessReport) => r.rows.find((row) => row.key === commune);
  const scenarioFile = () =>
    csv(
      'MA_KHANG;KY_HD;HINH_THUC_TT',
      `${o.A.customerCode};2026-10;TM`,
      `${o.A.customerCode};11/2026;TM`,
      `${o.A.customerCode};2027-01;VDT`,
      `${o.B.customerCode};2026-11;NH`,
      `${o.B.customerCode};202701;bank`,
      `${o.C.customerCode};2026-10;NH`,
      `${o.C.customerCode};2026-11;cash`,
      `${o.C.customerCode};2027-01;tiền mặt`,
      `${o.D.customerCode};2026-11;TM`,
      `${o.D.customerCode};2026-12;APP`,
      `${o.E.customerCode};2026-11;NH`,
      `${o.E.customerCode};2027-01;NH`,
      `${STRANGER};2027-01;QT`,
    );

  async function swap(
    device: Device,
    wo: NewWorkOrder,
    cashless: { currentMethod: PaymentMethod; enrolledMethod?: PaymentMethod; consent: boolean },
  ) {
    const s = swapFor(wo);
    const at = vn(DAY, 9);
    const args = { ...s.args, completedAt: at, gps: { ...s.args.gps, at }, handover: { ...s.args.handover, cashless } };
    const result = await device.send('swap.complete', args);
    expect(result.status, JSON.stringify(result)).toMatch(/^applied/);
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    me = z
      .object({ id: z.string(), username: z.string(), displayName: z.string(), teamId: z.string(), teamName: z.nullable(z.string()) })
      .parse((await supervisor1.get('/api/v1/auth/me')).json());
    team1 = me.teamId;
    // Five fresh orders of one commune (the pool is in seed order; pick the first commune with five).
    const fresh = new FreshWorkOrders(server, supervisor1);
    const pool = fresh.take(200);
    const byCommune = new Map<string, NewWorkOrder[]>();
    for (const wo of pool) byCommune.set(wo.commune, [...(byCommune.get(wo.commune) ?? []), wo]);
    const five = [...byCommune.values()].find((list) => list.length >= 5 && new Set(list.map((w) => w.customerCode)).size === list.length);
    if (five === undefined) throw new Error('no commune with five fresh orders');
    [o.A, o.B, o.C, o.D, o.E] = five as [NewWorkOrder, NewWorkOrder, NewWorkOrder, NewWorkOrder, NewWorkOrder];
    commune = o.A.commune;
    baseline = await report(supervisor1);
    baselineHamlets = await report(supervisor1, `?commune=${encodeURIComponent(commune)}`);
    const tech1 = await server.userId('tech1');
    const res = await supervisor1.post('/api/v1/assignments', { workOrderIds: five.map((w) => w.id), technicianId: tech1, plannedDate: DAY });
    expect(res.status, res.text).toBe(200);
    const device = new Device(await server.login('tech1'));
    await swap(device, o.A, { currentMethod: 'cash', enrolledMethod: 'e_wallet', consent: true });
    await swap(device, o.B, { currentMethod: 'auto_debit', consent: false });
    await swap(device, o.C, { currentMethod: 'cash', consent: false });
    await swap(device, o.D, { currentMethod: 'cash', enrolledMethod: 'mobile_banking', consent: true });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('checks a file in a dry run without writing, then imports it', async () => {
    const dry = await imported(supervisor1, scenarioFile(), '?dryRun=1');
    expect(dry).toEqual({ dryRun: true, rows: 13, stored: 12, skipped: 1, periods: ['2026-10', '2026-11', '2026-12', '2027-01'] });
    expect((await report(supervisor1)).latestPeriod).toBeNull();
    const done = await imported(supervisor1, scenarioFile());
    expect(done).toEqual({ ...dry, dryRun: false });
  });

  it('reports claimed beside real per commune, against the doubling goal', async () => {
    const r = await report(supervisor1);
    expect(r.groupBy).toBe('commune');
    expect(r.latestPeriod).toBe('2027-01');
    const before = countsOf(communeRow(baseline) ?? { ...emptyFigures() });
    const row = communeRow(r);
    // The demo's own swaps of the commune have no billing data: they only add to visited, claimed and "no data".
    expect(countsOf(row)).toEqual(plus(before, { ...SCENARIO_DELTA, noDataBefore: 0 }));
    expect(row?.goal).toBe(2 * (row?.realBefore ?? -1));
    expect(row?.realBefore).toBe(1);
    expect(row?.realAfter).toBe(2);
    expect(row?.met).toBe(true);
    expect(countsOf(r.totals)).toEqual(plus(countsOf(baseline.totals), SCENARIO_DELTA));
  });

  it('splits a commune into its hamlets', async () => {
    const r = await report(supervisor1, `?commune=${encodeURIComponent(commune)}`);
    expect(r).toMatchObject({ groupBy: 'hamlet', commune });
    const perHamlet = new Map<string, Counts>();
    const add = (wo: NewWorkOrder, delta: Partial<Counts>) => {
      const key = hamletOf(wo);
      const base = perHamlet.get(key) ?? countsOf(baselineHamlets.rows.find((row) => row.key === key) ?? emptyFigures());
      perHamlet.set(key, plus(base, { ...emptyCounts(), visited: 1, ...delta }));
    };
    add(o.A, { claimedEnrolled: 1, realAfter: 1 });
    add(o.B, { claimedBefore: 1, realBefore: 1, realAfter: 1 });
    add(o.C, {});
    add(o.D, { claimedEnrolled: 1, noDataAfter: 1 });
    for (const [key, expected] of perHamlet) expect(countsOf(r.rows.find((row) => row.key === key)), key).toEqual(expected);
    expect(countsOf(r.totals)).toEqual(countsOf(communeRow(await report(supervisor1))));
  });

  it('replaces a period on re-import and keeps the others', async () => {
    const again = await imported(supervisor1, csv('customer_code,period,method', `${o.A.customerCode},2027-01,cash`));
    expect(again).toMatchObject({ stored: 1, periods: ['2027-01'] });
    const row = communeRow(await report(supervisor1));
    const base = countsOf(communeRow(baseline) ?? emptyFigures());
    // A now pays cash after; B has no January row any more: only the 2026 periods and A's January remain.
    expect(countsOf(row)).toEqual(plus(base, { ...SCENARIO_DELTA, realAfter: 0, noDataAfter: 3 }));
    expect(row?.met).toBe(false);
    await imported(supervisor1, scenarioFile());
  });

  it('lists row errors with line, column and code, and writes nothing (all or nothing)', async () => {
    const bad = csv(
      'MA_KHANG;KY_HD;HINH_THUC_TT',
      `${o.A.customerCode};2027-02;TM`,
      `${o.B.customerCode};2026-13;NH`,
      `${o.C.customerCode};2027-02;cheque`,
      `${o.D.customerCode};2027-02;NH`,
      `${o.D.customerCode};02/2027;VDT`,
    );
    const errors = importErrors(await post(supervisor1, bad));
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'KY_HD', 'invalid_period'],
      [4, 'HINH_THUC_TT', 'invalid_method'],
      [6, 'MA_KHANG', 'duplicate_code'],
    ]);
    // One bad row: the good rows of the same file are not written either.
    const oneBad = csv('customer_code,period,method', `${o.A.customerCode},2027-02,NH`, `${o.B.customerCode},2027-02,xyz`);
    expect(importErrors(await post(supervisor1, oneBad)).map((e) => e.line)).toEqual([3]);
    expect((await report(supervisor1)).latestPeriod).toBe('2027-01');
    const missing = importErrors(await post(supervisor1, csv('MA_KHANG,HINH_THUC_TT', `${o.A.customerCode},TM`)));
    expect(missing).toEqual([expect.objectContaining({ line: 1, column: 'period', code: 'missing_column' })]);
  });

  it('reads a UTF-8 file with a BOM', async () => {
    const body = new TextEncoder().encode(`\uFEFF${csv('MA_KHANG,KY_HD,HINH_THUC_TT', `${o.E.customerCode},2026-11,Ngân hàng`)}`);
    expect(await imported(supervisor1, body as unknown as string, '?dryRun=1')).toMatchObject({ rows: 1, stored: 1 });
  });

  it('refuses a body over the size limit, a non-CSV type and an empty file', async () => {
    const small = createPaymentMethodImport(server.store, server.clock, { maxBytes: 200 });
    const auth = { sessionId: 'test', user: { ...me, role: 'supervisor' as const } };
    const big = Buffer.from(scenarioFile());
    expect(big.length).toBeGreaterThan(200);
    const refused = await small.importCsv(auth, {
      teamId: undefined,
      dryRun: true,
      contentType: 'text/csv',
      contentLength: undefined,
      body: (async function* () {
        yield* [big.subarray(0, 150), big.subarray(150)];
        await Promise.resolve();
      })(),
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    const typed = await supervisor1.request('POST', '/api/v1/payment-methods/import?dryRun=1', {
      body: scenarioFile(),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(typed, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(importErrors(await post(supervisor1, csv('MA_KHANG,KY_HD,HINH_THUC_TT')))).toEqual([
      expect.objectContaining({ line: 2, code: 'empty_file' }),
    ]);
  });

  it('refuses technicians, keeps teams apart, and has an admin name the team', async () => {
    const tech = await server.login('tech1');
    expectProblem(await post(tech, scenarioFile(), '?dryRun=1'), 403, 'FORBIDDEN');
    expectProblem(await tech.get('/api/v1/reports/cashless'), 403, 'FORBIDDEN');
    // Team 2's supervisor sends the same file: none of those customers are theirs, so nothing is stored.
    const other = await imported(supervisor2, scenarioFile());
    expect(other).toMatchObject({ stored: 0, skipped: 13 });
    const theirs = await report(supervisor2);
    expect(theirs.rows.find((r) => r.key === commune)).toBeUndefined();
    expect(theirs.latestPeriod).toBeNull();
    expectProblem(await supervisor2.get(`/api/v1/reports/cashless?teamId=${team1}`), 403, 'FORBIDDEN');
    expectProblem(await post(admin, scenarioFile(), '?dryRun=1'), 400, 'VALIDATION_FAILED');
    expect(await imported(admin, scenarioFile(), `?dryRun=1&teamId=${team1}`)).toMatchObject({ stored: 12 });
    expect(communeRow(await report(admin, `?teamId=${team1}`))).toEqual(communeRow(await report(supervisor1)));
  });
});

function emptyCounts(): Counts {
  return { visited: 0, claimedBefore: 0, claimedEnrolled: 0, realBefore: 0, realAfter: 0, noDataBefore: 0, noDataAfter: 0 };
}
function emptyFigures(): CashlessFigures {
  return { ...emptyCounts(), goal: 0, met: false };
}
