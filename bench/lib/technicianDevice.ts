/**
 * What the device benches (bench/device.ts, bench/lighthouse.ts) share: a server of their own on the built app,
 * a technician with N work orders for today, a Chromium like a cheap phone (Debian's, quiet flags), signing in
 * through the real screen, and Lighthouse's own "slow 4G" and 4× CPU figures.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { throttling } from 'lighthouse/core/config/constants.js';
import { isoDayInVietnam } from '../../src/domain/time/time';
import { isOnTodayList } from '../../src/domain/workOrder/workOrderList';
import type { WorkOrder } from '../../src/domain/workOrder/workOrder';
import { freePort, ServerProcess } from '../../scripts/serverProcess';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../tests/e2e/browser';

export { CHROMIUM_ARGS, chromiumExecutable };

export const DEMO_PASSWORD = 'demo1234';

/**
 * Lighthouse's mobile "slow 4G" (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) and 4× CPU, as Lighthouse itself
 * applies them through DevTools (`throttlingMethod: 'devtools'`): DevTools adds latency per request, not per
 * round trip, so Lighthouse uses 3.75 × RTT and 90 % of the throughput to model TCP and TLS overhead.
 */
export const SLOW_4G = {
  offline: false,
  latency: throttling.mobileSlow4G.requestLatencyMs,
  downloadThroughput: (throttling.mobileSlow4G.downloadThroughputKbps * 1024) / 8,
  uploadThroughput: (throttling.mobileSlow4G.uploadThroughputKbps * 1024) / 8,
};
export const CPU_SLOWDOWN = throttling.mobileSlow4G.cpuSlowdownMultiplier;

/** A mid-range Android phone's screen, the size Lighthouse's mobile preset uses (Moto G Power). */
export const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' };

/** The built app to serve: dist/, or another build's folder given with `--dist` (e.g. a copy that a rebuild will not touch). */
export function requireBuild(dist: string): void {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'sw.js'))) {
    console.error(`${dist}/ is missing: run \`npm run build\` first (the device benches measure the built app, they do not build it).`);
    process.exit(1);
  }
}

export { freePort } from '../../scripts/serverProcess';

export interface BenchServer {
  base: string;
  stop: () => Promise<void>;
}

/** The server on the built app with the demo data, on SQLite in a fresh temporary DATA_DIR, loopback, a free port. */
export async function startServer(dist: string): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-device-'));
  const env = { DATABASE_URL: undefined, DATA_DIR: dataDir, STATIC_DIR: dist, DEMO: '1', LOG_LEVEL: 'warn' };
  const server = new ServerProcess(await freePort(), env, 'inherit');
  // However the bench ends (an error, or Node leaving while a browser call never settles), the server goes too.
  const killOnExit = () => server.killNow();
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await server.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { base: server.baseUrl, stop };
}

class ApiSession {
  private cookie = '';
  constructor(private readonly base: string) {}
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: this.cookie, Origin: this.base },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text === '' ? null : JSON.parse(text)) as T;
  }
}

async function allPages(session: ApiSession, query: string): Promise<WorkOrder[]> {
  const items: WorkOrder[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: WorkOrder[]; nextCursor: string | null } = await session.call(
      'GET',
      `/api/v1/work-orders?${query}&limit=500${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

/**
 * Makes `username`'s list for today exactly `count` work orders: what the demo already gives them stays, and
 * their supervisor assigns unassigned orders of the province, planned for today (Vietnam), for the rest.
 */
export async function giveTechnicianWorkForToday(
  base: string,
  { supervisor, username, count }: { supervisor: string; username: string; count: number },
): Promise<{ today: string; before: number; assigned: number }> {
  const session = new ApiSession(base);
  await session.call('POST', '/api/v1/auth/login', { username: supervisor, password: DEMO_PASSWORD });
  const { items: technicians } = await session.call<{ items: { id: string; username: string }[] }>('GET', '/api/v1/technicians');
  const tech = technicians.find((t) => t.username === username);
  if (tech === undefined) throw new Error(`${supervisor} has no technician ${username}`);
  const today = isoDayInVietnam(new Date());
  const before = (await allPages(session, `assigneeId=${tech.id}`)).filter((wo) => isOnTodayList(wo, today)).length;
  const missing = count - before;
  if (missing < 0) throw new Error(`${username} already has ${before} work orders today, more than ${count}`);
  const pool = (await allPages(session, 'assigneeId=none&status=unassigned')).map((wo) => wo.id);
  if (pool.length < missing) throw new Error(`only ${pool.length} unassigned work orders for ${supervisor}`);
  for (let i = 0; i < missing; i += 500) {
    await session.call('POST', '/api/v1/assignments', {
      workOrderIds: pool.slice(i, Math.min(missing, i + 500)),
      technicianId: tech.id,
      plannedDate: today,
    });
  }
  return { today, before, assigned: missing };
}

/** Signs in through the real sign-in screen (the page is already on the app). */
export async function signInThroughScreen(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Waits until the list's count line says the whole of today's list is on the device ("n/n công việc"). */
export async function waitForFullList(page: Page, count: number, timeout = 180_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('.wo-list__count')?.textContent.startsWith(`${n}/${n} `) === true, count, {
    timeout,
    polling: 250,
  });
}

/** Signs in from `/`, waits for the whole list and the service worker, then lets the pull settle: a device ready for the day. */
export async function signInAndSettle(page: Page, username: string, orders: number): Promise<void> {
  await page.goto('/');
  await signInThroughScreen(page, username);
  await waitForFullList(page, orders);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  // Nothing newer arrives after this.
  await page.waitForTimeout(2000);
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

export const worst = (values: readonly number[]): number => Math.max(...values);

export const round1 = (n: number): number => Math.round(n * 10) / 10;
