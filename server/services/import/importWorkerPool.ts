/**
 * Runs an import job (./importJobs.ts) in a worker thread with its own database connection (issue 13 §7): parsing
 * an untrusted file, validating 200,000 rows and writing them never runs on the thread that answers the API, and
 * on SQLite the synchronous driver never holds the API's connection through it. A file that makes the worker run
 * out of memory ends that worker only: the API answers IMPORT_ABORTED and goes on.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { failure, type Result } from '../result';
import type { ImportJobName, ImportJobs } from './importJobs';
import type { FromWorker } from './importWorker';
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

/** One worker per import: imports are rare and long, and a worker that dies takes nothing else with it. */
export function runImportJob<J extends ImportJobName>(
  job: J,
  task: ImportJobs[J]['task'],
  hold: PublishHold,
  options: ImportWorkerOptions = {},
): Promise<Result<ImportJobs[J]['value']>> {
  return new Promise((resolve, reject) => {
    // A worker's heap is limited on its own: a runaway import fails alone instead of taking the API down.
    const worker = new Worker(BOOT, {
      workerData: { entry: ENTRY, job, task },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? IMPORT_WORKER_HEAP_MB },
    });
    let release: (() => void) | null = null;
    let settled = false;
    const end = () => {
      release?.();
      release = null;
    };
    const finish = (fn: () => void) => {
      end();
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (raw: unknown) => {
      const message: FromWorker = Message.parse(raw);
      if (message.type === 'publishing') {
        hold().then(
          (done) => {
            if (settled) done();
            else {
              release = done;
              worker.postMessage({ type: 'go' });
            }
          },
          (error: unknown) => finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
        );
        return;
      }
      finish(() => resolve(message.outcome as Result<ImportJobs[J]['value']>));
      void worker.terminate();
    });
    worker.on('error', (error) => {
      if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') finish(() => resolve(aborted()));
      else finish(() => reject(error));
    });
    // Ended without answering nor throwing (killed from outside): the import did not happen.
    worker.on('exit', () => finish(() => resolve(aborted())));
  });
}

/** Pass 2 of the work-order import (./importWrite.ts). */
export const runImportWrite = (task: WriteTask, hold: PublishHold): Promise<WriteOutcome> => runImportJob('workOrders', task, hold);
