/**
 * The import worker thread: runs one import's pass 2 (./importWrite.ts) and posts the outcome. It talks to the API
 * process in three messages: `publishing` (it is about to take the database's write lock), the answer `go`, then
 * `done` with the outcome. Started by ./importWorkerPool.ts through ./importWorkerBoot.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { writeImport, type WriteOutcome, type WriteTask } from './importWrite';

export type FromWorker = { type: 'publishing' } | { type: 'done'; outcome: WriteOutcome };
export type ToWorker = { type: 'go' };

const ToWorkerMessage = z.object({ type: z.literal('go') });

const port = parentPort;
if (port === null) throw new Error('importWorker.ts runs only as a worker thread');
const { task } = workerData as { task: WriteTask };

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

const outcome = await writeImport(task, permission);
send({ type: 'done', outcome });
