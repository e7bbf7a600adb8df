import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StockImportResponse } from '../../src/domain/stock/stock';
import { busyImportWorkerPids } from '../../server/services/import/importWorkerPool';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

/*
 * An import runs in a child process of its own (server/services/import/importWorkerPool.ts). Whatever ends that
 * process mid-import (here SIGKILL, as the kernel's OOM killer or an operator would) costs that import only: a 422
 * IMPORT_ABORTED that is not retryable, nothing written, the API still answering, and the next import runs in a fresh
 * worker.
 */

const HEADER = 'SO_CTO;LOAI_CTO;SO_PHA;NAM_SX;NGAY_KD;SO_TEM_KD;DO_XA;SO_LO;NIEM_TU;NIEM_DEN;LOAI_NIEM';
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** The pid of a worker running a job, once there is one (the job is posted as the request's body is spooled). */
async function busyWorker(): Promise<number> {
  for (let i = 0; i < 2000; i += 1) {
    const [pid] = busyImportWorkerPids();
    if (pid !== undefined) return pid;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('no import worker became busy');
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.each(backends)('an import whose worker process is killed mid-import (%s)', (backend) => {
  let server: TestServer;
  let supervisor1: HttpClient;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200 });
    supervisor1 = await server.login('supervisor1');
  });
  afterAll(() => server.close());

  const deliver = (body: string) => supervisor1.request('POST', '/api/v1/stock/import', { body, headers: { 'content-type': 'text/csv' } });

  it('answers IMPORT_ABORTED (422, not retryable), writes nothing, and the next import works', async () => {
    const serials = Array.from({ length: 20_000 }, (_, i) => `KIL${String(i).padStart(7, '0')}`);
    const pending = deliver(csv(HEADER, ...serials.map((s) => `${s};DDS26D-RF;1;2026;15/10/2026;KD-${s};;LO-K;;;`)));
    const pid = await busyWorker();
    process.kill(pid, 'SIGKILL');
    const res = await pending;
    expect(expectProblem(res, 422, 'IMPORT_ABORTED').retryable).toBe(false);
    expect(alive(pid)).toBe(false);

    const health = await supervisor1.get('/api/v1/health');
    expect(health.status).toBe(200);
    const summary = await supervisor1.get('/api/v1/stock/summary');
    expect(summary.status, summary.text).toBe(200);
    expect(summary.text).not.toContain('KIL0000000');

    const next = await deliver(csv(HEADER, `${serials[0]};DDS26D-RF;1;2026;15/10/2026;;;LO-K;;;`));
    expect(next.status, next.text).toBe(200);
    expect(StockImportResponse.parse(next.json())).toEqual({ dryRun: false, rows: 1, meters: 1, seals: 0 });
  });
});
