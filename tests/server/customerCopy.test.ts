import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_COPY_DAYS, CustomerCopyIssued } from '../../src/domain/campaign/customerCopy';
import type { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { NewWorkOrder } from '../../server/store/records';
import { CUSTOMER_COPY_MISS_RULE } from '../../server/routes/customerCopies';
import { completeThroughApi, insertWorkOrder } from './exportFixtures';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

/*
 * The customer's copy of the handover record (issue 15 §3) through HTTP: a supervisor issues a link, anyone holding
 * it (signed out) reads that one record and its PDF; nothing else is reachable with it. The harness's clock stands
 * still at 2026-11-24 03:00 UTC and only moves when a test advances it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const PHOTO = (c: string) => c.repeat(64);
const HOSTILE_NAME = '<script>alert("x")</script> Nguyễn Văn <b>An</b>';

function args(wo: NewWorkOrder, completionId: string, installedSerial: string, removedTotal: number): SwapCompleteArgs {
  const completedAt = '2026-11-24T02:30:00.000Z';
  return {
    completionId,
    workOrderId: wo.id,
    baseVersion: 2,
    removed: { serial: wo.oldMeterSerial, serialMatches: true, readings: { total: removedTotal }, sealCondition: 'intact', photoIds: [PHOTO('a')] },
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
      signerPhone: '0911222333',
      signaturePhotoId: PHOTO('c'),
      cashless: { currentMethod: 'cash', consent: false },
    },
    completedAt,
  };
}

/** A GET with the path sent exactly as written (fetch would resolve dot segments before sending). */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(backends)("customer's copy of the handover record (%s)", (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;
  let supervisor2: HttpClient;
  let technician: HttpClient;
  let anonymous: HttpClient;
  const mine = { completionId: randomUUID(), wo: undefined as NewWorkOrder | undefined };
  const other = { completionId: randomUUID(), wo: undefined as NewWorkOrder | undefined };

  const issue = async (client: HttpClient, completionId: string) => client.post(`/api/v1/completions/${completionId}/customer-copy`, {});
  const issued = async (completionId: string) => {
    const res = await issue(supervisor1, completionId);
    expect(res.status, res.text).toBe(200);
    const body = CustomerCopyIssued.parse(res.json());
    const path = new URL(body.url).pathname;
    return { ...body, path, token: path.slice('/bien-ban/'.length) };
  };

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200 });
    supervisor1 = await server.login('supervisor1');
    supervisor2 = await server.login('supervisor2');
    technician = await server.login('tech1');
    anonymous = server.client();
    mine.wo = await insertWorkOrder(server, 'supervisor1', {
      id: randomUUID(),
      code: 'TT-COPY-0001',
      customerCode: 'PA07CP0000001',
      customerName: HOSTILE_NAME,
      phone: '0987654321',
      address: 'Số 7 & 9, thôn "Đông"',
      oldMeterSerial: 'CO000111',
    });
    other.wo = await insertWorkOrder(server, 'supervisor1', {
      id: randomUUID(),
      code: 'TT-COPY-0002',
      customerCode: 'PA07CP0000002',
      customerName: 'Trần Văn Hàng Xóm',
      phone: '0977000111',
      address: 'Số 11, thôn Tây',
      oldMeterSerial: 'CO000222',
    });
    await completeThroughApi(server, supervisor1, 'tech1', mine.wo, args(mine.wo, mine.completionId, 'DTCOPY0001', 4321.5));
    await completeThroughApi(server, supervisor1, 'tech1', other.wo, args(other.wo, other.completionId, 'DTCOPY0002', 8765.25));
  });

  afterAll(async () => {
    await server.close();
  });

  it('issues a link that shows that record, signed out, escaped, with private headers and no other household', async () => {
    const link = await issued(mine.completionId);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toBe(new Date(server.clock.now().getTime() + CUSTOMER_COPY_DAYS * DAY_MS).toISOString());
    const page = await anonymous.get(link.path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-robots-tag')).toMatch(/noindex/);
    // The reading as the screen and the PDF print it ("4.321,5"), never the machine form.
    for (const text of ['CO000111', 'DTCOPY0001', '4.321,5', 'TC-102938 (2 viên)', 'PA07CP0000001', '24/11/2026 09:30'])
      expect(page.text).toContain(text);
    expect(page.text).not.toContain('4321.5');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Nguyễn Văn &lt;b&gt;An&lt;/b&gt;');
    expect(page.text).toContain('Số 7 &amp; 9, thôn &quot;Đông&quot;');
    expect(page.text).not.toContain('<script');
    // Neither this customer's phone (from the order or the signer) nor anything of the neighbour's record.
    for (const text of ['0987654321', '0911222333', 'Hàng Xóm', 'CO000222', 'DTCOPY0002', '8765', 'PA07CP0000002'])
      expect(page.text).not.toContain(text);
    const css = await anonymous.get('/bien-ban/trang.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('serves the handover PDF through the token, and nothing else', async () => {
    const link = await issued(mine.completionId);
    const pdf = await anonymous.get(`${link.path}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    // The token reaches no other path: dot segments, extra segments, other ids, the API.
    for (const path of [
      `/bien-ban/${link.token}/../x`,
      `/bien-ban/${link.token}/..`,
      `/bien-ban/${link.token}/`,
      `/bien-ban/${link.token}/anh/1`,
      `/bien-ban/${link.token}.pdf/..`,
      `/bien-ban/${link.token}/${other.completionId}`,
      `/bien-ban/${other.completionId}`,
    ]) {
      const res = await rawGet(server.baseUrl, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('CO000111');
    }
    const api = await anonymous.get(`/api/v1/completions/${other.completionId}/handover.pdf`, { headers: { authorization: `Bearer ${link.token}` } });
    expect(api.status).toBe(401);
  });

  it('one live link per completion: issuing again revokes the previous one; DELETE revokes; all misses look alike', async () => {
    const first = await issued(mine.completionId);
    const second = await issued(mine.completionId);
    expect(second.token).not.toBe(first.token);
    const gone = await anonymous.get(first.path);
    const unknown = await anonymous.get(`/bien-ban/${'A'.repeat(43)}`);
    const malformed = await anonymous.get('/bien-ban/abc');
    expect(gone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(gone.text).toBe(unknown.text);
    expect(gone.text).toBe(malformed.text);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    expect((await anonymous.get(second.path)).status).toBe(200);

    const revoked = await supervisor1.request('DELETE', `/api/v1/completions/${mine.completionId}/customer-copy`);
    expect(revoked.status, revoked.text).toBe(204);
    const after = await anonymous.get(second.path);
    expect(after.status).toBe(404);
    expect(after.text).toBe(unknown.text);
    expect((await anonymous.get(`${second.path}.pdf`)).status).toBe(404);

    const audit = await server.store.audit.listForEntity('completion', mine.completionId);
    const actions = audit.map((e) => e.action);
    expect(actions.filter((a) => a === 'completion.customerCopy.issue').length).toBeGreaterThanOrEqual(2);
    expect(actions).toContain('completion.customerCopy.revoke');
  });

  it('only a supervisor of the team (or an admin) issues or revokes: a technician 403, another team 404', async () => {
    expectProblem(await issue(technician, mine.completionId), 403, 'FORBIDDEN');
    expectProblem(await technician.request('DELETE', `/api/v1/completions/${mine.completionId}/customer-copy`), 403, 'FORBIDDEN');
    expectProblem(await issue(supervisor2, mine.completionId), 404, 'NOT_FOUND');
    expectProblem(await supervisor2.request('DELETE', `/api/v1/completions/${mine.completionId}/customer-copy`), 404, 'NOT_FOUND');
    expectProblem(await issue(supervisor1, randomUUID()), 404, 'NOT_FOUND');
    expectProblem(await issue(anonymous, mine.completionId), 401, 'UNAUTHENTICATED');
  });

  it('limits misses per address; a hit is not counted', async () => {
    server.clock.advance(CUSTOMER_COPY_MISS_RULE.windowMs);
    const link = await issued(other.completionId);
    for (let i = 0; i < CUSTOMER_COPY_MISS_RULE.maxMisses; i += 1) {
      expect((await anonymous.get(`/bien-ban/${'B'.repeat(42)}${i % 10}`)).status).toBe(404);
      if (i === 0) expect((await anonymous.get(link.path)).status).toBe(200);
    }
    const limited = await anonymous.get(link.path);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    server.clock.advance(CUSTOMER_COPY_MISS_RULE.windowMs);
    expect((await anonymous.get(link.path)).status).toBe(200);
  });

  it(`stops working ${CUSTOMER_COPY_DAYS} days after it was issued`, async () => {
    server.clock.advance(CUSTOMER_COPY_MISS_RULE.windowMs);
    const link = await issued(other.completionId);
    server.clock.advance(CUSTOMER_COPY_DAYS * DAY_MS - 1000);
    expect((await anonymous.get(link.path)).status).toBe(200);
    server.clock.advance(1000);
    expect((await anonymous.get(link.path)).status).toBe(404);
    expect((await anonymous.get(`${link.path}.pdf`)).status).toBe(404);
  });
});
