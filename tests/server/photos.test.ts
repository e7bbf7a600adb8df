import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import type { BlobStore } from '../../server/blobs/blobStore';
import { openDatabaseBlobStore } from '../../server/blobs/databaseBlobStore';
import { seedDemo } from '../../server/demo/seed';
import { createLogger } from '../../server/logger';
import type { Store } from '../../server/store/store';
import { PHOTO_MAX_BYTES, PhotoUploadResponse } from '../../src/domain/capture/photos';
import {
  backends,
  createTestDatabase,
  DEMO_PASSWORD,
  FakeClock,
  startTestServer,
  TEST_NOW,
  TEST_TODAY,
  testConfig,
  type TestDatabase,
  type TestServer,
} from './harness';
import { HttpClient } from './httpClient';
import { jpegComments } from '../../scripts/testImages';
import { expectProblem } from './problems';
import { detailOf, Device, FreshWorkOrders, jpeg, photoPath, png, swapFor, upload, visitFor, webp, type Photo } from './syncFixtures';

/** Every file under a folder, relative, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

interface StreamedUpload {
  status: number | null;
  connection: string | null;
  /** Bytes the client handed to the socket before the connection ended. */
  sent: number;
}

/**
 * Streams up to `total` bytes (chunked, no Content-Length, so only counting can stop it) and keeps writing after
 * the answer arrives: only the server closing the connection stops it before `total`.
 */
function streamUpload(server: TestServer, client: HttpClient, photoId: string, total: number): Promise<StreamedUpload> {
  // A JPEG that goes on and on: SOI, then comment segments of 256 KB per write (valid, so only the size stops it).
  const chunk = jpegComments(256 * 1024, (n) => Buffer.alloc(n, 0x5a));
  return new Promise((resolve) => {
    let sent = 0;
    let status: number | null = null;
    let connection: string | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, connection, sent });
    };
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const req = request(
      `${server.baseUrl}${photoPath(photoId)}`,
      {
        method: 'PUT',
        headers: { cookie, 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' },
      },
      (res) => {
        status = res.statusCode ?? null;
        connection = res.headers.connection ?? null;
        res.resume();
      },
    );
    req.on('error', finish);
    req.on('close', finish);
    req.write(Buffer.from([0xff, 0xd8]));
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}

describe.each(backends)('photo upload and download (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let fresh: FreshWorkOrders;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    fresh = new FreshWorkOrders(server, await server.login('supervisor1'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores a new photo (201), takes the same bytes again (200), and answers HEAD for it', async () => {
    const photo = jpeg(10_000);
    expect((await tech1.head(photoPath(photo.id))).status).toBe(404);
    const created = await upload(tech1, photo);
    expect(created.status, created.text).toBe(201);
    expect(PhotoUploadResponse.parse(created.json())).toEqual({ id: photo.id, mime: 'image/jpeg', bytes: photo.bytes.length });
    const again = await upload(tech1, photo);
    expect(again.status).toBe(200);
    const head = await tech1.head(photoPath(photo.id));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(photo.bytes.length));
    expect(head.text).toBe('');
    expect(await server.store.photos.findById(photo.id)).toMatchObject({
      bytes: photo.bytes.length,
      mime: 'image/jpeg',
      uploadedBy: await server.userId('tech1'),
    });
    expect((await filesUnder(server.blobDir)).filter((f) => f.endsWith(photo.id))).toEqual([
      path.join(photo.id.slice(0, 2), photo.id.slice(2, 4), photo.id),
    ]);
  });

  it('serves a photo with its stored type, immutable private caching and nosniff', async () => {
    const photo = webp(4000);
    await upload(tech1, photo, 'image/webp');
    const res = await tech1.get(photoPath(photo.id));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(res.bytes).equals(Buffer.from(photo.bytes))).toBe(true);
  });

  it('refuses bytes that do not hash to the id with 422 PHOTO_DIGEST_MISMATCH, storing nothing', async () => {
    const photo = jpeg();
    const other = jpeg();
    expectProblem(await tech1.put(photoPath(photo.id), other.bytes, 'image/jpeg'), 422, 'PHOTO_DIGEST_MISMATCH');
    expect(await server.store.photos.findById(photo.id)).toBeUndefined();
    expect((await filesUnder(server.blobDir)).filter((f) => f.includes(photo.id) || f.includes(other.id))).toEqual([]);
  });

  it('types a photo by its bytes: a PNG sent as image/jpeg is stored as image/png', async () => {
    const photo = png(3000);
    const res = await upload(tech1, photo, 'image/jpeg');
    expect(res.status, res.text).toBe(201);
    expect(PhotoUploadResponse.parse(res.json()).mime).toBe('image/png');
    expect((await tech1.get(photoPath(photo.id))).headers.get('content-type')).toBe('image/png');
  });

  it('refuses a body that is no image, or a header that names no image type, with 415', async () => {
    const text = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const textPhoto: Photo = { id: (await import('node:crypto')).createHash('sha256').update(text).digest('hex'), bytes: text };
    expectProblem(await upload(tech1, textPhoto, 'image/jpeg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await upload(tech1, jpeg(), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await upload(tech1, jpeg(), 'image/gif'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await server.store.photos.findById(textPhoto.id)).toBeUndefined();
  });

  it('refuses a photo id that is not 64 lowercase hex characters with 400', async () => {
    const photo = jpeg();
    for (const bad of [photo.id.toUpperCase(), photo.id.slice(1), '..%2F..%2Fetc%2Fpasswd', `${photo.id.slice(0, 63)}g`]) {
      const res = await tech1.put(`/api/v1/photos/${bad}`, photo.bytes, 'image/jpeg');
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors?.map((e) => e.path)).toEqual(['photoId']);
    }
  });

  it('answers a declared body over 5 MB with 413 before reading it', async () => {
    const big = jpeg(6 * 1024 * 1024);
    expectProblem(await upload(tech1, big), 413, 'PAYLOAD_TOO_LARGE');
    expect(await server.store.photos.findById(big.id)).toBeUndefined();
  });

  it('stops reading a streamed body as soon as it passes 5 MB: 413 and the connection ends early', async () => {
    const tried = 64 * 1024 * 1024;
    const before = process.memoryUsage().arrayBuffers;
    const result = await streamUpload(server, tech1, jpeg().id, tried);
    expect(result.status).toBe(413);
    expect(result.connection).toBe('close');
    // Socket buffers may hold a few megabytes more, but nowhere near what the client tried to send.
    expect(result.sent).toBeLessThan(PHOTO_MAX_BYTES + 16 * 1024 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    expect((await filesUnder(server.blobDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The server is fine afterwards.
    expect((await upload(tech1, jpeg())).status).toBe(201);
  });

  it('forgets an upload the device abandons half-way, and keeps serving', async () => {
    const photo = jpeg(2 * 1024 * 1024);
    const cookie = [...tech1.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const req = request(`${server.baseUrl}${photoPath(photo.id)}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'image/jpeg', 'content-length': String(photo.bytes.length) },
    });
    req.on('error', () => undefined);
    req.write(photo.bytes.subarray(0, 1024 * 1024));
    const temporary = async () => (await filesUnder(server.blobDir)).some((f) => f.endsWith('.tmp'));
    // The server has begun writing the photo (on a loaded machine that can take a moment), then the device goes.
    for (let i = 0; i < 250 && !(await temporary()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    req.destroy();
    for (let i = 0; i < 250 && (await temporary()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await filesUnder(server.blobDir)).filter((f) => f.endsWith('.tmp') || f.endsWith(photo.id))).toEqual([]);
    expect(await server.store.photos.findById(photo.id)).toBeUndefined();
    expect(server.logs.filter((l) => l.includes('database unavailable') || l.includes('unhandled error'))).toEqual([]);
    expect((await upload(tech1, photo)).status).toBe(201);
  });

  it('stores identical bytes once, whoever uploads them', async () => {
    const photo = jpeg();
    const tech2 = await server.login('tech2');
    expect((await upload(tech1, photo)).status).toBe(201);
    expect((await upload(tech2, photo)).status).toBe(200);
    expect((await tech2.head(photoPath(photo.id))).status).toBe(200);
    expect((await filesUnder(server.blobDir)).filter((f) => f.endsWith(photo.id))).toHaveLength(1);
  });

  it('lets only technicians upload', async () => {
    expectProblem(await upload(await server.login('supervisor1'), jpeg()), 403, 'FORBIDDEN');
  });

  it('marks a completion complete when the last of its photos arrives', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const swap = swapFor(wo);
    const [removed, installed, signature] = swap.photos;
    if (!removed || !installed || !signature) throw new Error('no photos');
    await upload(tech1, removed);
    await new Device(tech1).send('swap.complete', swap.args);
    const media = async () => (await server.store.completions.findById(swap.args.completionId))?.mediaStatus;
    expect(await media()).toBe('partial');
    await upload(tech1, installed);
    expect(await media()).toBe('partial');
    expect((await upload(tech1, signature, 'image/png')).status).toBe(201);
    expect(await media()).toBe('complete');
    expect((await detailOf(tech1, wo.id)).completions[0]?.mediaStatus).toBe('complete');
  });

  it('stores a completion whose photos all arrived first as complete', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const swap = swapFor(wo);
    for (const photo of swap.photos) await upload(tech1, photo);
    await new Device(tech1).send('swap.complete', swap.args);
    expect((await server.store.completions.findById(swap.args.completionId))?.mediaStatus).toBe('complete');
  });

  it("shows a photo to whoever may see a referencing work order, and 404 to another team's supervisor or an unrelated technician", async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const swap = swapFor(wo);
    const visitPhoto = jpeg();
    for (const photo of [...swap.photos, visitPhoto]) await upload(tech1, photo);
    const device = new Device(tech1);
    await device.send('visit.fail', visitFor(wo, [visitPhoto]));
    await device.send('swap.complete', swap.args);
    const [shown] = swap.photos;
    if (!shown) throw new Error('no photo');

    for (const username of ['supervisor1', 'admin']) {
      const viewer = await server.login(username);
      expect((await viewer.get(photoPath(shown.id))).status, username).toBe(200);
      expect((await viewer.head(photoPath(visitPhoto.id))).status, username).toBe(200);
    }
    for (const username of ['supervisor2', 'tech2', 'tech4']) {
      const outsider = await server.login(username);
      expectProblem(await outsider.get(photoPath(shown.id)), 404, 'NOT_FOUND');
      expect((await outsider.head(photoPath(shown.id))).status, username).toBe(404);
    }
    // An unreferenced photo is visible to its uploader only (and admins).
    const loose = jpeg();
    await upload(tech1, loose);
    expectProblem(await (await server.login('supervisor1')).get(photoPath(loose.id)), 404, 'NOT_FOUND');
    expect((await tech1.get(photoPath(loose.id))).status).toBe(200);
  });

  it('leaves no temporary files behind', async () => {
    expect((await filesUnder(server.blobDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

/**
 * BLOB_STORE=database (issue 7): two servers that share only the PostgreSQL database (each its own data folder, its
 * own connections, its own blob store instance), as two processes behind a proxy would.
 */
describe.runIf(backends.includes('postgres'))('photos through the database blob store: two servers sharing only PostgreSQL', () => {
  interface Peer {
    dataDir: string;
    blobs: BlobStore;
    login(username: string): Promise<HttpClient>;
    close(): Promise<void>;
  }
  let database: TestDatabase;
  let a: Peer;
  let b: Peer;
  let techA: HttpClient;
  let techB: HttpClient;

  async function startPeer(store: Store): Promise<Peer> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'meterswap-peer-'));
    const blobs = await openDatabaseBlobStore(database.location);
    const config = testConfig({ dataDir, databaseUrl: database.location.databaseUrl ?? null, blobStore: 'database' });
    const clock = new FakeClock();
    const server = createServer(createApp({ config, store, logger: createLogger('silent'), clock, blobs }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      dataDir,
      blobs,
      login: async (username) => {
        const client = new HttpClient(baseUrl, () => clock.now().getTime());
        expect((await client.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD })).status).toBe(200);
        return client;
      },
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await blobs.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await seedDemo(database.store, { seed: 42, size: 200, now: TEST_NOW, today: TEST_TODAY });
    a = await startPeer(database.store);
    b = await startPeer(await database.reopen());
    techA = await a.login('tech1');
    techB = await b.login('tech1');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.destroy();
  });

  it('serves through B a photo stored through A, and neither server keeps a file', async () => {
    const photo = jpeg(50_000);
    expect((await techB.head(photoPath(photo.id))).status).toBe(404);
    expect((await upload(techA, photo)).status).toBe(201);
    const head = await techB.head(photoPath(photo.id));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(photo.bytes.length));
    const got = await techB.get(photoPath(photo.id));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(got.bytes).equals(Buffer.from(photo.bytes))).toBe(true);
    expect([...(await filesUnder(a.dataDir)), ...(await filesUnder(b.dataDir))]).toEqual([]);
  });

  it('streams a photo of nearly 5 MB (many chunks) stored through B back byte-identical through A', async () => {
    const photo = jpeg(PHOTO_MAX_BYTES - 10);
    expect((await upload(techB, photo)).status).toBe(201);
    const got = await techA.get(photoPath(photo.id));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(photo.bytes.length));
    expect(Buffer.from(got.bytes).equals(Buffer.from(photo.bytes))).toBe(true);
  });

  it('takes the same photo through A and B at once: one 201, one 200, one blob both serve', async () => {
    const photo = jpeg(1024 * 1024);
    const statuses = (await Promise.all([upload(techA, photo), upload(techB, photo)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 201]);
    for (const client of [techA, techB]) {
      expect(Buffer.from((await client.get(photoPath(photo.id))).bytes).equals(Buffer.from(photo.bytes))).toBe(true);
    }
  });

  it('refuses bytes that do not hash to the id with 422 PHOTO_DIGEST_MISMATCH, and neither server has them', async () => {
    const photo = jpeg();
    const other = jpeg();
    expectProblem(await techA.put(photoPath(photo.id), other.bytes, 'image/jpeg'), 422, 'PHOTO_DIGEST_MISMATCH');
    expect((await techB.head(photoPath(photo.id))).status).toBe(404);
    for (const blobs of [a.blobs, b.blobs]) {
      expect(await blobs.exists(photo.id)).toBe(false);
      expect(await blobs.exists(other.id)).toBe(false);
    }
  });

  it('forgets an upload abandoned half-way through A; B then takes the photo', async () => {
    const photo = jpeg(2 * 1024 * 1024);
    const cookie = [...techA.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const req = request(`${techA.baseUrl}${photoPath(photo.id)}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'image/jpeg', 'content-length': String(photo.bytes.length) },
    });
    req.on('error', () => undefined);
    req.write(photo.bytes.subarray(0, 1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await a.blobs.exists(photo.id)).toBe(false);
    expect((await techB.head(photoPath(photo.id))).status).toBe(404);
    expect((await upload(techB, photo)).status).toBe(201);
    expect((await techA.head(photoPath(photo.id))).status).toBe(200);
  });
});
