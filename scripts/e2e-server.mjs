// Starts the real server for the end-to-end suite on a fresh SQLite database with the demo data set.
// Requires a built PWA (dist/); scripts/test.mjs builds it first.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const dataDir = join(process.cwd(), '.tmp', 'e2e-data');
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// A copy of the built app, so the update test can "deploy" a new service worker without touching dist/.
const staticDir = join(process.cwd(), '.tmp', 'e2e-dist');
if (!existsSync('dist/index.html')) {
  console.error('dist/ is missing: run `npx vite build` first (npm test does).');
  process.exit(1);
}
rmSync(staticDir, { recursive: true, force: true });
cpSync('dist', staticDir, { recursive: true });

const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, DATA_DIR: dataDir, STATIC_DIR: staticDir, DEMO: '1', HOST: '127.0.0.1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
