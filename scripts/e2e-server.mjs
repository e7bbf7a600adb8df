// Starts the real server for the end-to-end suite on a fresh SQLite database with the demo data set.
// Requires a built PWA (dist/); scripts/test.mjs builds it first.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';

// Per port, so two runs on one machine (each with its own E2E_PORT) never share a database or a copy of the app.
const port = process.env.PORT ?? '8181';
const dataDir = join(process.cwd(), '.tmp', `e2e-data-${port}`);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// A copy of the built app, so the update test can "deploy" a new service worker without touching dist/.
// E2E_DIST names another build (e.g. `npx vite build --outDir .tmp/dist-mine`) to test without touching dist/.
const builtDir = process.env.E2E_DIST ?? 'dist';
const staticDir = join(process.cwd(), '.tmp', `e2e-dist-${port}`);
if (!existsSync(join(builtDir, 'index.html'))) {
  console.error(`${builtDir}/ is missing: run \`npx vite build\` first (npm test does).`);
  process.exit(1);
}
rmSync(staticDir, { recursive: true, force: true });
cpSync(builtDir, staticDir, { recursive: true });

// Fake map tiles on the next port (another origin, like a real tile server, so tiles are opaque to the
// service worker): the sandbox has no Internet, and the route-map test checks the tile cache. Test-only: the
// product server has no such route. Every tile is the same 1-pixel beige PNG.
const TILE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM4ceMAAATMAmFZKEmUAAAAAElFTkSuQmCC', 'base64');
const tilePort = Number(process.env.PORT ?? 8181) + 1;
const tiles = createServer((req, res) => {
  if (req.method === 'GET' && /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    res.end(TILE_PNG);
    return;
  }
  res.writeHead(404).end();
});
tiles.listen(tilePort, '127.0.0.1');

// A fake notice gateway two ports up (issue 15 §3): it takes every signed webhook POST and keeps the messages, which
// the notices spec reads back from GET /messages (the product's real gateway adapter sits behind the same webhook).
// Test-only, like the tiles. The secret is the spec's too (tests/e2e/notices.spec.ts).
const E2E_NOTIFY_SECRET = 'e2e-notify-secret-0123456789';
const gatewayPort = Number(process.env.PORT ?? 8181) + 2;
const received = [];
const gateway = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/notify') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        received.push({ ...JSON.parse(Buffer.concat(chunks).toString('utf8')), signature: req.headers['x-notify-signature'] ?? null });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch {
        res.writeHead(400).end();
      }
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/messages') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
    return;
  }
  res.writeHead(404).end();
});
gateway.listen(gatewayPort, '127.0.0.1');

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    STATIC_DIR: staticDir,
    DEMO: '1',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    TILE_URL: process.env.TILE_URL ?? `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png`,
    NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${gatewayPort}/notify`,
    NOTIFY_WEBHOOK_SECRET: E2E_NOTIFY_SECRET,
    // The suite runs at any hour: quiet hours would hold every message from 21:00 to 07:00 Vietnam time.
    NOTIFY_QUIET_HOURS: 'off',
    // Commissioning (issue 17): playwright.config.ts gives the commissioning spec's own server a deadline of an hour
    // and a sweep every 2 seconds, and the main one the longest deadline.
    COMMISSIONING_DEADLINE_HOURS: process.env.COMMISSIONING_DEADLINE_HOURS ?? '720',
    COMMISSIONING_SWEEP_SECONDS: process.env.COMMISSIONING_SWEEP_SECONDS ?? '86400',
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
  tiles.close();
  gateway.close();
  process.exit(code ?? 0);
});
