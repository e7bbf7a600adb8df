// `npm run demo`: build the PWA when dist/ is missing or older than its sources, then start one server
// on http://localhost:8080 with SQLite and photos under ./data, seeding the demo data set when the database is empty.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
const sourcesAt = Math.max(...BUILD_INPUTS.map(newestMtime));
if (builtAt < sourcesAt) {
  console.log('Building the app…');
  // Vite's own entry on this process's Node (npx would add a second or two and could pick another Node).
  // PRECOMPRESS=fast: quick compression levels (scripts/vitePrecompress.ts); `npm run build` keeps the smallest files.
  // --logLevel warn: a newcomer sees the accounts and the address, not the build's file list.
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, PRECOMPRESS: process.env.PRECOMPRESS ?? 'fast' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  stdio: 'inherit',
  env: { ...process.env, DEMO: process.env.DEMO ?? '1' },
});
// One process to stop: forward Ctrl-C / SIGTERM and exit with the server.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
