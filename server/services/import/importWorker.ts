/**
 * The import worker thread: runs import jobs (./importJobs.ts) one at a time and posts each outcome. Per job it
 * talks to the API process in four messages: `job` (what to do), `publishing` (it is about to take the database's
 * write lock), the answer `go`, then `done` with the outcome; then it waits for the next job. Started by
 * ./importWorkerPool.ts through ./importWorkerBoot.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import type { Result } from '../result';
import { IMPORT_JOBS, type ImportJobName } from './importJobs';

export type FromWorker = { type: 'publishing' } | { type: 'done'; outcome: Result<unknown> };
export type ToWorker = { type: 'job'; job: ImportJobName; task: unknown } | { type: 'go' };

const ToWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: z.enum(Object.keys(IMPORT_JOBS) as [ImportJobName, ...ImportJobName[]]), task: z.unknown() }),
  z.object({ type: z.literal('go') }),
]);

const port = parentPort;
if (port === null) throw new Error('importWorker.ts runs only as a worker thread');

const send = (message: FromWorker) => port.postMessage(message);

/** The running job's wait for the API process's permission to publish (it holds its own SQLite writers meanwhile). */
let permitted: (() => void) | null = null;
const permission = (): Promise<void> =>
  new Promise((resolve) => {
    permitted = resolve;
    send({ type: 'publishing' });
  });

async function runJob(job: ImportJobName, task: unknown): Promise<void> {
  const run = await IMPORT_JOBS[job]();
  // The task is plain data from the API process, typed by the job's name there (./importWorkerPool.ts).
  const outcome = await run(task as never, permission);
  send({ type: 'done', outcome });
}

port.on('message', (raw: unknown) => {
  const message = ToWorkerMessage.parse(raw);
  if (message.type === 'go') {
    permitted?.();
    permitted = null;
    return;
  }
  // A job that throws ends the thread as an uncaught error: the pool answers for it and never reuses this worker.
  runJob(message.job, message.task).catch((error: unknown) =>
    setImmediate(() => {
      throw error;
    }),
  );
});
