import { expect, test } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase, freePort, ServerProcess } from '../server/clusterProcesses';
import { startRoundRobinProxy, type RoundRobinProxy } from '../server/clusterProxy';
import { signIn, waitForServiceWorker, workOrderRows } from './helpers';
import { writeSwapOffline } from './offlineWrites';
import { E2E_STATIC_DIR } from './paths';

// Design §2/§3: several stateless server processes on one PostgreSQL behind a proxy. Here two real processes
// share a fresh database and a photo folder; a round-robin proxy in the test alternates every request between
// them, so consecutive pushes (and the retry of a push whose answer was lost) land on different processes.
// The processes and the proxy are tests/server's cluster helpers, which the multi-process chaos test uses too.

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function startServer(port: number, databaseUrl: string, dataDir: string, demo: boolean): ServerProcess {
  return new ServerProcess(
    port,
    {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      STATIC_DIR: E2E_STATIC_DIR,
      DEMO: demo ? '1' : '0',
      LOG_LEVEL: 'warn',
    },
    'inherit',
  );
}

test.describe('two server processes on one PostgreSQL', () => {
  test('pushes alternating between two processes store each swap once, even when a committed push is retried on the other', async ({
    browser,
    playwright,
  }) => {
    test.setTimeout(180_000);
    const database = await createScratchDatabase(SERVER_URL, `e2e_multi_${process.pid}`);
    const dataDir = join(process.cwd(), '.tmp', `e2e-multi-${process.pid}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const servers: ServerProcess[] = [];
    let proxy: RoundRobinProxy | undefined;
    try {
      // The first process migrates and seeds the demo data; the second joins the same database and photo folder.
      servers.push(startServer(await freePort(), database.url, dataDir, true));
      await servers[0]?.start();
      servers.push(startServer(await freePort(), database.url, dataDir, false));
      await servers[1]?.start();
      // Pushes alternate on a counter of their own (so a push and its retry always land on different processes),
      // every other request on another.
      proxy = await startRoundRobinProxy(
        servers.map((s) => s.port),
        {
          counter: (req) => (req.url?.startsWith('/api/v1/sync/push') === true ? 'push' : 'other'),
        },
      );
      const pushLog = () => (proxy?.hits ?? []).filter((h) => h.counter === 'push').map((h) => h.backend);
      const origin = proxy.url;

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
      expect(pushLog().slice(0, 2)).toEqual([0, 1]);

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
      await proxy?.close();
      await Promise.all(servers.map((server) => server.stop()));
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
