import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';
import { expectProblem } from './problems';

const INDEX = '<!doctype html><title>Công tơ</title><script type="module" src="/assets/index-abc123.js"></script>';
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const PLAIN = 'export const vendor = 1;';
const SOURCE_MAP = '{"version":3,"sources":["../../src/app/App.tsx"],"sourcesContent":["// the whole source"],"mappings":""}';
const MAP_URLS = [
  '/assets/index-abc123.js.map',
  '/assets/index-abc123.js.map.gz',
  '/sw.js.map',
  '/assets/index-abc123.js.%6Dap',
  '/assets/index-abc123.js%2Emap',
];

/** A tiny stand-in for `vite build` output. */
async function fakeDist(): Promise<string> {
  // A dot-folder on the way (like the e2e suite's .tmp/e2e-dist) must not stop index.html from being served.
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'meterswap-dist-')), '.build');
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), INDEX);
  await writeFile(path.join(dir, 'sw.js'), 'self.addEventListener("install", () => {});');
  await writeFile(path.join(dir, 'workbox-1a2b3c.js'), '/* workbox */');
  await writeFile(path.join(dir, 'manifest.webmanifest'), '{"name":"Treo tháo"}');
  await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("app")');
  // The build's precompressed copies (vite.config.ts), each marked so the test sees which one was sent.
  await writeFile(path.join(dir, 'assets', 'vendor-def456.js'), PLAIN);
  await writeFile(path.join(dir, 'assets', 'vendor-def456.js.br'), brotliCompressSync(`${PLAIN}//br`));
  await writeFile(path.join(dir, 'assets', 'vendor-def456.js.gz'), gzipSync(`${PLAIN}//gz`));
  await writeFile(path.join(dir, 'assets', 'style-0a1b2c.css'), 'body{margin:0}');
  await writeFile(path.join(dir, 'assets', 'style-0a1b2c.css.gz'), gzipSync('body{margin:0}/*gz*/'));
  // What `vite build` with `sourcemap: true` leaves beside the scripts (and a compressed copy, should one appear).
  await writeFile(path.join(dir, 'assets', 'index-abc123.js.map'), SOURCE_MAP);
  await writeFile(path.join(dir, 'assets', 'index-abc123.js.map.gz'), gzipSync(SOURCE_MAP));
  await writeFile(path.join(dir, 'sw.js.map'), SOURCE_MAP);
  return dir;
}

describe('serving the built PWA', () => {
  let server: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = await fakeDist();
    server = await startTestServer('sqlite', { seed: false, staticDir: dist });
  });
  afterAll(async () => {
    await server.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves hashed assets as immutable for a year', async () => {
    const res = await server.client().get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });

  it.each(['/sw.js', '/workbox-1a2b3c.js', '/manifest.webmanifest', '/index.html'])('serves %s with no-cache so updates are seen', async (file) => {
    const res = await server.client().get(file);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers the root and client-side routes with index.html (no-cache)', async () => {
    for (const url of ['/', '/work-orders/123', '/login?next=%2F']) {
      const res = await server.client().get(url, { headers: HTML });
      expect(res.status, url).toBe(200);
      expect(res.text).toBe(INDEX);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('answers the root with index.html whatever the client accepts', async () => {
    const res = await server.client().get('/', { headers: { accept: '*/*' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(INDEX);
  });

  it('does not answer a missing script or asset with index.html', async () => {
    expect((await server.client().get('/assets/gone-999.js', { headers: { accept: '*/*' } })).status).toBe(404);
    expect((await server.client().get('/assets/gone-999.js', { headers: HTML })).status).toBe(404);
    expect((await server.client().get('/missing.png', { headers: { accept: 'image/*' } })).status).toBe(404);
  });

  it('never falls back to index.html under /api', async () => {
    expectProblem(await server.client().get('/api/v1/unknown', { headers: HTML }), 404, 'NOT_FOUND');
    expectProblem(await server.client().get('/api', { headers: HTML }), 404, 'NOT_FOUND');
  });

  it('compresses what it serves when the client accepts it', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/health`, { headers: { 'accept-encoding': 'gzip' } });
    await res.text();
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
  });

  describe('precompressed assets from the build', () => {
    const get = (file: string, acceptEncoding: string, method = 'GET') =>
      fetch(`${server.baseUrl}/assets/${file}`, { method, headers: { 'accept-encoding': acceptEncoding } });

    it('sends the brotli copy to a browser that takes br (Chromium sends gzip first, br is still smaller)', async () => {
      const res = await get('vendor-def456.js', 'gzip, deflate, br, zstd');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(await res.text()).toBe(`${PLAIN}//br`);
    });

    it('sends the gzip copy when br is not taken, or refused with q=0', async () => {
      for (const header of ['gzip', 'br;q=0, gzip;q=0.8']) {
        const res = await get('vendor-def456.js', header);
        expect(res.headers.get('content-encoding'), header).toBe('gzip');
        expect(await res.text(), header).toBe(`${PLAIN}//gz`);
      }
    });

    it('falls back to the copy there is, then to the plain file', async () => {
      const css = await get('style-0a1b2c.css', 'br, gzip');
      expect(css.headers.get('content-encoding')).toBe('gzip');
      expect(css.headers.get('content-type')).toMatch(/text\/css/);
      expect(await css.text()).toBe('body{margin:0}/*gz*/');
      const plain = await get('vendor-def456.js', 'identity');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(PLAIN);
      const none = await get('index-abc123.js', 'br');
      expect(none.headers.get('content-encoding')).toBeNull();
      expect(await none.text()).toBe('console.log("app")');
    });

    it('answers HEAD like GET, and a missing asset with 404', async () => {
      const head = await get('vendor-def456.js', 'br', 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers.get('content-encoding')).toBe('br');
      expect((await get('missing-000000.js', 'br, gzip')).status).toBe(404);
    });
  });

  it('hides source maps unless the operator turns them on (404, never index.html)', async () => {
    for (const url of MAP_URLS) {
      for (const headers of [{ accept: '*/*' }, HTML]) {
        const res = await server.client().get(url, { headers });
        expect(res.status, url).toBe(404);
        expect(res.text, url).not.toContain('sourcesContent');
      }
      expect((await fetch(`${server.baseUrl}${url}`, { method: 'HEAD' })).status, url).toBe(404);
    }
  });
});

describe('serving the built PWA with SERVE_SOURCE_MAPS=1', () => {
  let server: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = await fakeDist();
    server = await startTestServer('sqlite', { seed: false, staticDir: dist, config: { serveSourceMaps: true } });
  });
  afterAll(async () => {
    await server.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves the source maps', async () => {
    for (const url of ['/assets/index-abc123.js.map', '/sw.js.map']) {
      const res = await server.client().get(url);
      expect(res.status, url).toBe(200);
      expect(res.text, url).toBe(SOURCE_MAP);
    }
  });
});
