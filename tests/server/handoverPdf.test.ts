import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { NewWorkOrder } from '../../server/store/records';
import { completeThroughApi, insertWorkOrder, solidPng } from './exportFixtures';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { pdfText } from './pdfText';
import { expectProblem } from './problems';
import { jpeg, upload } from './syncFixtures';

const COMPLETION_ID = 'c0ffee00-1234-4abc-8def-000000000001';
const pdfPath = (id: string) => `/api/v1/completions/${id}/handover.pdf`;

describe.each(backends)('handover record PDF (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let wo: NewWorkOrder;
  const signature = solidPng(120, 40, [20, 20, 120]);
  const removedPhoto = solidPng(64, 48, [200, 30, 30]);
  const missingPhoto = jpeg();

  beforeAll(async () => {
    server = await startTestServer(backend);
    supervisor1 = await server.login('supervisor1');
    wo = await insertWorkOrder(server, 'supervisor1', {
      id: randomUUID(),
      code: 'TT-PDF-0001',
      customerCode: 'PA07XY0009876',
      customerName: 'Nguyễn Thị Hằng',
      address: 'Thôn Đông Sơn, xã Quảng Phú',
      stationCode: 'T07123',
      routeCode: 'PA07XY0902',
      oldMeterType: 'CV140 1 pha cơ khí',
      reason: 'Thay công tơ cơ khí bằng công tơ điện tử đo xa',
    });
    const at = '2026-11-24T02:30:00.000Z';
    const args: SwapCompleteArgs = {
      completionId: COMPLETION_ID,
      workOrderId: wo.id,
      baseVersion: 2,
      removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: 1325.5 }, sealCondition: 'broken', photoIds: [removedPhoto.id] },
      installed: {
        serial: 'DT0000PDF1',
        model: 'DDS26D-RF',
        readings: { total: 0.3, normal: 0.1, peak: 0.1, offPeak: 0.1 },
        seals: [{ code: 'TC-55501', beads: 2 }],
        photoIds: [missingPhoto.id],
        remoteRead: 'rf_mesh',
        position: 'outdoor',
        transformers: [{ kind: 'ti', serial: 'TI-0042', ratio: '200/5', accuracyClass: '0.5' }],
        multiplier: 40,
      },
      gps: { lat: 19.80123, lng: 105.78456, accuracyM: 6, at },
      handover: {
        signerName: 'Nguyễn Thị Hằng',
        signerRole: 'customer',
        signaturePhotoId: signature.id,
        cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
      },
      completedAt: at,
    };
    await completeThroughApi(server, supervisor1, 'tech1', wo, args);
    const tech1 = await server.login('tech1');
    expect((await upload(tech1, signature, 'image/png')).status).toBe(201);
    expect((await upload(tech1, removedPhoto, 'image/png')).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('is a valid PDF whose Vietnamese text can be extracted', async () => {
    const res = await supervisor1.get(pdfPath(COMPLETION_ID));
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="bien-ban-TT-PDF-0001.pdf"');
    const pdf = Buffer.from(res.bytes);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1').trim()).toBe('%%EOF');
    const text = pdfText(pdf);
    for (const expected of [
      'BIÊN BẢN TREO THÁO CÔNG TƠ',
      'Nguyễn Thị Hằng',
      'Nguyễn Văn Hùng',
      'THIẾT BỊ THÁO',
      'THIẾT BỊ TREO',
      'PA07XY0009876001',
      'BB-20261124-C0FFEE00',
      '24/11/2026 09:30',
      'Dây chì bị đứt hoặc hỏng',
      'Đầy đủ, dây chì nguyên vẹn',
      'TC-55501 (2 viên)',
      'RF-Mesh',
      'Ngoài nhà',
      'Ví điện tử (MoMo)',
      'BÊN MUA ĐIỆN',
      'BÊN BÁN ĐIỆN',
      'Thiết bị đo đếm hoạt động bình thường. Hai bên thống nhất nội dung như trên.',
      '(ảnh chưa nhận)',
      'TI-0042',
      '200/5',
      'Hệ số nhân: 40',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('prints numbers as the screen and the printed record do: Vietnamese grouping and decimal comma', async () => {
    const text = pdfText(Buffer.from((await supervisor1.get(pdfPath(COMPLETION_ID))).bytes));
    const meterRow = (label: string) => text.split('\n').findIndex((line) => line === label);
    // The total's row: label, removed, installed, each its own text block.
    const total = meterRow('Chỉ số tổng');
    expect(total, text).toBeGreaterThanOrEqual(0);
    expect(text.split('\n').slice(total + 1, total + 3)).toEqual(['1.325,5', '0,3']);
    expect(text).not.toContain('1325.5');
    expect(text).not.toContain('0.3\n');
    // GPS keeps the decimal point that maps read back, in the one form the screen shows too.
    expect(text).toContain('19.80123, 105.78456');
  });

  it('embeds the photos that arrived, as images', async () => {
    const pdf = Buffer.from((await supervisor1.get(pdfPath(COMPLETION_ID))).bytes).toString('latin1');
    // The signature and the removed meter's photo are in; the installed meter's photo has not arrived.
    expect(pdf.match(/\/Subtype \/Image/g)?.length).toBe(2);
  });

  it("is for the technician who made it, their team's supervisor and admins; others get 404", async () => {
    for (const username of ['tech1', 'admin']) {
      const client = await server.login(username);
      expect((await client.get(pdfPath(COMPLETION_ID))).status).toBe(200);
    }
    for (const username of ['tech2', 'supervisor2', 'tech4']) {
      const client = await server.login(username);
      expectProblem(await client.get(pdfPath(COMPLETION_ID)), 404, 'NOT_FOUND');
    }
    expectProblem(await supervisor1.get(pdfPath(randomUUID())), 404, 'NOT_FOUND');
    expectProblem(await supervisor1.get(pdfPath('not-a-uuid')), 400, 'VALIDATION_FAILED');
    expectProblem(await server.client().get(pdfPath(COMPLETION_ID)), 401, 'UNAUTHENTICATED');
  });
});
