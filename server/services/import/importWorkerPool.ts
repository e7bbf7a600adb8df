/**
 * Runs an import job (./importJobs.ts) in a child process with its own database connection (issue 13 §7): parsing
 * an untrusted file, validating 200,000 rows and writing them never runs in the process that answers the API, and
 * on SQLite the synchronous driver never holds the API's connection through it. A process, not a worker thread: Node
 * does not reliably confine a worker thread's out-of-memory (nodejs/node#47224, "FATAL ERROR: Reached heap limit"
 * ends the whole process), while a child's heap limit (`--max-old-space-size`) ends that child only. A worker that
 * dies for any reason (out of memory, killed, a non-zero exit, its channel lost) answers IMPORT_ABORTED for its job
 * and is never reused; the API goes on. A worker that answered waits a few seconds for the next job (a series of
 * imports, or a dry run then its import, skips the process's start). Its stderr is the server's (inherited), so a
 * crash's message is not lost; it ends when the server process ends (see ./importWorkerBoot.mjs and endAll).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { failure, type Result } from '../result';
import type { ImportJobName, ImportJobs } from './importJobs';
import type { FromWorker, ToWorker } from './importWorker';
import type { WriteOutcome, WriteTask } from './importWrite';

const BOOT = fileURLToPath(new URL('./importWorkerBoot.mjs', import.meta.url));

/** A worker's old-generation heap (MiB): far above what the largest valid file needs (see bench/stock.ts). */
export const IMPORT_WORKER_HEAP_MB = 512;

/**
 * Called when the worker is about to publish; resolves once the API process may let it, to a function that ends
 * the hold (SQLite: the API's own writers wait meanwhile instead of spinning on the lock, see store writeGate).
 */
export type PublishHold = () => Promise<() => void>;

export interface ImportWorkerOptions {
  /** The worker's heap limit in MiB (IMPORT_WORKER_HEAP_MB unless a test wants a small one). */
  heapMb?: number;
}

const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('publishing') }),
  z.object({ type: z.literal('done'), outcome: z.custom<Result<unknown>>((v) => typeof v === 'object' && v !== null && 'ok' in v) }),
  z.object({ type: z.literal('failed'), error: z.unknown() }),
]);

/** The same bytes would end the same way: not retryable, and nothing was written (the publish is one transaction). */
const aborted = () =>
  failure(
    'IMPORT_ABORTED',
    'Reading this file needed more memory than an import may use; nothing was imported. Split it into smaller files and import them one by one.',
  );

/** How long a worker that finished a job waits for the next before it ends: imports often come in a series. */
const IDLE_MS = 10_000;

/** One idle worker per heap size at most, ready for the next job (a fresh process loads its modules for ~0.5 s). */
const idle = new Map<number, { worker: ChildProcess; timer: NodeJS.Timeout }>();
/** Every worker alive, idle or busy: ended with the server process (endAll). */
const alive = new Set<ChildProcess>();
/** The workers running a job now (busyImportWorkerPids, for the test that kills one). */
const busy = new Set<ChildProcess>();

/** Ends a worker now (SIGKILL: a worker holds nothing the API needs, and its transaction rolls back with it). */
const end = (worker: ChildProcess) => {
  if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
};

/** Ends every import worker, busy or idle (their jobs answer IMPORT_ABORTED); also done when this process exits. */
export function endAll(): void {
  for (const worker of alive) end(worker);
}
let endsWithProcess = false;

/** The process ids of the workers running a job now. */
export const busyImportWorkerPids = (): number[] => [...busy].flatMap((w) => (w.pid === undefined ? [] : [w.pid]));

/** Holds this process open (a job runs) or not (idle: the worker ends with it, never the other way round). */
function hold(worker: ChildProcess, open: boolean): void {
  if (open) {
    worker.ref();
    worker.channel?.ref();
  } else {
    worker.unref();
    worker.channel?.unref();
  }
}

function spawn(heapMb: number): ChildProcess {
  if (!endsWithProcess) {
    endsWithProcess = true;
    // The boot ends a worker whose channel closes; this ends it at once, even mid-job, when the server exits.
    process.once('exit', endAll);
  }
  // A worker's heap is limited on its own: a runaway import fails alone instead of taking the API down. Its
  // execArgv is only that (not the parent's: Vitest's or tsx's loader flags); the boot loads TypeScript itself.
  const worker = fork(BOOT, [], {
    execArgv: [`--max-old-space-size=${heapMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  alive.add(worker);
  const gone = () => {
    alive.delete(worker);
    busy.delete(worker);
    const waiting = idle.get(heapMb);
    if (waiting?.worker === worker) {
      clearTimeout(waiting.timer);
      idle.delete(heapMb);
    }
  };
  worker.on('exit', gone);
  // Errors (a failed send, a failed kill) are answered by the job that sees them; this keeps them from throwing.
  worker.on('error', () => undefined);
  return worker;
}

function take(heapMb: number): ChildProcess {
  const waiting = idle.get(heapMb);
  if (waiting === undefined) return spawn(heapMb);
  idle.delete(heapMb);
  clearTimeout(waiting.timer);
  return waiting.worker;
}

/** Keeps a worker that answered for the next job (never holding the process open), or ends it if one waits already. */
function giveBack(worker: ChildProcess, heapMb: number): void {
  if (idle.has(heapMb) || !worker.connected) {
    end(worker);
    return;
  }
  hold(worker, false);
  const timer = setTimeout(() => {
    idle.delete(heapMb);
    end(worker);
  }, IDLE_MS);
  timer.unref();
  idle.set(heapMb, { worker, timer });
}

/**
 * Runs one job in a worker of its own for the job's time (a worker runs one job at a time; one that died, threw or
 * lost its channel is never reused, so a bad file takes nothing else with it).
 */
export function runImportJob<J extends ImportJobName>(
  job: J,
  task: ImportJobs[J]['task'],
  publishHold: PublishHold,
  options: ImportWorkerOptions = {},
): Promise<Result<ImportJobs[J]['value']>> {
  const heapMb = options.heapMb ?? IMPORT_WORKER_HEAP_MB;
  return new Promise((resolve, reject) => {
    const worker = take(heapMb);
    hold(worker, true);
    busy.add(worker);
    let release: (() => void) | null = null;
    let settled = false;
    const finish = (fn: () => void) => {
      release?.();
      release = null;
      busy.delete(worker);
      worker.off('message', onMessage);
      worker.off('error', onDead);
      worker.off('exit', onDead);
      worker.off('disconnect', onDead);
      if (settled) return;
      settled = true;
      fn();
    };
    const post = (message: ToWorker) => {
      // A send that fails means the channel is gone: the worker is as good as dead.
      worker.send(message, (error) => {
        if (error) onDead();
      });
    };
    const onMessage = (raw: unknown) => {
      const parsed = Message.safeParse(raw);
      if (!parsed.success) {
        finish(() => reject(new Error(`the import worker sent an unknown message: ${parsed.error.message}`)));
        end(worker);
        return;
      }
      const message: FromWorker = parsed.data;
      if (message.type === 'publishing') {
        publishHold().then(
          (done) => {
            if (settled) done();
            else {
              release = done;
              post({ type: 'go' });
            }
          },
          (error: unknown) => {
            finish(() => reject(error instanceof Error ? error : new Error(String(error))));
            end(worker);
          },
        );
        return;
      }
      if (message.type === 'failed') {
        // A job that threw: a bug, answered as one (the route's 500, logged with its stack); the worker may be in
        // any state, so it ends.
        const error = message.error;
        finish(() => reject(error instanceof Error ? error : new Error(`the import worker failed: ${String(error)}`)));
        end(worker);
        return;
      }
      finish(() => resolve(message.outcome as Result<ImportJobs[J]['value']>));
      giveBack(worker, heapMb);
    };
    // Out of memory (V8's fatal error aborts the process), killed, exited, or its channel lost: the import did not
    // happen, and the same bytes would likely end the same way. The worker is ended if it is not already.
    const onDead = () => {
      finish(() => resolve(aborted()));
      end(worker);
    };
    worker.on('message', onMessage);
    worker.on('error', onDead);
    worker.on('exit', onDead);
    worker.on('disconnect', onDead);
    if (!worker.connected) onDead();
    else post({ type: 'job', job, task });
  });
}

/** Pass 2 of the work-order import (./importWrite.ts). */
export const runImportWrite = (task: WriteTask, hold: PublishHold): Promise<WriteOutcome> => runImportJob('workOrders', task, hold);
