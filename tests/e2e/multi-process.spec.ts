import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';
import { writeSwapOffline } from './offlineWrites';

// Design §2/§3: several stateless server processes on one PostgreSQL behind a proxy. Here two real processes
// share a fresh database and a photo folder; a round-robin proxy in the test alternates every request between
// them, so consecutive pushes (and the retry of a push whose answer was lost) land on different processes.

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = `e2e_multi_${process.pid}`;
const databaseUrl = (name: string) => {
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitHealthy(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server on ${port} did not become healthy`);
}

function startServer(port: number, dataDir: string, demo: boolean): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl(DATABASE),
      DATA_DIR: dataDir,
      STATIC_DIR: join(process.cwd(), '.tmp', 'e2e-dist'),
      DEMO: demo ? '1' : '0',
      LOG_LEVEL: 'warn',
    },
  });
}

/**
 * Round-robin HTTP proxy: pushes alternate between the backends on their own counter (so a push and its retry
 * always land on different processes), every other request alternates on another. Records each push's backend.
 */
function roundRobinProxy(ports: readonly number[], pushLog: number[]): Server {
  let pushes = 0;
  let others = 0;
  return createServer((req, res) => {
    const isPush = req.url?.startsWith('/api/v1/sync/push') === true;
    const backend = (isPush ? pushes++ : others++) % ports.length;
    if (isPush) pushLog.push(backend);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: ports[backend], method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
}

test.describe('two server processes on one PostgreSQL', () => {
  test('pushes alternating between two processes store each swap once, even when a committed push is retried on the other', async ({
    browser,
    playwright,
  }) => {
    test.setTimeout(180_000);
    await admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${DATABASE}`);
    });
    const dataDir = join(process.cwd(), '.tmp', `e2e-multi-${process.pid}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const servers: ChildProcess[] = [];
    const pushLog: number[] = [];
    let proxy: Server | undefined;
    try {
      // The first process migrates and seeds the demo data; the second joins the same database and photo folder.
      const ports = [await freePort(), await freePort()];
      servers.push(startServer(ports[0] ?? 0, dataDir, true));
      await waitHealthy(ports[0] ?? 0, servers[0] as ChildProcess);
      servers.push(startServer(ports[1] ?? 0, dataDir, false));
      await waitHealthy(ports[1] ?? 0, servers[1] as ChildProcess);
      proxy = roundRobinProxy(ports, pushLog);
      await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

      const context = await browser.newContext({ baseURL: origin, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      const page = await context.newPage();
      await signIn(page, 'tech1');
      await expect(workOrderRows(page)).toHaveCount(30);
      await waitForServiceWorker(page);
      // First swap: its first push commits on one process and the answer is lost; the retry goes to the other.
      await context.setOffline(true);
      const first = await writeSwapOffline(page, 0);
      let pushes = 0;
      await page.route('**/api/v1/sync/push', async (route) => {
        pushes += 1;
        const response = await route.fetch();
        if (pushes === 1) await route.abort('connectionreset');
        else await route.fulfill({ response });
      });
      await context.setOffline(false);
      await page.goto('/outbox');
      await expect(page.getByTestId('outbox-summary')).toHaveText('Đã gửi hết — có thể bàn giao máy', { timeout: 60_000 });
      expect(pushes).toBeGreaterThanOrEqual(2);
      expect(pushLog.slice(0, 2)).toEqual([0, 1]);

      // Second swap, written offline later: its push lands wherever the alternation is now.
      await context.setOffline(true);
      const second = await writeSwapOffline(page, 1);
      expect(second.workOrderId).not.toBe(first.workOrderId);
      await context.setOffline(false);
      await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
      await expect(page.getByTestId('outbox-item')).toHaveCount(2);
      await expect(page.getByTestId('outbox-summary')).toHaveText('Đã gửi hết — có thể bàn giao máy', { timeout: 60_000 });
      expect(pushes).toBeGreaterThanOrEqual(3);

      const supervisor = await playwright.request.newContext({ baseURL: origin });
      expect((await supervisor.post('/api/v1/auth/login', { data: { username: 'supervisor1', password: 'demo1234' } })).status()).toBe(200);
      for (const written of [first, second]) {
        const detail = (await (await supervisor.get(`/api/v1/work-orders/${written.workOrderId}`)).json()) as {
          status: string;
          completions: { id: string; mediaStatus: string }[];
        };
        expect(detail.completions.map((c) => c.id)).toEqual([written.completionId]);
        expect(detail.completions[0]?.mediaStatus).toBe('complete');
        expect(detail.status).toBe('completed');
        // Each photo is readable through either process (shared photo folder).
        for (const id of written.photoIds) {
          expect((await supervisor.get(`/api/v1/photos/${id}`)).status()).toBe(200);
          expect((await supervisor.get(`/api/v1/photos/${id}`)).status()).toBe(200);
        }
      }
      await supervisor.dispose();
      await context.close();
    } finally {
      proxy?.close();
      for (const child of servers) child.kill('SIGTERM');
      await Promise.all(servers.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)))));
      rmSync(dataDir, { recursive: true, force: true });
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
    }
  });
});
