/**
 * Runs an import job (./importJobs.ts) in a worker thread with its own database connection (issue 13 §7): parsing
 * an untrusted file, validating 200,000 rows and writing them never runs on the thread that answers the API, and
 * on SQLite the synchronous driver never holds the API's connection through it. A file that makes the worker run
 * out of memory ends that worker only: the API answers IMPORT_ABORTED and goes on. A worker that answered waits a
 * few seconds for the next job (a series of imports, or a dry run then its import, skips the thread's start).
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { failure, type Result } from '../result';
import type { ImportJobName, ImportJobs } from './importJobs';
import type { FromWorker, ToWorker } from './importWorker';
import type { WriteOutcome, WriteTask } from './importWrite';

const BOOT = new URL('./importWorkerBoot.mjs', import.meta.url);
const ENTRY = new URL('./importWorker.ts', import.meta.url).href;

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
]);

/** The same bytes would end the same way: not retryable, and nothing was written (the publish is one transaction). */
const aborted = () =>
  failure(
    'IMPORT_ABORTED',
    'Reading this file needed more memory than an import may use; nothing was imported. Split it into smaller files and import them one by one.',
  );

/** How long a worker that finished a job waits for the next before it ends: imports often come in a series. */
const IDLE_MS = 10_000;

/** One idle worker per heap size at most, ready for the next job (a fresh thread loads its modules for ~0.5 s). */
const idle = new Map<number, { worker: Worker; timer: NodeJS.Timeout }>();

function spawn(heapMb: number): Worker {
  // A worker's heap is limited on its own: a runaway import fails alone instead of taking the API down.
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  worker.on('exit', () => {
    const waiting = idle.get(heapMb);
    if (waiting?.worker === worker) {
      clearTimeout(waiting.timer);
      idle.delete(heapMb);
    }
  });
  return worker;
}

function take(heapMb: number): Worker {
  const waiting = idle.get(heapMb);
  if (waiting === undefined) return spawn(heapMb);
  idle.delete(heapMb);
  clearTimeout(waiting.timer);
  waiting.worker.ref();
  return waiting.worker;
}

/** Keeps a worker that answered for the next job (never holding the process open), or ends it if one waits already. */
function giveBack(worker: Worker, heapMb: number): void {
  if (idle.has(heapMb)) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    idle.delete(heapMb);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle.set(heapMb, { worker, timer });
}

/**
 * Runs one job in a worker of its own for the job's time (a worker runs one job at a time; one that crashed or ran
 * out of memory is never reused, so a bad file takes nothing else with it).
 */
export function runImportJob<J extends ImportJobName>(
  job: J,
  task: ImportJobs[J]['task'],
  hold: PublishHold,
  options: ImportWorkerOptions = {},
): Promise<Result<ImportJobs[J]['value']>> {
  const heapMb = options.heapMb ?? IMPORT_WORKER_HEAP_MB;
  return new Promise((resolve, reject) => {
    const worker = take(heapMb);
    let release: (() => void) | null = null;
    let settled = false;
    const finish = (fn: () => void) => {
      release?.();
      release = null;
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (settled) return;
      settled = true;
      fn();
    };
    const onMessage = (raw: unknown) => {
      const message: FromWorker = Message.parse(raw);
      if (message.type === 'publishing') {
        hold().then(
          (done) => {
            if (settled) done();
            else {
              release = done;
              worker.postMessage({ type: 'go' } satisfies ToWorker);
            }
          },
          (error: unknown) => {
            finish(() => reject(error instanceof Error ? error : new Error(String(error))));
            void worker.terminate();
          },
        );
        return;
      }
      finish(() => resolve(message.outcome as Result<ImportJobs[J]['value']>));
      giveBack(worker, heapMb);
    };
    const onError = (error: Error) => {
      if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') finish(() => resolve(aborted()));
      else finish(() => reject(error));
    };
    // Ended without answering nor throwing (killed from outside): the import did not happen.
    const onExit = () => finish(() => resolve(aborted()));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'job', job, task } satisfies ToWorker);
  });
}

/** Pass 2 of the work-order import (./importWrite.ts). */
export const runImportWrite = (task: WriteTask, hold: PublishHold): Promise<WriteOutcome> => runImportJob('workOrders', task, hold);
