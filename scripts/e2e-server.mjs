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
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
  tiles.close();
  process.exit(code ?? 0);
});
