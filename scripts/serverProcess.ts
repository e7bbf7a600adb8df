import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/*
 * A real server process (`node --import tsx server/main.ts`) for the tests, benchmarks and scripts that need one
 * over the network: started on loopback at a port of its own, healthy when /api/v1/health answers, stopped with
 * SIGTERM (graceful) or SIGKILL (a crash).
 */

const SERVER_MAIN = path.resolve(import.meta.dirname, '..', 'server', 'main.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nothing listens on right now (the kernel's choice), for a process that must keep its port across restarts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * One real server process (`node --import tsx server/main.ts`) on loopback at a fixed port, so it comes back at the
 * same address after a kill. Its output is kept (the last few kilobytes) to explain an unexpected exit.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private healthy = false;
  private recent = '';
  kills = 0;
  starts = 0;

  /**
   * `env` is laid over this process's environment (a key set to undefined is left out, e.g. DATABASE_URL for SQLite).
   * `output`: keep the last few kilobytes (default), pass stderr through, or append stdout (the request log) to a
   * file. `nodeArgs` go before the script (e.g. `--cpu-prof`). `main` is another checkout's server/main.ts (a bench
   * comparing this code with an older one).
   */
  constructor(
    readonly port: number,
    private readonly env: Record<string, string | undefined>,
    private readonly output: 'keep' | 'inherit' | { logFile: string } = 'keep',
    private readonly nodeArgs: readonly string[] = [],
    private readonly main: string = SERVER_MAIN,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The server's operating-system process id while it runs (for /proc: its memory, whether it is still alive). */
  get pid(): number | undefined {
    return this.child?.pid;
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
    return this.recent;
  }

  /** Spawns the process and waits until /api/v1/health answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error(`server on ${this.port} is already running`);
    const logFd = typeof this.output === 'object' ? openSync(this.output.logFile, 'a') : null;
    const child = spawn(process.execPath, [...this.nodeArgs, '--import', 'tsx', this.main], {
      stdio: this.output === 'keep' ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd ?? 'ignore', 'inherit'],
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(this.port), ...this.env },
    });
    // The child has its own copy of the log file's descriptor.
    if (logFd !== null) closeSync(logFd);
    const keep = (chunk: Buffer) => {
      this.recent = (this.recent + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.starts += 1;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = null;
        throw new Error(`server on ${this.port} exited (${child.exitCode ?? child.signalCode}):\n${this.recent}`);
      }
      if (
        await fetch(`${this.baseUrl}/api/v1/health`).then(
          (r) => r.ok,
          () => false,
        )
      ) {
        this.healthy = this.child === child;
        return;
      }
      await sleep(100);
    }
    await this.end('SIGKILL');
    throw new Error(`server on ${this.port} did not become healthy in ${timeoutMs} ms:\n${this.recent}`);
  }

  /** SIGKILL now, without waiting: for a `process.on('exit')` handler, so no server outlives its parent. */
  killNow(): void {
    this.child?.kill('SIGKILL');
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

/** A server process on `port` (default: a free one), started and healthy. */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  options: {
    output?: 'keep' | 'inherit' | { logFile: string };
    nodeArgs?: readonly string[];
    timeoutMs?: number;
    port?: number;
    main?: string;
  } = {},
): Promise<ServerProcess> {
  const server = new ServerProcess(options.port ?? (await freePort()), env, options.output ?? 'keep', options.nodeArgs ?? [], options.main);
  await server.start(options.timeoutMs);
  return server;
}
