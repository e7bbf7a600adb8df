import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on right now (the kernel's choice), for a process that must keep its port across restarts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ScratchDatabase {
  /** A postgres:// URL naming the new database: what the server processes get as DATABASE_URL. */
  url: string;
  name: string;
  /** Drops it, ending any connection still open. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onMaintenanceDatabase<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own on the PostgreSQL server `serverUrl` points at (any database name in it is ignored): a real
 * database rather than a schema, because a server process is configured by DATABASE_URL alone.
 */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  const drop = () => onMaintenanceDatabase(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
  await drop();
  await onMaintenanceDatabase(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return { url: withDatabase(serverUrl, name), name, drop };
}

/**
 * One real server process (`node --import tsx server/main.ts`) on loopback at a fixed port, so it comes back at the
 * same address after a kill. Its output is kept (the last few kilobytes) to explain an unexpected exit.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private healthy = false;
  private output = '';
  kills = 0;
  starts = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly stderr: 'keep' | 'inherit' = 'keep',
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Started and answering its health check, and not killed since. */
  get ready(): boolean {
    return this.healthy;
  }

  /** The last lines the process wrote (for a failure message). */
  get recentOutput(): string {
    return this.output;
  }

  /** Spawns the process and waits until /api/v1/health answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error(`server on ${this.port} is already running`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      stdio: ['ignore', this.stderr === 'keep' ? 'pipe' : 'ignore', this.stderr === 'keep' ? 'pipe' : 'inherit'],
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(this.port), ...this.env },
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.starts += 1;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = null;
        throw new Error(`server on ${this.port} exited (${child.exitCode ?? child.signalCode}):\n${this.output}`);
      }
      if (await fetch(`${this.baseUrl}/api/v1/health`).then((r) => r.ok, () => false)) {
        this.healthy = this.child === child;
        return;
      }
      await sleep(100);
    }
    await this.end('SIGKILL');
    throw new Error(`server on ${this.port} did not become healthy in ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGKILL: no draining, no closing; requests in flight die, committed or not. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
    this.kills += 1;
  }

  /** SIGTERM: the graceful shutdown of server/main.ts. */
  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.healthy = false;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
