import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiTokenCreated,
  ApiTokenList,
  CommissioningReport,
  HesImportResponse,
  UnmatchedReadingList,
} from '../../src/domain/commissioning/commissioningApi';
import { FOLLOW_UP_REASON } from '../../src/domain/commissioning/commissioning';
import type { CompletionView } from '../../src/domain/workOrder/workOrderDetail';
import { createCommissioningSweep } from '../../server/services/hes/commissioningSweep';
import type { NewWorkOrder } from '../../server/store/records';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { meterReadingsXml, type FixtureReading } from './hesFixtures';
import { expectProblem } from './problems';
import { completeOne, openItems, pullAll } from './reviewFixtures';
import { detailOf, Device, FreshWorkOrders, newSerial } from './syncFixtures';

/*
 * Commissioning by the head-end (issue 17) through HTTP on both databases: API tokens (created once, hashed,
 * revoked, audited), the 61968-9 endpoint and its JSON twin, the CSV import with its dry run, the matching rule, the
 * state on the supervisor's side and in the technician's pull, the overdue sweep with its follow-up order, and the
 * report. The harness clock stands at 2026-11-24 03:00 UTC (the swaps' capture time) and moves only when told.
 */

const HOUR = 3_600_000;
const MAX_XML = 64 * 1024;
const at = (server: TestServer, minutes: number) => new Date(server.clock.now().getTime() + minutes * 60_000).toISOString();

describe.each(backends)('commissioning by the head-end (%s)', (backend) => {
  let server: TestServer;
  let admin: HttpClient;
  let supervisor: HttpClient;
  let tech: HttpClient;
  let device: Device;
  let fresh: FreshWorkOrders;
  let token: string;

  const send = (body: string, type = 'application/xml', bearer: string | null = token, client?: HttpClient) =>
    (client ?? server.client()).request('POST', '/api/v1/hes/meter-readings', {
      body,
      headers: { 'content-type': type, ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
    });
  const sendOk = async (body: string, type = 'application/xml') => {
    const res = await send(body, type);
    expect(res.status, res.text).toBe(200);
    return HesImportResponse.parse(res.json());
  };
  /** A swap by tech1 of a fresh order; answers the order and the installed serial. */
  const swap = async (): Promise<{ wo: NewWorkOrder; serial: string; completionId: string }> => {
    const [wo] = await fresh.assignedTo('tech1');
    if (wo === undefined) throw new Error('no order');
    const serial = newSerial();
    const { swap: done } = await completeOne(server, device, wo, supervisor, { installedSerial: serial });
    return { wo, serial, completionId: done.args.completionId };
  };
  const commissioningOf = async (workOrderId: string): Promise<CompletionView['commissioning']> =>
    (await detailOf(supervisor, workOrderId)).completions.find((c) => c.primary)?.commissioning;
  const readingCount = async () => (await server.store.commissioning.storedReadingKeys([])).size;

  beforeAll(async () => {
    server = await startTestServer(backend, { hesLimits: { maxBytes: MAX_XML, maxJsonBytes: MAX_XML } });
    admin = await server.login('admin');
    supervisor = await server.login('supervisor1');
    tech = await server.login('tech1');
    device = new Device(tech);
    fresh = new FreshWorkOrders(server, supervisor);
    const res = await admin.post('/api/v1/api-tokens', { name: 'HES Thanh Hóa' });
    expect(res.status, res.text).toBe(201);
    token = ApiTokenCreated.parse(res.json()).token;
  });
  afterAll(async () => {
    await server.close();
  });

  it('token lifecycle: shown once, stored hashed, listed without the token, revoked, audited; only admins manage tokens', async () => {
    const created = await admin.post('/api/v1/api-tokens', { name: 'HES thử' });
    expect(created.status).toBe(201);
    const body = ApiTokenCreated.parse(created.json());
    expect(body.token).toMatch(/^hes_[A-Za-z0-9_-]{43}$/);
    const list = await admin.get('/api/v1/api-tokens');
    expect(list.text).not.toContain(body.token);
    const listed = ApiTokenList.parse(list.json()).tokens.find((t) => t.id === body.id);
    expect(listed).toMatchObject({ name: 'HES thử', scope: 'hes.readings', revokedAt: null });
    // Stored hashed: the database holds no copy of the token.
    const stored = await server.store.commissioning.findToken(body.id);
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(body.token.slice(4));

    const reading = meterReadingsXml([{ serial: newSerial(), readAt: at(server, -10), total: 1 }]);
    expect((await send(reading, 'application/xml', body.token)).status).toBe(200);
    expect((await admin.request('DELETE', `/api/v1/api-tokens/${body.id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/v1/api-tokens/${body.id}`)).status).toBe(204);
    expectProblem(await send(reading, 'application/xml', body.token), 401, 'UNAUTHENTICATED');
    expectProblem(await admin.request('DELETE', `/api/v1/api-tokens/${randomUUID()}`), 404, 'NOT_FOUND');
    expectProblem(await supervisor.post('/api/v1/api-tokens', { name: 'x' }), 403, 'FORBIDDEN');

    const audit = await admin.get(`/api/v1/audit-log?entityId=${body.id}`);
    expect(audit.status).toBe(200);
    expect(audit.text).toContain('apiToken.create');
    expect(audit.text).toContain('apiToken.revoke');
  });

  it('never opens with a session: a signed-in admin without a token gets 401, and a malformed or unknown token too', async () => {
    const xml = meterReadingsXml([{ serial: newSerial(), readAt: at(server, -5), total: 1 }]);
    expectProblem(await send(xml, 'application/xml', null, admin), 401, 'UNAUTHENTICATED');
    expectProblem(await send(xml, 'application/xml', 'not-a-token'), 401, 'UNAUTHENTICATED');
    expectProblem(await send(xml, 'application/xml', `hes_${'A'.repeat(43)}`), 401, 'UNAUTHENTICATED');
  });

  it("a first reading that agrees confirms the swap: the supervisor sees it and the technician's device after a pull", async () => {
    const { wo, serial, completionId } = await swap();
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'awaiting' });
    server.clock.advance(HOUR);
    const result = await sendOk(meterReadingsXml([{ serial, readAt: at(server, -20), total: 1.4, amrSystem: 'RF-Mesh' }], `msg-${randomUUID()}`));
    expect(result).toMatchObject({ readings: 1, confirmed: 1, mismatched: 0, unmatched: 0, duplicates: 0, replayed: false });
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'confirmed', firstReadTotal: 1.4, commType: 'rf_mesh' });
    const { changes } = await pullAll(device);
    const seen = changes.filter((c) => c.entity === 'completion' && c.id === completionId).at(-1);
    expect(seen?.op).toBe('upsert');
    expect(seen && 'data' in seen ? (seen.data as CompletionView).commissioning?.state : undefined).toBe('confirmed');
  });

  it('a reading that disagrees is a mismatch with a review item that shows both values', async () => {
    const { wo, serial } = await swap();
    server.clock.advance(HOUR);
    const result = await sendOk(meterReadingsXml([{ serial, readAt: at(server, -30), total: 4321.5 }]));
    expect(result).toMatchObject({ confirmed: 0, mismatched: 1 });
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'mismatch', reason: 'implausible_consumption', firstReadTotal: 4321.5 });
    const item = (await openItems(supervisor, wo.id)).find((i) => i.code === 'COMMISSIONING_MISMATCH');
    expect(item?.detail).toContain('4321.5');
    expect(item?.detail).toContain('0.3');
    // A later reading changes nothing: the first reading decided.
    const again = await sendOk(meterReadingsXml([{ serial, readAt: at(server, -5), total: 4322 }]));
    expect(again).toMatchObject({ later: 1, confirmed: 0, mismatched: 0 });
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'mismatch', firstReadTotal: 4321.5 });
  });

  it('below the initial index is a mismatch too; the JSON form follows the same rule', async () => {
    const { wo, serial } = await swap();
    server.clock.advance(HOUR);
    const res = await sendOk(JSON.stringify({ readings: [{ serial, readAt: at(server, -10), total: 0.1, commType: 'plc' }] }), 'application/json');
    expect(res.mismatched).toBe(1);
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'mismatch', reason: 'below_initial' });
  });

  it('a serial installed nowhere is kept and listed', async () => {
    const serial = newSerial();
    const res = await sendOk(meterReadingsXml([{ serial, readAt: at(server, -10), total: 77 }]));
    expect(res.unmatched).toBe(1);
    const list = UnmatchedReadingList.parse((await supervisor.get('/api/v1/hes/unmatched-readings')).json());
    expect(list.readings.map((r) => r.serial)).toContain(serial);
  });

  it('a reading that came before its swap was synced (the technician offline) decides the swap at the next sweep', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (wo === undefined) throw new Error('no order');
    const serial = newSerial();
    server.clock.advance(HOUR);
    // The head-end reads the new meter while the phone still holds the swap: kept as unmatched.
    expect(await sendOk(meterReadingsXml([{ serial, readAt: at(server, -20), total: 0.9 }]))).toMatchObject({ unmatched: 1 });
    await completeOne(server, device, wo, supervisor, { installedSerial: serial });
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'awaiting' });
    const { matchedLate, overdue } = await createCommissioningSweep(server.store, server.clock, 48).sweep();
    expect(matchedLate).toBe(1);
    expect(overdue).toBe(0);
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'confirmed', firstReadTotal: 0.9 });
    const list = UnmatchedReadingList.parse((await supervisor.get('/api/v1/hes/unmatched-readings')).json());
    expect(list.readings.map((r) => r.serial)).not.toContain(serial);
    // Another sweep changes nothing.
    expect((await createCommissioningSweep(server.store, server.clock, 48).sweep()).matchedLate).toBe(0);
  });

  it('replays are idempotent: the same message id answers the first result, the same readings count as duplicates', async () => {
    const { wo, serial } = await swap();
    server.clock.advance(HOUR);
    const id = `msg-${randomUUID()}`;
    const xml = meterReadingsXml([{ serial, readAt: at(server, -15), total: 2 }], id);
    const first = await sendOk(xml);
    expect(first.confirmed).toBe(1);
    const before = await readingCount();
    expect(await sendOk(xml)).toEqual({ ...first, replayed: true });
    expect(await readingCount()).toBe(before);
    // Same id, other content: refused, nothing applied.
    expectProblem(await send(meterReadingsXml([{ serial, readAt: at(server, -14), total: 3 }], id)), 422, 'IDEMPOTENCY_KEY_REUSED');
    // Same readings without an id: duplicates, nothing stored twice.
    const dup = await sendOk(meterReadingsXml([{ serial, readAt: at(server, -15), total: 2 }]));
    expect(dup).toMatchObject({ duplicates: 1, confirmed: 0, later: 0 });
    expect(await readingCount()).toBe(before);
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'confirmed' });
  });

  it('bad input is a clear 4xx and applies nothing: malformed XML, DTDs and entities, future readings, conflicting duplicates, huge bodies, wrong types', async () => {
    const { wo, serial } = await swap();
    server.clock.advance(HOUR);
    const good: FixtureReading = { serial, readAt: at(server, -10), total: 1 };
    const before = await readingCount();

    const malformed = expectProblem(await send('<MeterReadings><MeterReading>'), 422, 'IMPORT_INVALID');
    expect(malformed.errors?.[0]?.code).toBe('invalid_xml');
    const xxe = `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><MeterReadings><MeterReading><Meter><Names><name>&x;</name></Names></Meter></MeterReading></MeterReadings>`;
    expect(expectProblem(await send(xxe), 422, 'IMPORT_INVALID').errors?.[0]?.code).toBe('invalid_xml');
    const bomb = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><MeterReadings>&b;</MeterReadings>`;
    expectProblem(await send(bomb), 422, 'IMPORT_INVALID');
    const undeclared = meterReadingsXml([good]).replace(serial, `${serial}&zz;`);
    expectProblem(await send(undeclared), 422, 'IMPORT_INVALID');
    expect(expectProblem(await send('<Other/>'), 422, 'IMPORT_INVALID').errors?.[0]?.code).toBe('invalid_xml');

    const future = expectProblem(
      await send(meterReadingsXml([good, { serial: newSerial(), readAt: at(server, 60), total: 5 }])),
      422,
      'IMPORT_INVALID',
    );
    expect(future.errors?.[0]).toMatchObject({ line: 2, code: 'reading_in_future' });
    const conflicting = expectProblem(await send(meterReadingsXml([good, { ...good, total: 9 }])), 422, 'IMPORT_INVALID');
    expect(conflicting.errors?.[0]).toMatchObject({ line: 2, code: 'conflicting_duplicate' });

    const huge = meterReadingsXml(
      Array.from({ length: 1000 }, (_, i) => ({ serial: `DT${String(i).padStart(8, '0')}`, readAt: good.readAt, total: 1 })),
    );
    expect(huge.length).toBeGreaterThan(MAX_XML);
    expectProblem(await send(huge), 413, 'PAYLOAD_TOO_LARGE');
    expectProblem(await send(JSON.stringify({ readings: [good] }).padEnd(MAX_XML + 10, ' '), 'application/json'), 413, 'PAYLOAD_TOO_LARGE');
    expectProblem(await send('serial,total', 'text/csv'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await send('{"readings": [', 'application/json'), 400, 'VALIDATION_FAILED');
    expectProblem(await send(JSON.stringify({ readings: [{ ...good, serial: 'x' }] }), 'application/json'), 400, 'VALIDATION_FAILED');

    expect(await readingCount()).toBe(before);
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'awaiting' });
  });

  it('the CSV import: a dry run writes nothing, row errors name line and column, a clean file applies the same rule', async () => {
    const { wo, serial } = await swap();
    server.clock.advance(HOUR);
    const csv = (rows: string[]) => ['SO_CTO;THOI_GIAN;CS_TONG;CS_BT;CS_CD;CS_TD;KIEU_TT', ...rows].join('\r\n');
    const post = (body: string, dryRun: boolean) =>
      supervisor.request('POST', `/api/v1/hes/meter-readings/import${dryRun ? '?dryRun=1' : ''}`, { body, headers: { 'content-type': 'text/csv' } });
    const local = new Date(server.clock.now().getTime() + 7 * HOUR - 20 * 60_000).toISOString().slice(0, 16).replace('T', ' ');

    const bad = expectProblem(
      await post(csv([`${serial};${local};abc;;;;PLC`, `${serial};24/13/2026 10:00;1;;;;PLC`, `${serial};${local};1;;;;zigbee`]), false),
      422,
      'IMPORT_INVALID',
    );
    expect(bad.errors?.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'CS_TONG', 'invalid_number'],
      [3, 'THOI_GIAN', 'invalid_date'],
      [4, 'KIEU_TT', 'invalid_comm_type'],
    ]);
    const dry = HesImportResponse.parse((await post(csv([`${serial};${local};1,2;0,5;0,4;0,3;GPRS`]), true)).json());
    expect(dry).toMatchObject({ dryRun: true, confirmed: 1 });
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'awaiting' });
    const real = await post(csv([`${serial};${local};1,2;0,5;0,4;0,3;GPRS`]), false);
    expect(real.status, real.text).toBe(200);
    expect(HesImportResponse.parse(real.json())).toMatchObject({ dryRun: false, confirmed: 1 });
    expect(await commissioningOf(wo.id)).toMatchObject({ state: 'confirmed', commType: 'gprs_4g' });
    // A supervisor of another team applies nothing to this team's meters.
    const other = await server.login('supervisor2');
    const skipped = await other.request('POST', '/api/v1/hes/meter-readings/import', {
      body: csv([`${serial};${local.replace(/:\d\d$/, ':59')};5;;;;`]),
      headers: { 'content-type': 'text/csv' },
    });
    expect(HesImportResponse.parse(skipped.json())).toMatchObject({ skipped: 1, later: 0 });
    expectProblem(
      await tech.request('POST', '/api/v1/hes/meter-readings/import', { body: csv([]), headers: { 'content-type': 'text/csv' } }),
      403,
      'FORBIDDEN',
    );
  });

  it('no reading within the deadline: overdue, one follow-up order "kiểm tra đo xa" for the same customer in the team queue, even with two sweeps at once', async () => {
    const { wo, serial, completionId } = await swap();
    server.clock.advance(49 * HOUR);
    // Several processes share PostgreSQL; on SQLite (one process) the second sweep runs beside the first on the same store.
    const another = backend === 'postgres' ? await server.openAnotherStore() : server.store;
    try {
      const results = await Promise.all([
        createCommissioningSweep(server.store, server.clock, 48).sweep(),
        createCommissioningSweep(another, server.clock, 48).sweep(),
      ]);
      expect(results.reduce((n, r) => n + r.overdue, 0)).toBeGreaterThanOrEqual(1);
    } finally {
      if (another !== server.store) await another.close();
    }
    const row = (await server.store.commissioning.findFor([completionId]))[0];
    expect(row?.state).toBe('overdue');
    expect(row?.followUpWorkOrderId).not.toBeNull();
    const followUp = await server.store.workOrders.findById(row?.followUpWorkOrderId ?? '');
    expect(followUp).toMatchObject({
      customerCode: wo.customerCode,
      reason: FOLLOW_UP_REASON,
      status: 'unassigned',
      assigneeId: null,
      teamId: wo.teamId,
      oldMeterSerial: serial,
    });
    expect(followUp?.code).toBe(`${wo.code}-KTDX`);
    // Exactly one follow-up for this customer, whatever the number of sweeps.
    const list = await supervisor.get(`/api/v1/work-orders?q=${encodeURIComponent(`${wo.code}-KTDX`)}`);
    expect(list.status).toBe(200);
    expect((list.json() as { items: unknown[] }).items).toHaveLength(1);
    const map = await supervisor.get('/api/v1/work-orders/map?status=unassigned');
    expect(map.text).toContain(row?.followUpWorkOrderId ?? 'missing');
    // A late reading does not undo it; the device sees overdue.
    const late = await sendOk(meterReadingsXml([{ serial, readAt: at(server, -1), total: 3 }]));
    expect(late).toMatchObject({ later: 1, confirmed: 0 });
    const { changes } = await pullAll(device);
    const seen = changes.filter((c) => c.entity === 'completion' && c.id === completionId).at(-1);
    expect(seen && 'data' in seen ? (seen.data as CompletionView).commissioning?.state : undefined).toBe('overdue');
  });

  it('the report counts per commune, technician and communication type, and exports CSV', async () => {
    for (const groupBy of ['commune', 'technician', 'commType'] as const) {
      const res = await supervisor.get(`/api/v1/reports/commissioning?groupBy=${groupBy}`);
      expect(res.status, res.text).toBe(200);
      const report = CommissioningReport.parse(res.json());
      expect(report.totals.installed).toBeGreaterThanOrEqual(7);
      expect(report.totals.confirmed).toBeGreaterThanOrEqual(2);
      expect(report.totals.mismatched).toBeGreaterThanOrEqual(2);
      expect(report.totals.overdue).toBeGreaterThanOrEqual(1);
      expect(report.rows.reduce((n, r) => n + r.installed, 0)).toBe(report.totals.installed);
      expect(report.totals.within24h).toBeLessThanOrEqual(report.totals.within48h);
    }
    const csv: TestResponse = await supervisor.get('/api/v1/reports/commissioning.csv?groupBy=technician');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toContain('xac_nhan_trong_24h');
  });
});
