/**
 * The import worker thread: runs one import job (./importJobs.ts) and posts the outcome. It talks to the API
 * process in three messages: `publishing` (it is about to take the database's write lock), the answer `go`, then
 * `done` with the outcome. Started by ./importWorkerPool.ts through ./importWorkerBoot.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import type { Result } from '../result';
import { IMPORT_JOBS, type ImportJobName } from './importJobs';

export type FromWorker = { type: 'publishing' } | { type: 'done'; outcome: Result<unknown> };
export type ToWorker = { type: 'go' };

const ToWorkerMessage = z.object({ type: z.literal('go') });

const port = parentPort;
if (port === null) throw new Error('importWorker.ts runs only as a worker thread');
const { job, task } = workerData as { job: ImportJobName; task: never };

const send = (message: FromWorker) => port.postMessage(message);

/** Waits for the API process's permission to publish (it holds its own SQLite writers meanwhile). */
const permission = (): Promise<void> =>
  new Promise((resolve) => {
    port.once('message', (message: unknown) => {
      ToWorkerMessage.parse(message);
      resolve();
    });
    send({ type: 'publishing' });
  });

const run = await IMPORT_JOBS[job]();
const outcome = await run(task, permission);
send({ type: 'done', outcome });
