/**
 * Runs an import's pass 2 in a worker thread with its own database connection (issue 13 §7): parsing 200,000 rows
 * again, staging them and publishing them never runs on the thread that answers the API, and on SQLite the
 * synchronous driver never holds the API's connection through it.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { FromWorker } from './importWorker';
import type { WriteOutcome, WriteTask } from './importWrite';

const BOOT = new URL('./importWorkerBoot.mjs', import.meta.url);
const ENTRY = new URL('./importWorker.ts', import.meta.url).href;

/**
 * Called when the worker is about to publish; resolves once the API process may let it, to a function that ends
 * the hold (SQLite: the API's own writers wait meanwhile instead of spinning on the lock, see store writeGate).
 */
export type PublishHold = () => Promise<() => void>;

const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('publishing') }),
  z.object({ type: z.literal('done'), outcome: z.custom<WriteOutcome>((v) => typeof v === 'object' && v !== null && 'ok' in v) }),
]);

/** One worker per import: imports are rare and long, and a worker that dies takes nothing else with it. */
export function runImportWrite(task: WriteTask, hold: PublishHold): Promise<WriteOutcome> {
  return new Promise((resolve, reject) => {
    // A worker's heap is limited on its own: a runaway import fails alone instead of taking the API down.
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY, task }, resourceLimits: { maxOldGenerationSizeMb: 512 } });
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
      finish(() => resolve(message.outcome));
      void worker.terminate();
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the import worker exited with code ${code} before answering`))));
  });
}
