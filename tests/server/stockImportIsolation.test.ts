import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StockImportResponse } from '../../src/domain/stock/stock';
import { IMPORT_MAX_BYTES } from '../../src/domain/workOrder/imports';
import { ERROR_CATALOGUE } from '../../src/domain/protocol/errorCatalogue';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

/*
 * The stock delivery is read, checked and written in the import worker (server/services/import/importWorkerPool.ts):
 * a file that exhausts the worker's memory costs that worker only. Its heap is lowered here so a valid delivery of
 * 200,000 seal codes (the items are held until the one write) stands in for the next file that grows a decoder's
 * memory: the API answers a 422 that is not retryable, writes nothing and keeps answering meanwhile and after. And a
 * big delivery is written whole while the API reads and writes beside it (its writers wait at the publish hold).
 */

/** Enough for a small delivery (the worker's modules and a few items), far too little for 200,000 items. */
const HEAP_MB = 48;
const HEALTH_EVERY_MS = 25;
const HEADER = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
/** 40 ranges of 5,000 seals: the most one delivery may bring. */
const heavy = csv(
  HEADER,
  ...Array.from({ length: 40 }, (_, i) => `;;;;;;;LO-H;H${String(i).padStart(2, '0')}00001;H${String(i).padStart(2, '0')}05000;terminal_cover`),
);

describe.each(backends)('a stock import that kills its worker costs that import only (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200, stockImportLimits: { maxBytes: IMPORT_MAX_BYTES, heapMb: HEAP_MB } });
    supervisor1 = await server.login('supervisor1');
  });
  afterAll(() => server.close());

  const deliver = (body: string, query = '') =>
    supervisor1.request('POST', `/api/v1/stock/import${query}`, { body, headers: { 'content-type': 'text/csv' } });

  it('answers IMPORT_ABORTED (422, not retryable) for a file the worker cannot hold, writes nothing and keeps serving', async () => {
    let healthAnswers = 0;
    let serving = true;
    const health = (async () => {
      while (serving) {
        const res = await supervisor1.get('/api/v1/health');
        expect(res.status).toBe(200);
        healthAnswers += 1;
        await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
      }
    })();
    const res = await deliver(heavy);
    serving = false;
    await health;
    const problem = expectProblem(res, 422, 'IMPORT_ABORTED');
    expect(problem.retryable).toBe(false);
    expect(ERROR_CATALOGUE.IMPORT_ABORTED.retryable).toBe(false);
    expect(healthAnswers).toBeGreaterThan(0);

    const summary = await supervisor1.get('/api/v1/stock/summary');
    expect(summary.status, summary.text).toBe(200);
    expect(summary.text).not.toContain('H0000001');
    const items = await supervisor1.get('/api/v1/stock/items?limit=500&holder=warehouse');
    expect(items.status, items.text).toBe(200);
    expect(items.text).not.toContain('H0000001');

    // The same server imports a delivery its worker can hold, and the same bytes are refused again the same way.
    const small = await deliver(csv(HEADER, ';;;;;;;LO-S;S000001;S000010;terminal_cover'));
    expect(small.status, small.text).toBe(200);
    expect(StockImportResponse.parse(small.json())).toEqual({ dryRun: false, rows: 1, meters: 0, seals: 10 });
    expectProblem(await deliver(heavy, '?dryRun=1'), 422, 'IMPORT_ABORTED');
  });
});

describe.each(backends)('a big stock import beside everybody else (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200 });
    supervisor1 = await server.login('supervisor1');
  });
  afterAll(() => server.close());

  const deliver = (body: string, query = '') =>
    supervisor1.request('POST', `/api/v1/stock/import${query}`, { body, headers: { 'content-type': 'text/csv' } });

  it('imports a big delivery whole while the API answers reads and writes (a sign-in) meanwhile', async () => {
    const serials = Array.from({ length: 30_000 }, (_, i) => `BIG${String(i).padStart(7, '0')}`);
    const body = csv(HEADER, ...serials.map((s) => `${s};DDS26D-RF;1;2026;15/10/2026;KD-${s};;LO-B;;;`));
    let done = false;
    const answered = { reads: 0, signIns: 0 };
    const traffic = (async () => {
      while (!done) {
        const summary = await supervisor1.get('/api/v1/stock/summary');
        expect(summary.status, summary.text).toBe(200);
        answered.reads += 1;
        await server.login('tech1'); // a session row: a write through the API's own connection
        answered.signIns += 1;
      }
    })();
    const res = await deliver(body);
    done = true;
    await traffic;
    expect(res.status, res.text).toBe(200);
    expect(StockImportResponse.parse(res.json())).toEqual({ dryRun: false, rows: 30_000, meters: 30_000, seals: 0 });
    expect(answered.reads).toBeGreaterThan(0);
    expect(answered.signIns).toBeGreaterThan(0);
    const again = await deliver(csv(HEADER, `${serials[0]};DDS26D-RF;1;2026;15/10/2026;;;;;;`), '?dryRun=1');
    expect(expectProblem(again, 422, 'IMPORT_INVALID').errors?.map((e) => e.code)).toEqual(['already_in_stock']);
  });
});
