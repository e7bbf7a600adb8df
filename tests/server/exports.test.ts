import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportSummary } from '../../src/domain/console/reports';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { NewWorkOrder } from '../../server/store/records';
import { csvField, EXPORT_COLUMNS } from '../../server/services/exportService';
import { EXPORT_PAGE_ROWS } from '../../server/store/reports';
import { completeThroughApi, insertWorkOrder, setStatus } from './exportFixtures';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

const DAY_MS = 24 * 60 * 60 * 1000;
const PHOTO = (c: string) => c.repeat(64);

function args(wo: Pick<NewWorkOrder, 'id' | 'oldMeterSerial'>, completionId: string, installedSerial: string, completedAt: string): SwapCompleteArgs {
  return {
    completionId,
    workOrderId: wo.id,
    baseVersion: 2,
    removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: 1325.5 }, sealCondition: 'intact', photoIds: [PHOTO('a')] },
    installed: {
      serial: installedSerial,
      model: 'DDS26-D',
      readings: { total: 0.3 },
      seals: [{ code: 'TC-102938', beads: 2 }],
      photoIds: [PHOTO('b')],
    },
    gps: { lat: 19.8, lng: 105.78, accuracyM: 8, at: completedAt },
    handover: {
      signerName: 'Nguyễn Thị Hằng',
      signerRole: 'customer',
      signaturePhotoId: PHOTO('c'),
      cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
    },
    completedAt,
  };
}

describe.each(backends)('CSV export for CMIS (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    admin = await server.login('admin');
    // X1: approved, Thanh Hóa, received 24/11/2026 10:00 (Vietnam); its customer's name holds a quote and a comma.
    const x1 = await insertWorkOrder(server, 'supervisor1', {
      id: '7b0e1d52-4f43-4c0e-9a51-000000000001',
      code: 'TT-EXPORT-0001',
      customerCode: 'PA07XY0001234',
      customerName: 'Nguyễn Thị "Hằng", hộ kinh doanh',
      phone: '0912345678',
      address: 'Số 5, thôn Đông',
      stationCode: 'T07001',
      routeCode: 'PA07XY0901',
      oldMeterSerial: '00123456',
      oldMeterType: 'CV140 1 pha cơ khí',
    });
    await completeThroughApi(
      server,
      supervisor1,
      'tech1',
      x1,
      args(x1, 'a1b2c3d4-0000-4000-8000-000000000001', 'DT0000EXP1', '2026-11-24T02:30:00.000Z'),
    );
    await setStatus(server, x1.id, 'approved');
    // X2: completed but not approved yet: not exported.
    const x2 = await insertWorkOrder(server, 'supervisor1', {
      id: '7b0e1d52-4f43-4c0e-9a51-000000000002',
      code: 'TT-EXPORT-0002',
      customerCode: 'PA07XY0001235',
    });
    await completeThroughApi(
      server,
      supervisor1,
      'tech2',
      x2,
      args(x2, 'a1b2c3d4-0000-4000-8000-000000000002', 'DT0000EXP2', '2026-11-24T02:40:00.000Z'),
    );
    // X3: approved, Cà Mau: the other team's.
    const x3 = await insertWorkOrder(server, 'supervisor2', {
      id: '7b0e1d52-4f43-4c0e-9a51-000000000003',
      code: 'TT-EXPORT-0003',
      customerCode: 'PB14XY0001236',
      province: 'Cà Mau',
      commune: 'Phường 5',
    });
    await completeThroughApi(
      server,
      supervisor2,
      'tech4',
      x3,
      args(x3, 'a1b2c3d4-0000-4000-8000-000000000003', 'DT0000EXP3', '2026-11-24T02:50:00.000Z'),
    );
    await setStatus(server, x3.id, 'approved');
    // X4: approved, Thanh Hóa, received two days later.
    server.clock.advance(2 * DAY_MS);
    const x4 = await insertWorkOrder(server, 'supervisor1', {
      id: '7b0e1d52-4f43-4c0e-9a51-000000000004',
      code: 'TT-EXPORT-0004',
      customerCode: 'PA07XY0001237',
    });
    await completeThroughApi(
      server,
      supervisor1,
      'tech3',
      x4,
      args(x4, 'a1b2c3d4-0000-4000-8000-000000000004', 'DT0000EXP4', '2026-11-26T01:00:00.000Z'),
    );
    await setStatus(server, x4.id, 'approved');
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('writes the approved swaps of the period byte for byte: BOM, header, RFC 4180 quoting, Vietnamese text, CRLF', async () => {
    const res = await supervisor1.get('/api/v1/exports/completions.csv?from=2026-11-24&to=2026-11-24');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="hoan-thanh-2026-11-24-2026-11-24.csv"');
    const expected =
      '\uFEFF' +
      'MA_YCAU_KNAI,MA_KHANG,MA_DDO,TEN_KHANG,DTHOAI,DIA_CHI,XA_PHUONG,TINH,MA_TRAM,MA_SOGCS,SO_PHA,SO_CTO_THAO,LOAI_CTO_THAO,' +
      'CHI_SO_THAO,CHI_SO_THAO_BT,CHI_SO_THAO_CD,CHI_SO_THAO_TD,TT_NIEM_PHONG_THAO,SO_CTO_TREO,LOAI_CTO_TREO,CHI_SO_TREO,' +
      'CHI_SO_TREO_BT,CHI_SO_TREO_CD,CHI_SO_TREO_TD,MA_CHI,NGAY_TREO_THAO,NV_TREO_THAO,VI_DO,KINH_DO,TT_HIEN_TAI,' +
      'TT_KHONG_TIEN_MAT,NHA_CUNG_CAP_TT,SO_BIEN_BAN,NGAY_NHAN\r\n' +
      'TT-EXPORT-0001,PA07XY0001234,PA07XY0001234001,"Nguyễn Thị ""Hằng"", hộ kinh doanh",0912345678,"Số 5, thôn Đông",' +
      'Xã Quảng Phú,Thanh Hóa,T07001,PA07XY0901,1,00123456,CV140 1 pha cơ khí,1325.5,,,,intact,DT0000EXP1,DDS26-D,0.3,,,,' +
      'TC-102938 (2 viên),24/11/2026 09:30,Nguyễn Văn Hùng,19.8,105.78,cash,e_wallet,MoMo,BB-20261124-A1B2C3D4,24/11/2026 10:00\r\n';
    expect(Buffer.from(res.bytes).equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(res.bytes.subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('exports every period and only approved swaps when no period is given', async () => {
    const res = await supervisor1.get('/api/v1/exports/completions.csv');
    expect(res.status, res.text).toBe(200);
    const codes = res.text
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[0]);
    expect(codes).toEqual(['TT-EXPORT-0001', 'TT-EXPORT-0004']);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="hoan-thanh-tat-ca-2026-11-26.csv"');
  });

  it("keeps each supervisor to their own team's swaps; an admin exports all or one team", async () => {
    const other = await supervisor2.get('/api/v1/exports/completions.csv');
    expect(
      other.text
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['TT-EXPORT-0003']);
    const all = await admin.get('/api/v1/exports/completions.csv');
    expect(
      all.text
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['TT-EXPORT-0001', 'TT-EXPORT-0003', 'TT-EXPORT-0004']);
    const caMauTeam = (await server.store.users.findByUsername('supervisor2'))?.teamId ?? '';
    const one = await admin.get(`/api/v1/exports/completions.csv?teamId=${caMauTeam}`);
    expect(
      one.text
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['TT-EXPORT-0003']);
    expectProblem(await supervisor1.get(`/api/v1/exports/completions.csv?teamId=${caMauTeam}`), 403, 'FORBIDDEN');
    const tech1 = await server.login('tech1');
    expectProblem(await tech1.get('/api/v1/exports/completions.csv'), 403, 'FORBIDDEN');
    expectProblem(await server.client().get('/api/v1/exports/completions.csv'), 401, 'UNAUTHENTICATED');
  });

  it('writes every export to the audit log under the team it covered', async () => {
    const supervisorId = await server.userId('supervisor1');
    const teamId = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? '';
    const entries = await server.store.audit.listForEntity('export', teamId);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries).toContainEqual(
      expect.objectContaining({ actorId: supervisorId, action: 'export.completions', after: { from: '2026-11-24', to: '2026-11-24', teamId } }),
    );
  });

  it('counts what the CSV of a period holds and the received swaps still waiting for approval', async () => {
    const day = await supervisor1.get('/api/v1/exports/completions/summary?from=2026-11-24&to=2026-11-24');
    expect(day.status, day.text).toBe(200);
    expect(ExportSummary.parse(day.json())).toEqual({ approved: 1, awaitingApproval: 1 });
    expect(ExportSummary.parse((await supervisor1.get('/api/v1/exports/completions/summary')).json())).toEqual({ approved: 2, awaitingApproval: 1 });
    expect(ExportSummary.parse((await supervisor1.get('/api/v1/exports/completions/summary?from=2026-11-26')).json())).toEqual({
      approved: 1,
      awaitingApproval: 0,
    });
    expect(ExportSummary.parse((await supervisor2.get('/api/v1/exports/completions/summary')).json())).toEqual({ approved: 1, awaitingApproval: 0 });
    expect(ExportSummary.parse((await admin.get('/api/v1/exports/completions/summary')).json())).toEqual({ approved: 3, awaitingApproval: 1 });
    const caMauTeam = (await server.store.users.findByUsername('supervisor2'))?.teamId ?? '';
    expectProblem(await supervisor1.get(`/api/v1/exports/completions/summary?teamId=${caMauTeam}`), 403, 'FORBIDDEN');
    expectProblem(await supervisor1.get('/api/v1/exports/completions/summary?from=2026-11-25&to=2026-11-24'), 400, 'VALIDATION_FAILED');
  });

  it('answers 400 for a bad period', async () => {
    const problem = expectProblem(await supervisor1.get('/api/v1/exports/completions.csv?from=24/11/2026'), 400, 'VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.path)).toEqual(['from']);
    expectProblem(await supervisor1.get('/api/v1/exports/completions.csv?from=2026-11-25&to=2026-11-24'), 400, 'VALIDATION_FAILED');
  });

  it('writes the BOM and the header row alone for a period without approved swaps', async () => {
    const res = await supervisor1.get('/api/v1/exports/completions.csv?from=2026-11-01&to=2026-11-02');
    expect(res.status, res.text).toBe(200);
    expect(res.bytes.subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(res.text.replace(/^\uFEFF/, '').split('\r\n')).toEqual([EXPORT_COLUMNS.map(([name]) => name).join(','), '']);
  });

  it('quotes what a spreadsheet would misread and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+84912')).toBe("'+84912");
    expect(csvField(1325.5)).toBe('1325.5');
    expect(csvField(24211.5)).toBe('24211.5');
    expect(csvField(1e-7)).toBe('0.0000001');
    expect(csvField(undefined)).toBe('');
  });
});

describe.each(backends)('CSV export paging (%s)', (backend) => {
  let server: TestServer;
  const COUNT = 2 * EXPORT_PAGE_ROWS + 37;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 180 });
    const technicianId = await server.userId('tech1');
    const teamId = (await server.store.users.findByUsername('supervisor1'))?.teamId ?? null;
    const orders = Array.from({ length: COUNT }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      code: `TT-PAGE-${String(i).padStart(5, '0')}`,
    }));
    const at = '2026-11-24T03:00:00.000Z';
    await server.store.workOrders.insertMany(
      orders.map((o) => ({
        ...o,
        customerCode: 'PA07XY0001234',
        customerName: 'Khách hàng',
        phone: null,
        address: 'Thôn 1',
        commune: 'Xã Quảng Phú',
        district: null,
        province: 'Thanh Hóa',
        lat: 19.8,
        lng: 105.78,
        stationCode: null,
        routeCode: null,
        routeOrder: null,
        phases: 1,
        oldMeterSerial: '00123456',
        oldMeterType: null,
        lastBilledReading: 1200,
        reason: null,
        plannedDate: null,
        status: 'approved' as const,
        assigneeId: technicianId,
        version: 3,
        teamId,
        createdAt: at,
        updatedAt: at,
      })),
    );
    await server.store.transaction(async (tx) => {
      for (const [i, o] of orders.entries()) {
        const wo = { id: o.id, oldMeterSerial: '00123456' };
        // Every third one shares its receipt time with the next: paging must break ties by id, never skip or repeat.
        const receivedAt = new Date(Date.parse(at) + Math.floor(i / 3) * 1000).toISOString();
        await tx.completions.insert({
          id: `10000000-0000-4000-8000-${String(COUNT - i).padStart(12, '0')}`,
          workOrderId: o.id,
          technicianId,
          clientId: 'bench',
          primary: true,
          payload: args(wo, `10000000-0000-4000-8000-${String(COUNT - i).padStart(12, '0')}`, `DTP${String(i).padStart(6, '0')}`, at),
          mediaStatus: 'complete',
          receivedAt,
          capturedAt: at,
          flags: [],
          installedSerial: `DTP${String(i).padStart(6, '0')}`,
        });
      }
    });
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  it('streams every approved swap exactly once across pages', async () => {
    const supervisor1 = await server.login('supervisor1');
    const res = await supervisor1.get('/api/v1/exports/completions.csv');
    expect(res.status, res.text).toBe(200);
    const lines = res.text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    const codes = lines.slice(1, -1).map((l) => l.split(',')[0] ?? '');
    expect(codes).toHaveLength(COUNT);
    expect(new Set(codes).size).toBe(COUNT);
    expect(codes.every((c) => c.startsWith('TT-PAGE-'))).toBe(true);
  });
});

describe('CSV fields of the export', () => {
  it('defuses every formula start, full-width forms included, and never a number', () => {
    for (const start of ['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']) expect(csvField(`${start}1+2`)).toBe(`'${start}1+2`);
    expect(csvField('\tSUM(A1)')).toBe("'\tSUM(A1)");
    expect(csvField('\rSUM(A1)')).toBe('"\'\rSUM(A1)"');
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField('a-b')).toBe('a-b');
  });

  it('quotes a lone carriage return or line feed, and writes nothing for a missing or non-finite value', () => {
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvField('')).toBe('');
  });
});
