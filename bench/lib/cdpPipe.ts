/**
 * A Chromium driven over its DevTools pipe (`--remote-debugging-pipe`: commands on fd 3, answers and events on fd 4,
 * each message JSON ended by NUL) with nothing attached but what the caller asks for. Playwright enables the Network
 * domain on every page and Chromium then copies every request body into the DevTools events (a 200 KB photo upload
 * becomes ~0.5 MB of JSON for the renderer to write and the browser to forward): a bench that measures uploads
 * drives the browser through this instead while it measures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  method: string;
}

export interface PageSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates `expression` in the page (a promise is awaited) and answers its value as JSON allows. */
  evaluate<T>(expression: string): Promise<T>;
}

export class ChromiumOverPipe {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffered = '';
  readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess) {
    const fromBrowser = child.stdio[4] as Readable;
    fromBrowser.setEncoding('utf8');
    fromBrowser.on('data', (chunk: string) => this.receive(chunk));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      for (const { reject, method } of this.pending.values()) reject(new Error(`Chromium exited during ${method}`));
      this.pending.clear();
    });
  }

  /** Starts `executable` with `args` (plus the pipe); `env` is laid over this process's environment. */
  static launch(executable: string, args: readonly string[], env: Record<string, string> = {}): ChromiumOverPipe {
    const child = spawn(executable, [...args, '--remote-debugging-pipe'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let recent = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      recent = (recent + chunk.toString('utf8')).slice(-4000);
    });
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) console.error(`Chromium exited with ${code}:\n${recent}`);
    });
    return new ChromiumOverPipe(child);
  }

  get pid(): number {
    return this.child.pid ?? NaN;
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) });
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, method });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  /** Attaches to the first page (the one the browser opened at start). */
  async firstPage(): Promise<PageSession> {
    let targetId: string | undefined;
    for (let attempt = 0; attempt < 100 && targetId === undefined; attempt++) {
      const { targetInfos } = await this.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
      targetId = targetInfos.find((t) => t.type === 'page')?.targetId;
      if (targetId === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (targetId === undefined) throw new Error('Chromium opened no page');
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const send = <T>(method: string, params?: Record<string, unknown>) => this.send<T>(method, params, sessionId);
    return {
      send,
      evaluate: async <T>(expression: string) => {
        const answer = await send<{ result: { value?: unknown }; exceptionDetails?: { exception?: { description?: string }; text: string } }>(
          'Runtime.evaluate',
          { expression, awaitPromise: true, returnByValue: true },
        );
        if (answer.exceptionDetails !== undefined)
          throw new Error(`in the page: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`);
        return answer.result.value as T;
      },
    };
  }

  /** Browser.close, then SIGKILL if it has not gone in 10 s. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    void this.send('Browser.close').catch(() => undefined);
    const closed = await Promise.race([this.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
    if (closed !== true) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let end = this.buffered.indexOf('\0');
    while (end !== -1) {
      const message = JSON.parse(this.buffered.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
      this.buffered = this.buffered.slice(end + 1);
      end = this.buffered.indexOf('\0');
      // Events (no id) are not listened to: the bench enables no domain that sends many.
      if (message.id === undefined) continue;
      const pending = this.pending.get(message.id);
      if (pending === undefined) continue;
      this.pending.delete(message.id);
      if (message.error !== undefined) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result);
    }
  }
}
