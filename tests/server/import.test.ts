import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../src/domain/protocol/errors';
import { IMPORT_MAX_BYTES, ImportResponse, ImportRowError } from '../../src/domain/workOrder/imports';
import { createImportService } from '../../server/services/import/importService';
import { z } from 'zod';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient, TestResponse } from './httpClient';
import { seededWorkOrders } from './demoData';
import { expectProblem } from './problems';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const FIELDS = [
  'code',
  'customer_code',
  'customer_name',
  'phone',
  'address',
  'commune',
  'province',
  'lat',
  'lng',
  'station_code',
  'route_code',
  'route_order',
  'phases',
  'old_meter_serial',
  'old_meter_type',
  'last_billed_reading',
  'reason',
  'planned_date',
] as const;
type Row = Partial<Record<(typeof FIELDS)[number], string>>;
const HEADER = FIELDS.join(',');

const quote = (value: string): string => (/[",\n;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A valid row in Thanh Hóa; `n` makes the customer code and serial unique. */
function row(n: number, overrides: Row = {}): string {
  const base: Required<Row> = {
    code: '',
    customer_code: `PA0701${String(n).padStart(7, '0')}`,
    customer_name: `Khách hàng Hòa ${n}`,
    phone: '0912345678',
    address: `Thôn ${n % 9}, xã Quảng Phú`,
    commune: 'Quảng Phú',
    province: 'Thanh Hóa',
    lat: (19.7 + (n % 1000) / 10000).toFixed(5),
    lng: (105.8 + (n % 997) / 10000).toFixed(5),
    station_code: 'TBA-01',
    route_code: 'SO-01',
    route_order: String(n % 500),
    phases: '1',
    old_meter_serial: `SN${String(n).padStart(8, '0')}`,
    old_meter_type: 'CV140',
    last_billed_reading: '100',
    reason: '',
    planned_date: '',
  };
  const merged = { ...base, ...overrides };
  return FIELDS.map((f) => quote(merged[f])).join(',');
}

const csv = (...lines: string[]): string => `${[HEADER, ...lines].join('\n')}\n`;

const ImportErrors = z.array(ImportRowError);

function importErrors(res: TestResponse): ImportRowError[] {
  const problem = expectProblem(res, 422, 'IMPORT_INVALID');
  return ImportErrors.parse(Problem.parse(problem).errors);
}

describe.each(backends)('CSV import of work orders (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let admin: HttpClient;
  let teamId: string;
  const seeded = seededWorkOrders();

  const post = (client: HttpClient, body: string | Uint8Array, query = '', contentType = 'text/csv; charset=utf-8') =>
    client.request('POST', `/api/v1/work-orders/import${query}`, { body, headers: { 'content-type': contentType } });

  async function counts(): Promise<{ workOrders: number; audit: number; changes: number }> {
    const tech = await server.userId('tech1');
    return {
      workOrders: await server.store.workOrders.count(),
      audit: (await server.store.audit.listForEntity('team', teamId)).length,
      changes: (await server.store.changes.listAfter(tech, 0, 1_000_000)).length,
    };
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    admin = await server.login('admin');
    const me = await server.store.users.findByUsername('supervisor1');
    teamId = me?.teamId ?? '';
  });
  afterAll(async () => {
    await server.close();
  });

  it('imports a CMIS export: CMIS headers, semicolons, BOM, CRLF, decimal commas, dd/MM/yyyy, normalised codes and phones', async () => {
    const file = await readFile(path.join(FIXTURES, 'cmis-semicolon-bom.csv'));
    const res = await post(supervisor1, file);
    expect(res.status, res.text).toBe(200);
    expect(ImportResponse.parse(res.json())).toEqual({ dryRun: false, created: 2, updated: 0, rows: 2 });
    const list = await server.store.workOrders.list({ teamId, q: 'CMIS-000' }, undefined, 10);
    expect(list.map((wo) => wo.code)).toEqual(['CMIS-0001', 'CMIS-0002']);
    expect(list[0]).toMatchObject({
      customerCode: 'PA07010000101',
      customerName: 'Lê Thị Hòa',
      phone: '0912345678',
      lat: 19.7712,
      lng: 105.8123,
      oldMeterSerial: '00012345',
      lastBilledReading: 1234.5,
      plannedDate: '2026-11-28',
      status: 'unassigned',
      assigneeId: null,
      teamId,
      version: 1,
      phases: 1,
      routeOrder: 1,
    });
    expect(list[1]).toMatchObject({
      customerName: 'Nguyễn Văn Đức',
      phone: '0362345678',
      address: 'Xóm 5; thôn Đông',
      phases: 3,
      plannedDate: null,
      reason: null,
    });
    const audit = await server.store.audit.listForEntity('team', teamId);
    expect(audit.at(-1)).toMatchObject({
      action: 'workOrder.import',
      actorId: await server.userId('supervisor1'),
      after: { rows: 2, created: 2, updated: 0 },
    });
  });

  it('imports an English comma file without BOM, generating codes for empty ones, and finds it by the folded name', async () => {
    const file = await readFile(path.join(FIXTURES, 'english-comma.csv'));
    const res = await post(supervisor1, file);
    expect(res.status, res.text).toBe(200);
    expect(ImportResponse.parse(res.json())).toMatchObject({ created: 2, updated: 0 });
    const [found] = await server.store.workOrders.list({ teamId, q: 'tran van an' }, undefined, 10);
    expect(found).toMatchObject({ customerName: 'Trần Văn An', lastBilledReading: 2345.75, plannedDate: '2026-11-30' });
    expect(found?.code).toMatch(/^YC\d{6}-[0-9A-F]{8}\d{6}$/);
  });

  it('matches header names trimmed and in any case, ignores unknown columns, and keeps the old district', async () => {
    const body = [
      ' ma_khang ;Ten_Khang;DIA_CHI;xa_phuong;QUAN_HUYEN;tinh;VI_DO;KINH_DO;so_cto;NGAY_KH;GHI_CHU',
      'PA07010000301;Hoàng Thị Lụa;Thôn 4;Quảng Phú;Quảng Xương;Thanh Hóa;19,70;105,80;XY-1234;01/12/2026;không dùng',
    ].join('\n');
    const res = await post(supervisor1, body);
    expect(res.status, res.text).toBe(200);
    const [wo] = await server.store.workOrders.list({ teamId, q: 'hoang thi lua' }, undefined, 5);
    expect(wo).toMatchObject({
      customerCode: 'PA07010000301',
      district: 'Quảng Xương',
      lat: 19.7,
      lng: 105.8,
      oldMeterSerial: 'XY-1234',
      plannedDate: '2026-12-01',
      phases: 1,
    });
  });

  it('reports every row error kind with its line and the column as written, and imports nothing', async () => {
    const caMau = seeded.find((wo) => wo.province !== 'Thanh Hóa');
    const own = seeded.find((wo) => wo.province === 'Thanh Hóa' && wo.status === 'unassigned');
    if (!caMau || !own) throw new Error('fixture orders missing');
    await server.store.workOrders.updateState(own.id, {
      status: 'completed',
      assigneeId: own.assigneeId,
      version: own.version + 1,
      updatedAt: new Date().toISOString(),
    });
    const before = await counts();
    const body = csv(
      row(1, { customer_name: '' }), //                              2 required
      row(2, { reason: 'x'.repeat(201) }), //                        3 too_long
      row(3, { lat: 'abc' }), //                                     4 invalid_number
      row(4, { lng: '151.2' }), //                                   5 out_of_range (outside Vietnam)
      row(5, { planned_date: '31/02/2026' }), //                     6 invalid_date
      row(6, { customer_code: 'KH-123' }), //                        7 invalid_customer_code
      row(7, { phone: '0123' }), //                                  8 invalid_phone
      row(8, { phases: '2' }), //                                    9 invalid_phases
      row(9, { old_meter_serial: 'ab' }), //                        10 invalid_serial
      `${row(10)},extra`, //                                        11 column_count
      row(11, { code: 'DUP-1' }), //                                12
      row(12, { code: 'DUP-1' }), //                                13 duplicate_code
      row(13, { code: caMau.code }), //                             14 other_team
      row(14, { code: own.code }), //                               15 not_updatable
      row(15, { last_billed_reading: '-5' }), //                    16 out_of_range
    );
    const errors = importErrors(await post(supervisor1, body));
    const summary = errors.map((e) => [e.line, e.column ?? null, e.code]);
    expect(summary).toEqual([
      [2, 'customer_name', 'required'],
      [3, 'reason', 'too_long'],
      [4, 'lat', 'invalid_number'],
      [5, 'lng', 'out_of_range'],
      [6, 'planned_date', 'invalid_date'],
      [7, 'customer_code', 'invalid_customer_code'],
      [8, 'phone', 'invalid_phone'],
      [9, 'phases', 'invalid_phases'],
      [10, 'old_meter_serial', 'invalid_serial'],
      [11, null, 'column_count'],
      [13, 'code', 'duplicate_code'],
      [14, 'code', 'other_team'],
      [15, 'code', 'not_updatable'],
      [16, 'last_billed_reading', 'out_of_range'],
    ]);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(5);
    // What each error is about, for a client to say it in its own language (the message stays English for API users).
    const params = Object.fromEntries(errors.map((e) => [e.line, (e as { params?: unknown }).params ?? null]));
    expect(params).toEqual({
      2: null,
      3: { max: 200, length: 201 },
      4: { value: 'abc' },
      5: { value: '151.2', min: 102, max: 118 },
      6: { value: '31/02/2026' },
      7: { value: 'KH-123' },
      8: { value: '0123' },
      9: { value: '2' },
      10: { value: 'ab' },
      11: { cells: FIELDS.length + 1, width: FIELDS.length },
      13: { value: 'DUP-1', firstLine: 12 },
      14: { value: caMau.code },
      15: { value: own.code, status: 'completed' },
      16: { value: '-5', min: 0, max: Number.MAX_SAFE_INTEGER },
    });
    expect(await counts()).toEqual(before);
  });

  it('names the header line for missing and repeated columns, with CMIS names as written', async () => {
    const missing = importErrors(await post(supervisor1, 'MA_KHANG;TEN_KHANG;DIA_CHI;XA_PHUONG;TINH;lat;lng\nPA07010000001;A;B;C;D;19,8;105,8\n'));
    expect(missing).toEqual([expect.objectContaining({ line: 1, column: 'old_meter_serial', code: 'missing_column' })]);
    const repeated = importErrors(await post(supervisor1, `${HEADER},MA_KHANG\n${row(1)},PA07010000001\n`));
    expect(repeated).toEqual([expect.objectContaining({ line: 1, column: 'MA_KHANG', code: 'duplicate_column' })]);
  });

  it('answers a bad header at once even when a large body follows it', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(30_000 + i)).join('\n');
    const errors = importErrors(await post(supervisor1, `code,customer_name\n${rows}\n`));
    expect(errors.map((e) => e.code)).toEqual(expect.arrayContaining(['missing_column']));
    expect(errors.every((e) => e.line === 1)).toBe(true);
    // The server still answers the next request normally.
    expect((await supervisor1.get('/api/v1/teams')).status).toBe(200);
  });

  it('counts lines of quoted multi-line fields, CRLF and blank lines so later errors name the right line', async () => {
    const body = [HEADER, row(1, { address: 'Thôn 1\r\nxã Quảng Phú\r\n(gần chợ)' }), '', row(2, { phone: 'abc' })].join('\r\n');
    const errors = importErrors(await post(supervisor1, body));
    expect(errors).toEqual([expect.objectContaining({ line: 6, column: 'phone', code: 'invalid_phone' })]);
  });

  it('refuses a file that is not UTF-8 with one invalid_encoding error', async () => {
    const latin1 = Buffer.from(csv(row(1, { customer_name: 'Tran Van X' })), 'utf8');
    const bad = Buffer.concat([latin1, Buffer.from([0x41, 0xe0, 0x2c, 0x0a])]);
    const errors = importErrors(await post(supervisor1, bad));
    expect(errors).toEqual([expect.objectContaining({ line: 3, code: 'invalid_encoding' })]);
  });

  it('refuses an empty file and a header without rows', async () => {
    expect(importErrors(await post(supervisor1, ''))).toEqual([expect.objectContaining({ line: 1, code: 'empty_file' })]);
    expect(importErrors(await post(supervisor1, '\ufeff'))).toEqual([expect.objectContaining({ code: 'empty_file' })]);
    expect(importErrors(await post(supervisor1, `${HEADER}\n\n`))).toEqual([expect.objectContaining({ code: 'empty_file' })]);
  });

  it('validates everything in a dry run, answers the counts and writes nothing', async () => {
    const before = await counts();
    const res = await post(supervisor1, csv(row(100), row(101)), '?dryRun=1');
    expect(res.status, res.text).toBe(200);
    expect(ImportResponse.parse(res.json())).toEqual({ dryRun: true, created: 2, updated: 0, rows: 2 });
    expect(await counts()).toEqual(before);
    const bad = importErrors(await post(supervisor1, csv(row(102), row(103, { lat: '' })), '?dryRun=1'));
    expect(bad).toEqual([expect.objectContaining({ line: 3, column: 'lat', code: 'required' })]);
  });

  it('writes nothing when one row among many is bad', async () => {
    const before = await counts();
    const lines = Array.from({ length: 1500 }, (_, i) => row(10_000 + i));
    lines[1234] = row(11_234, { phases: '5' });
    const errors = importErrors(await post(supervisor1, csv(...lines)));
    expect(errors).toEqual([expect.objectContaining({ line: 1236, code: 'invalid_phases' })]);
    expect(await counts()).toEqual(before);
  });

  it('lists the first 1,000 errors and says how many there are', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => row(20_000 + i, { phone: 'x' }));
    const res = await post(supervisor1, csv(...lines));
    const problem = expectProblem(res, 422, 'IMPORT_INVALID');
    expect(problem.errors).toHaveLength(1000);
    expect(problem.detail).toMatch(/1200 error/);
  });

  it('updates work orders whose code exists (unassigned or assigned), and the assignee receives the change', async () => {
    const tech1 = await server.userId('tech1');
    const assigned = seeded.find((wo) => wo.province === 'Thanh Hóa' && wo.assigneeId === tech1);
    const unassigned = seeded.filter((wo) => wo.province === 'Thanh Hóa' && wo.status === 'unassigned')[5];
    if (!assigned || !unassigned) throw new Error('fixture orders missing');
    const feedBefore = await server.store.changes.listAfter(tech1, 0, 1_000_000);
    const res = await post(
      supervisor1,
      csv(
        row(300, { code: assigned.code, customer_name: 'Tên đã sửa', planned_date: '' }),
        row(301, { code: unassigned.code, phone: '0977 111 222' }),
        row(302),
      ),
    );
    expect(res.status, res.text).toBe(200);
    expect(ImportResponse.parse(res.json())).toEqual({ dryRun: false, created: 1, updated: 2, rows: 3 });
    const [a, u] = await server.store.workOrders
      .findByIds([assigned.id, unassigned.id])
      .then((list) => [assigned.id, unassigned.id].map((id) => list.find((wo) => wo.id === id)));
    expect(a).toMatchObject({
      customerName: 'Tên đã sửa',
      status: 'assigned',
      assigneeId: tech1,
      version: assigned.version + 1,
      plannedDate: assigned.plannedDate,
    });
    expect(u).toMatchObject({ phone: '0977111222', status: 'unassigned', version: unassigned.version + 1 });
    const feedAfter = await server.store.changes.listAfter(tech1, feedBefore.at(-1)?.changeId ?? 0, 100);
    expect(feedAfter).toEqual([
      expect.objectContaining({ entity: 'workOrder', entityId: assigned.id, op: 'upsert', entityVersion: assigned.version + 1 }),
    ]);
  });

  it('puts an admin import into the team named by ?teamId and refuses one without it', async () => {
    const missing = expectProblem(await post(admin, csv(row(400))), 400, 'VALIDATION_FAILED');
    expect(missing.errors?.[0]?.path).toBe('teamId');
    const caMauTeam = (await server.store.users.findByUsername('supervisor2'))?.teamId ?? '';
    const res = await post(admin, csv(row(401, { province: 'Cà Mau', lat: '9.18', lng: '105.15' })), `?teamId=${caMauTeam}`);
    expect(res.status, res.text).toBe(200);
    const [wo] = await server.store.workOrders.list({ teamId: caMauTeam, q: 'PA07010000401' }, undefined, 5);
    expect(wo?.province).toBe('Cà Mau');
    expectProblem(await post(supervisor1, csv(row(402)), `?teamId=${caMauTeam}`), 403, 'FORBIDDEN');
  });

  it('checks the role before the body, and refuses other content types', async () => {
    const tech1 = await server.login('tech1');
    expectProblem(await post(tech1, 'not even csv'), 403, 'FORBIDDEN');
    expectProblem(await post(server.client(), csv(row(500))), 401, 'UNAUTHENTICATED');
    expectProblem(await post(supervisor1, csv(row(501)), '', 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await post(supervisor1, csv(row(502)), '?dryRun=maybe'), 400, 'VALIDATION_FAILED');
  });

  it('refuses a body over IMPORT_MAX_BYTES with PAYLOAD_TOO_LARGE, declared or streamed, writing nothing', async () => {
    const maxBytes = 20_000;
    const service = createImportService(server.store, server.clock, { maxBytes });
    const supervisor = await server.store.users.findByUsername('supervisor1');
    if (!supervisor) throw new Error('no supervisor1');
    const auth = {
      sessionId: 'test',
      user: {
        id: supervisor.id,
        username: supervisor.username,
        displayName: supervisor.displayName,
        role: supervisor.role,
        teamId: supervisor.teamId,
        teamName: supervisor.teamName,
      },
    };
    const before = await counts();
    const declared = await service.importCsv(auth, {
      teamId: undefined,
      dryRun: false,
      contentType: 'text/csv',
      contentLength: String(maxBytes + 1),
      body: Readable.from([]),
    });
    expect(declared).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    // No length announced: the stream is counted as it is read, and reading stops past the limit.
    let chunksRead = 0;
    function* huge(): Generator<Uint8Array> {
      yield Buffer.from(`${HEADER}\n`);
      for (let i = 0; i < 1000; i += 1) {
        chunksRead += 1;
        yield Buffer.from(`${row(5000 + i)}\n`);
      }
    }
    const streamed = await service.importCsv(auth, {
      teamId: undefined,
      dryRun: false,
      contentType: 'text/csv',
      contentLength: undefined,
      body: Readable.from(huge()),
    });
    expect(streamed).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(chunksRead).toBeLessThan(200);
    expect(await counts()).toEqual(before);
    // The route's own limit is the contract's constant.
    expect(IMPORT_MAX_BYTES).toBe(50 * 1024 * 1024);
  });

  // A lone surrogate cannot reach a cell: UTF-8 cannot carry one, and its CESU-8 bytes are invalid_encoding.
  it('keeps the hamlet of a THON or hamlet column, trimmed, null when empty or absent; refuses one too long or with bad text', async () => {
    const cmis = [
      'MA_YCAU_KNAI;MA_KHANG;TEN_KHANG;DIA_CHI;XA_PHUONG;THON;TINH;VI_DO;KINH_DO;SO_CTO',
      'THON-1;PA07010000701;Lê Văn Sơn;Số 4 đường Lê Lợi, phường Hạc Thành;Phường Hạc Thành;  Tổ dân phố 7 ;Thanh Hóa;19,80;105,78;SN70000001',
      'THON-2;PA07010000702;Mai Thị Lan;Thôn 2, xã Hoằng Hóa;Xã Hoằng Hóa;;Thanh Hóa;19,86;105,85;SN70000002',
    ].join('\r\n');
    const res = await post(supervisor1, cmis);
    expect(res.status, res.text).toBe(200);
    const byCode = async (code: string) => (await server.store.workOrders.list({ teamId, q: code }, undefined, 5))[0];
    expect(await byCode('THON-1')).toMatchObject({ hamlet: 'Tổ dân phố 7', commune: 'Phường Hạc Thành' });
    expect(await byCode('THON-2')).toMatchObject({ hamlet: null, address: 'Thôn 2, xã Hoằng Hóa' });

    // The English name; a file without the column sets none (a re-import says what the orders are now).
    expect((await post(supervisor1, `${HEADER},hamlet\n${row(720, { code: 'THON-3' })},Ấp Tân Lợi\n`)).status).toBe(200);
    expect(await byCode('THON-3')).toMatchObject({ hamlet: 'Ấp Tân Lợi' });
    expect((await post(supervisor1, csv(row(720, { code: 'THON-3' })))).status).toBe(200);
    expect(await byCode('THON-3')).toMatchObject({ hamlet: null });

    const before = await counts();
    const errors = importErrors(
      await post(
        supervisor1,
        [
          'MA_KHANG;TEN_KHANG;DIA_CHI;XA_PHUONG;THON;TINH;VI_DO;KINH_DO;SO_CTO',
          `PA07010000703;Lê Văn Sơn;Thôn 1;Xã Hoằng Hóa;${'x'.repeat(101)};Thanh Hóa;19,86;105,85;SN70000003`,
          'PA07010000704;Lê Văn Sơn;Thôn 1;Xã Hoằng Hóa;Thôn\u00001;Thanh Hóa;19,86;105,85;SN70000004',
          `PA07010000705;Lê Văn Sơn;Thôn 1;Xã Hoằng Hóa;${'x'.repeat(100)};Thanh Hóa;19,86;105,85;SN70000005`,
        ].join('\n'),
      ),
    );
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'THON', 'too_long'],
      [3, 'THON', 'invalid_text'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses NUL and other control characters in a cell as row errors naming the column', async () => {
    const before = await counts();
    const errors = importErrors(
      await post(
        supervisor1,
        csv(
          row(600, { customer_name: 'Nguyễn\u0000Văn' }), //                  2 NUL
          row(601, { address: 'Thôn 1\u0007' }), //                            3 control (bell)
          row(602, { commune: 'Quảng\u007FPhú' }), //                          4 DEL
          row(603, { reason: 'dòng 1\tcột\r\ndòng 2' }), //                    5-6 tab, CR, LF are text: no error
        ),
      ),
    );
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'customer_name', 'invalid_text'],
      [3, 'address', 'invalid_text'],
      [4, 'commune', 'invalid_text'],
    ]);
    expect(errors[0]?.message).toMatch(/NUL/);
    expect(await counts()).toEqual(before);
  });

  it('stores cells in NFC, so a decomposed "Hoà" is the same text as a composed one', async () => {
    const decomposed = 'Hoa\u0300 Tha\u0300nh';
    const res = await post(supervisor1, csv(row(610, { code: 'NFC-1', customer_name: decomposed })));
    expect(res.status, res.text).toBe(200);
    const [wo] = await server.store.workOrders.list({ teamId, q: 'NFC-1' }, undefined, 5);
    expect(wo?.customerName).toBe(decomposed.normalize('NFC'));
    expect(wo?.customerName).not.toBe(decomposed);
  });

  it('refuses a compressed body with 415 instead of parsing the bytes as CSV', async () => {
    const before = await counts();
    const body = gzipSync(csv(row(620)));
    for (const encoding of ['gzip', 'br', 'deflate, gzip']) {
      const res = await supervisor1.request('POST', '/api/v1/work-orders/import', {
        body,
        headers: { 'content-type': 'text/csv', 'content-encoding': encoding },
      });
      const problem = expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(problem.detail).toMatch(/uncompressed/);
    }
    expect(await counts()).toEqual(before);
    const plain = await supervisor1.request('POST', '/api/v1/work-orders/import?dryRun=1', {
      body: csv(row(621)),
      headers: { 'content-type': 'text/csv', 'content-encoding': 'identity' },
    });
    expect(plain.status, plain.text).toBe(200);
  });

  it('refuses a runaway quoted field instead of gathering the file into memory', async () => {
    const body = `${HEADER}\n${row(1)}\n"${'x'.repeat(70_000)}\n${row(2)}\n`;
    const errors = importErrors(await post(supervisor1, body));
    expect(errors).toEqual([expect.objectContaining({ line: 3, code: 'column_count' })]);
  });

  it('survives a client that goes away mid-upload: nothing written, the server keeps answering', async () => {
    const before = await counts();
    const cookie = [...supervisor1.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const { hostname, port } = new URL(server.baseUrl);
    const req = request({
      hostname,
      port,
      method: 'POST',
      path: '/api/v1/work-orders/import',
      headers: { cookie, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    // The first 2,000 rows are handed to the network before the client goes (the callback), instead of a sleep.
    await new Promise((resolve) => req.write(`${HEADER}\n${Array.from({ length: 2000 }, (_, i) => row(40_000 + i)).join('\n')}\n`, resolve));
    req.destroy();
    // Polled rather than slept on: the server is done with the request once it answers the next one normally.
    await expect.poll(async () => (await supervisor1.get('/api/v1/teams')).status).toBe(200);
    expect(await counts()).toEqual(before);
    expect(server.logs.filter((l) => l.includes('unhandled error') || l.includes('"level":50'))).toEqual([]);
  });

  it('imports 50,000 rows in one request', async () => {
    const before = await server.store.workOrders.count();
    const lines = Array.from({ length: 50_000 }, (_, i) => row(1_000_000 + i));
    const started = Date.now();
    const res = await post(supervisor1, csv(...lines));
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expect(ImportResponse.parse(res.json())).toEqual({ dryRun: false, created: 50_000, updated: 0, rows: 50_000 });
    expect(await server.store.workOrders.count()).toBe(before + 50_000);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
