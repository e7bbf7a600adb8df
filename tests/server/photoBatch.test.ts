import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_BATCH_CONTENT_TYPE, PhotoBatchResponse } from '../../src/domain/capture/photos';
import { startServerProcess } from '../../scripts/serverProcess';
import { createScratchDatabase } from './clusterProcesses';
import { backends, DEMO_PASSWORD, startTestServer, type TestServer } from './harness';
import { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { Device, FreshWorkOrders, jpeg, photoBatchBody, photoPath, png, swapFor, upload, uploadBatch, type Photo } from './syncFixtures';

async function temporaryFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.endsWith('.tmp')).map((e) => path.join(e.parentPath, e.name));
}

const waitFor = async (done: () => Promise<boolean>) => {
  for (let i = 0; i < 250 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** Whether the server has begun writing this photo (its temporary file exists): every photo before it arrived whole. */
const writing = async (blobDir: string, photo: Photo) => (await temporaryFiles(blobDir)).some((f) => path.basename(f).startsWith(`.${photo.id}.`));

/**
 * Sends the batch's first `cutAt` bytes with the full Content-Length, waits until the server writes `cutIn` (the
 * photos before it arrived whole), then cuts the connection: a device that loses signal mid-batch.
 */
async function cutBatch(
  server: Pick<TestServer, 'baseUrl' | 'blobDir'>,
  client: HttpClient,
  body: Uint8Array,
  cutAt: number,
  cutIn: Photo,
): Promise<void> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const req = request(`${server.baseUrl}/api/v1/photos`, {
    method: 'POST',
    headers: { cookie, 'content-type': PHOTO_BATCH_CONTENT_TYPE, 'content-length': String(body.length) },
  });
  req.on('error', () => undefined);
  req.write(body.subarray(0, cutAt));
  await waitFor(() => writing(server.blobDir, cutIn));
  req.destroy();
  await waitFor(async () => (await temporaryFiles(server.blobDir)).length === 0);
}

describe.each(backends)('photo batch upload, POST /api/v1/photos (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let fresh: FreshWorkOrders;
  const stored = async (photo: Photo) => (await server.store.photos.findById(photo.id)) !== undefined;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores every photo of a batch, answers each in order, and a resent batch (its answer lost) is all `stored`', async () => {
    const photos = [jpeg(30_000), png(5000), jpeg(70_000)];
    const first = await uploadBatch(tech1, [photos[0]!, { ...photos[1]!, type: 'image/png' }, photos[2]!]);
    expect(first.status, first.text).toBe(200);
    expect(PhotoBatchResponse.parse(first.json()).results).toEqual([
      { id: photos[0]!.id, outcome: 'created', mime: 'image/jpeg', bytes: 30_000 },
      { id: photos[1]!.id, outcome: 'created', mime: 'image/png', bytes: 5000 },
      { id: photos[2]!.id, outcome: 'created', mime: 'image/jpeg', bytes: 70_000 },
    ]);
    for (const photo of photos) {
      const got = await tech1.get(photoPath(photo.id));
      expect(got.status).toBe(200);
      expect(Buffer.from(got.bytes).equals(Buffer.from(photo.bytes))).toBe(true);
    }
    const again = PhotoBatchResponse.parse(
      (
        await uploadBatch(
          tech1,
          photos.map((p, i) => (i === 1 ? { ...p, type: 'image/png' } : p)),
        )
      ).json(),
    );
    expect(again.results.map((r) => r.outcome)).toEqual(['stored', 'stored', 'stored']);
    const twice = jpeg(4000);
    const dup = PhotoBatchResponse.parse((await uploadBatch(tech1, [twice, twice])).json());
    // The same bytes twice in one batch: stored once (whichever copy's commit comes first creates it).
    expect(dup.results.map((r) => r.outcome).sort()).toEqual(['created', 'stored']);
  });

  it('refuses a bad photo for good and goes on with the rest of the batch', async () => {
    const good = jpeg(8000);
    const mismatch = { ...jpeg(6000), id: jpeg(10).id };
    const notImage = (() => {
      const p = jpeg(3000);
      return { ...p, type: 'text/plain' };
    })();
    const broken = (() => {
      const bytes = new Uint8Array(5000).fill(0x41);
      bytes.set([0xff, 0xd8, 0xff, 0x00], 0);
      return { id: 'a'.repeat(64), bytes };
    })();
    const last = jpeg(9000);
    const res = await uploadBatch(tech1, [good, mismatch, notImage, broken, last]);
    expect(res.status, res.text).toBe(200);
    const results = PhotoBatchResponse.parse(res.json()).results;
    expect(results.map((r) => [r.id, r.outcome, 'code' in r ? r.code : null])).toEqual([
      [good.id, 'created', null],
      [mismatch.id, 'refused', 'PHOTO_DIGEST_MISMATCH'],
      [notImage.id, 'refused', 'UNSUPPORTED_MEDIA_TYPE'],
      [broken.id, 'refused', 'PHOTO_UNREADABLE'],
      [last.id, 'created', null],
    ]);
    expect(await stored(mismatch)).toBe(false);
    expect(await stored(notImage)).toBe(false);
    expect(await stored(broken)).toBe(false);
    expect(await temporaryFiles(server.blobDir)).toEqual([]);
  });

  it('marks a completion complete when a batch brings its last photos', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const swap = swapFor(wo);
    await new Device(tech1).send('swap.complete', swap.args);
    expect((await server.store.completions.findById(swap.args.completionId))?.mediaStatus).toBe('partial');
    const [signature, ...rest] = [...swap.photos].reverse();
    const res = await uploadBatch(tech1, [...rest, { ...signature!, type: 'image/png' }]);
    expect(res.status, res.text).toBe(200);
    expect((await server.store.completions.findById(swap.args.completionId))?.mediaStatus).toBe('complete');
  });

  it('refuses a manifest that does not parse, and a body shorter or longer than it declares, with 400', async () => {
    const photo = jpeg(4000);
    const send = (body: Uint8Array, headers: Record<string, string> = {}) =>
      tech1.request('POST', '/api/v1/photos', { body, headers: { 'content-type': PHOTO_BATCH_CONTENT_TYPE, ...headers } });
    expectProblem(await send(new TextEncoder().encode('{"photos":[]}\n')), 400, 'VALIDATION_FAILED');
    expectProblem(await send(new TextEncoder().encode('not json\n')), 400, 'VALIDATION_FAILED');
    expectProblem(await send(new Uint8Array(10_000).fill(0x20)), 400, 'VALIDATION_FAILED');
    const body = photoBatchBody([photo]);
    // Content-Length the fetch sets, the manifest another: refused before any photo is read.
    expectProblem(await send(photoBatchBody([{ ...photo, declared: 5000 }])), 400, 'VALIDATION_FAILED');
    expect(await stored(photo)).toBe(false);
    expectProblem(await send(new Uint8Array(Buffer.concat([body, Buffer.from('extra')]))), 400, 'VALIDATION_FAILED');
    expectProblem(await send(photoBatchBody([{ ...photo, declared: 20 * 1024 * 1024 }])), 400, 'VALIDATION_FAILED');
    expectProblem(await tech1.request('POST', '/api/v1/photos', { body, headers: { 'content-type': 'image/jpeg' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await uploadBatch(await server.login('supervisor1'), [photo]), 403, 'FORBIDDEN');
    expect(await temporaryFiles(server.blobDir)).toEqual([]);
  });

  it('keeps the photos that arrived whole when the connection is cut mid-batch, and nothing of the one cut', async () => {
    const photos = [jpeg(40_000), jpeg(50_000), jpeg(2 * 1024 * 1024)];
    const body = photoBatchBody(photos);
    const manifestBytes = body.length - photos.reduce((n, p) => n + p.bytes.length, 0);
    // The first two whole, the third half-way.
    await cutBatch(server, tech1, body, manifestBytes + 90_000 + 1024 * 1024, photos[2]!);
    // The rows of the whole ones are committed as the request ends.
    await waitFor(async () => (await stored(photos[0]!)) && (await stored(photos[1]!)));
    expect(await stored(photos[0]!)).toBe(true);
    expect(await stored(photos[1]!)).toBe(true);
    expect(await stored(photos[2]!)).toBe(false);
    expect((await tech1.head(photoPath(photos[1]!.id))).status).toBe(200);
    expect((await tech1.head(photoPath(photos[2]!.id))).status).toBe(404);
    expect(await temporaryFiles(server.blobDir)).toEqual([]);
    // The device resumes with what HEAD said is missing: one photo, not three.
    expect((await upload(tech1, photos[2]!)).status).toBe(201);
    expect(server.logs.filter((l) => l.includes('unhandled error'))).toEqual([]);
  });
});

describe.each(backends)('a photo batch whose server process is SIGKILLed mid-batch (%s)', (backend) => {
  it('leaves each photo whole or absent, never half, and the batch sent again (nothing was acknowledged) completes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'meterswap-batch-kill-'));
    const scratch = backend === 'postgres' ? await createScratchDatabase(process.env.TEST_DATABASE_URL ?? '', `batch_kill_${process.pid}`) : null;
    const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: scratch?.url, DEMO: '1', LOG_LEVEL: 'warn' });
    try {
      const login = async () => {
        const client = new HttpClient(server.baseUrl, () => Date.now());
        expect((await client.post('/api/v1/auth/login', { username: 'tech1', password: DEMO_PASSWORD })).status).toBe(200);
        return client;
      };
      const tech = await login();
      const photos = [jpeg(40_000), jpeg(50_000), jpeg(1536 * 1024)];
      const body = photoBatchBody(photos);
      const manifestBytes = body.length - photos.reduce((n, p) => n + p.bytes.length, 0);
      // The first two photos whole, the third half-way; the kill comes once the server writes the third.
      const cookie = [...tech.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const req = request(`${server.baseUrl}/api/v1/photos`, {
        method: 'POST',
        headers: { cookie, 'content-type': PHOTO_BATCH_CONTENT_TYPE, 'content-length': String(body.length) },
      });
      req.on('error', () => undefined);
      req.write(body.subarray(0, manifestBytes + 90_000 + 768 * 1024));
      await waitFor(() => writing(path.join(dataDir, 'photos'), photos[2]!));
      await server.kill();
      req.destroy();
      await server.start();

      // Each photo is whole and readable, or not there at all (its rows were to be committed with the batch's).
      const after = await login();
      const states: boolean[] = [];
      for (const photo of photos) {
        const got = await after.get(photoPath(photo.id));
        expect([200, 404]).toContain(got.status);
        if (got.status === 200) expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(photo.id);
        states.push(got.status === 200);
      }
      expect(states[2]).toBe(false);
      // Nothing was acknowledged, so the device sends the batch again: the photos the server has are `stored`.
      const again = await uploadBatch(after, photos);
      expect(again.status, again.text).toBe(200);
      expect(PhotoBatchResponse.parse(again.json()).results.map((r) => r.outcome)).toEqual(states.map((there) => (there ? 'stored' : 'created')));
      for (const photo of photos) {
        const got = await after.get(photoPath(photo.id));
        expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(photo.id);
      }
    } finally {
      await server.stop();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
