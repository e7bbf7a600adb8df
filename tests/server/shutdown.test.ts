import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** A port nobody listens on right now (PORT must be 1-65535, so the server cannot pick its own). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Runs `node --import tsx server/main.ts` as production would, on a free port and a temp DATA_DIR. */
async function startMain(env: Record<string, string>): Promise<Started> {
  const chosen = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(chosen), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const poll = setInterval(() => {
      const match = /"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(output);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    }, 50);
    void exited.then(() => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited early:\n${output}`));
    });
  });
  return { child, port, output: () => output, exited };
}

describe('server/main.ts process', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'meterswap-main-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  it('finishes an in-flight request after SIGTERM, then closes the database and exits 0', async () => {
    const dataDir = await tempDir();
    const server = await startMain({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'bootstrap-secret' });
    cleanup.push(async () => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await server.exited;
    });
    expect(server.output()).toContain('Created the user \\"admin\\"');

    // A slow request: the body arrives in two parts, with the signal in between.
    const body = JSON.stringify({ username: 'admin', password: 'bootstrap-secret' });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 200);
    });

    const response = await answered;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ username: 'admin', role: 'admin' });
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('stops accepting new connections once shutting down', async () => {
    const dataDir = await tempDir();
    const server = await startMain({ DATA_DIR: dataDir });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${server.port}/api/v1/health`)).rejects.toThrow();
  });

  it('refuses a bad configuration with one line naming the variable and exit code 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: 'abc' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('Invalid configuration: PORT must be an integer 1-65535 (got "abc")\n');
  });

  it('seeds the demo on an empty database and prints the demo accounts', async () => {
    const dataDir = await tempDir();
    const server = await startMain({ DATA_DIR: dataDir, DEMO: '1' });
    cleanup.push(async () => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await server.exited;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const output = server.output();
    expect(output).toContain('Seeded the demo data set: 2000 work orders, 180 planned for today.');
    for (const username of ['admin', 'supervisor1', 'supervisor2', 'tech1', 'tech6']) expect(output).toMatch(new RegExp(`^${username}\\s+`, 'm'));
    expect(output).toContain('demo1234');
    const health = await fetch(`http://127.0.0.1:${server.port}/api/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'sqlite' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
