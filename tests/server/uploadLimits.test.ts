import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlobStore, STALE_TEMPORARY_BLOB_MS } from '../../server/blobs/openBlobStore';
import { backends, startTestServer, testConfig, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { jpeg, photoPath, upload } from './syncFixtures';

async function temporaryFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.tmp')).map((e) => e.name);
}

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 20))) {
    if (await check()) return;
  }
  throw new Error('condition not met in time');
};

/** An upload that sends its headers and the first KB of a real JPEG, then nothing more. */
function stalledUpload(server: TestServer, client: HttpClient): { req: ClientRequest; closed: Promise<void> } {
  const photo = jpeg(64 * 1024);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const req = request(`${server.baseUrl}${photoPath(photo.id)}`, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'image/jpeg', 'content-length': String(photo.bytes.length) },
  });
  const closed = new Promise<void>((resolve) => req.on('close', () => resolve()));
  req.on('error', () => undefined);
  req.on('response', (res) => res.resume());
  req.write(photo.bytes.subarray(0, 1024));
  return { req, closed };
}

describe.each(backends)('stalled uploads (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200, uploadLimits: { perUser: 4, idleMs: 1500 } });
    tech1 = await server.login('tech1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes 4 uploads at once per user; a 5th is 429 RATE_LIMITED with Retry-After, another user goes on', async () => {
    const stalled = Array.from({ length: 4 }, () => stalledUpload(server, tech1));
    await until(async () => (await temporaryFiles(server.blobDir)).length === 4);
    const fifth = await upload(tech1, jpeg());
    expectProblem(fifth, 429, 'RATE_LIMITED');
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await upload(await server.login('tech2'), jpeg())).status).toBe(201);
    for (const s of stalled) s.req.destroy();
    await Promise.all(stalled.map((s) => s.closed));
    await until(async () => (await temporaryFiles(server.blobDir)).length === 0);
    expect((await upload(tech1, jpeg())).status).toBe(201);
  });

  it('ends a body silent for the idle time: the connection closes, the temporary file goes, the slot is free again', async () => {
    const stalled = Array.from({ length: 4 }, () => stalledUpload(server, tech1));
    await until(async () => (await temporaryFiles(server.blobDir)).length === 4);
    // The server, not the client, ends them.
    await Promise.all(stalled.map((s) => s.closed));
    await until(async () => (await temporaryFiles(server.blobDir)).length === 0);
    expect((await upload(tech1, jpeg())).status).toBe(201);
  });
});

describe('temporary blobs a crash left', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'meterswap-sweep-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are removed at start once stale; a fresh one (a live upload of another process) and the blobs stay', async () => {
    const dir = path.join(dataDir, 'photos', 'ab', 'cd');
    await mkdir(dir, { recursive: true });
    const id = `abcd${'0'.repeat(60)}`;
    const stale = path.join(dir, `.${id}.0123456789abcdef.tmp`);
    const fresh = path.join(dir, `.${id}.fedcba9876543210.tmp`);
    const blob = path.join(dir, id);
    for (const file of [stale, fresh, blob]) await writeFile(file, 'x');
    // Every time on the sweep's clock (the process's): a file's own mtime comes from the kernel's clock, which the
    // suite's clock-ahead run does not move.
    const now = new Date();
    const old = new Date(now.getTime() - STALE_TEMPORARY_BLOB_MS - 60_000);
    await utimes(fresh, now, now);
    await utimes(stale, old, old);
    await utimes(blob, old, old);

    const opened = await openBlobStore(testConfig({ dataDir, blobStore: 'folder' }));
    expect(opened.swept).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([path.basename(fresh), id].sort());
    await opened.close();
  });
});
