/**
 * A day's backlog over a slow link (issue 4): a technician's device holds N swaps with P photos each, written
 * offline; the network comes back as an emulated 1 Mbit/s link (Chrome DevTools network emulation, both ways,
 * with latency); measured: time from the `online` event to the last photo acknowledged ("Đã gửi hết" in the
 * end-of-day view), beside the time the bytes alone need on that link.
 *
 *   npm run build && node --import tsx bench/backlog.ts [--swaps 100] [--photos 5] [--photo-kb 118] [--kbit 1000] [--latency-ms 150]
 *
 * The photo size defaults to the median stored size of a 12 MP photo after the device's compression
 * (bench/photo-compress.mjs). Writes bench/results/backlog.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../tests/e2e/browser';
import { writeSwapsOffline } from '../tests/e2e/offlineWrites';
import { startServer } from './lib/technicianDevice';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const SWAPS = Number(args.get('swaps') ?? 100);
const PHOTOS = Number(args.get('photos') ?? 5);
const PHOTO_KB = Number(args.get('photo-kb') ?? 118);
const KBIT = Number(args.get('kbit') ?? 1000);
const LATENCY_MS = Number(args.get('latency-ms') ?? 150);
const BYTES_PER_SECOND = (KBIT * 1000) / 8;

async function api(
  base: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; cookie: string }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: base },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, json: res.status === 204 ? null : await res.json(), cookie: setCookie ? (setCookie.split(';')[0] ?? '') : cookie };
}

async function main(): Promise<void> {
  // The built app on SQLite with the demo data, in a temporary DATA_DIR.
  const server = await startServer('dist');
  const { base } = server;
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    // Give tech1 enough work for the backlog: the demo gives 30; the supervisor assigns more for today.
    const login = await api(base, '', 'POST', '/api/v1/auth/login', { username: 'supervisor1', password: 'demo1234' });
    const technicians = (await api(base, login.cookie, 'GET', '/api/v1/technicians')).json as { items: { id: string; username: string }[] };
    const tech1 = technicians.items.find((t) => t.username === 'tech1');
    if (!tech1) throw new Error('no tech1');
    const list = (await api(base, login.cookie, 'GET', '/api/v1/work-orders?status=unassigned&limit=500')).json as { items?: { id: string }[] };
    const extra = (list.items ?? []).slice(0, Math.max(0, SWAPS - 30)).map((w) => w.id);
    if (extra.length > 0) {
      const assigned = await api(base, login.cookie, 'POST', '/api/v1/assignments', { workOrderIds: extra, technicianId: tech1.id });
      if (assigned.status !== 200) throw new Error(`assign failed: ${JSON.stringify(assigned.json)}`);
    }

    const context = await browser.newContext({ baseURL: base, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // tsx keeps function names with a `__name` helper that does not exist in the page the evaluated code runs in.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await page.goto('/');
    await page.getByLabel('Tên đăng nhập').fill('tech1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('demo1234');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="work-order-row"]').length >= n, Math.min(SWAPS, 30), {
      timeout: 60_000,
    });
    await page.waitForFunction(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '');
      return names.some((n) => n.startsWith('meterswap-user-'));
    });
    await page.waitForTimeout(2000);

    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const backlog = await writeSwapsOffline(page, { count: SWAPS, photos: PHOTOS, photoBytes: PHOTO_KB * 1024 });
    const written = { swaps: backlog.written.length, recordBytes: backlog.recordBytes, photoBytes: backlog.photoBytes };
    if (written.swaps < SWAPS) throw new Error(`only ${written.swaps} assigned work orders on the device`);
    await page.goto('/outbox').catch(() => undefined);
    await page.waitForSelector('[data-testid="outbox-summary"]');
    console.log(
      `backlog: ${written.swaps} swaps, ${PHOTOS} photos each, ${(written.photoBytes / 1e6).toFixed(1)} MB of photos, ${(written.recordBytes / 1e3).toFixed(0)} KB of records`,
    );

    // Count what crosses the wire (request bodies) while it drains.
    let requestBytes = 0;
    let requests = 0;
    cdp.on('Network.requestWillBeSent', (event: { request: { postData?: string; headers: Record<string, string> } }) => {
      requests += 1;
      requestBytes += Number(event.request.headers['Content-Length'] ?? event.request.postData?.length ?? 0);
    });
    const started = Date.now();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: BYTES_PER_SECOND,
      uploadThroughput: BYTES_PER_SECOND,
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="outbox-summary"]')?.textContent.includes('Đã gửi hết') === true,
      undefined,
      { timeout: 3_600_000, polling: 500 },
    );
    const seconds = (Date.now() - started) / 1000;
    const idealSeconds = (written.photoBytes + written.recordBytes) / BYTES_PER_SECOND;
    const result = {
      measuredAt: new Date().toISOString(),
      swaps: written.swaps,
      photosPerSwap: PHOTOS,
      photoKB: PHOTO_KB,
      link: { kbitPerSecond: KBIT, latencyMs: LATENCY_MS },
      payloadMB: Number(((written.photoBytes + written.recordBytes) / 1e6).toFixed(2)),
      secondsOnlineToLastPhotoAck: Number(seconds.toFixed(1)),
      secondsForTheBytesAlone: Number(idealSeconds.toFixed(1)),
      linkUtilisation: Number((idealSeconds / seconds).toFixed(3)),
      requests,
      requestBodyMB: Number((requestBytes / 1e6).toFixed(2)),
    };
    console.log(JSON.stringify(result, null, 2));
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/backlog.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
