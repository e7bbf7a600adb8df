/**
 * The import worker: runs import jobs (./importJobs.ts) one at a time and posts each outcome. Per job it talks to
 * the API process in four messages: `job` (what to do), `publishing` (it is about to take the database's write
 * lock), the answer `go`, then `done` with the outcome (or `failed` with the error a job threw); then it waits for
 * the next job. It runs in a child process started by ./importWorkerPool.ts through ./importWorkerBoot.mjs, which
 * hands it the process's IPC channel as an ImportPort: nothing here depends on what carries the messages.
 */
import { z } from 'zod';
import type { Result } from '../result';
import { IMPORT_JOBS, type ImportJobName } from './importJobs';

export type FromWorker = { type: 'publishing' } | { type: 'done'; outcome: Result<unknown> } | { type: 'failed'; error: unknown };
export type ToWorker = { type: 'job'; job: ImportJobName; task: unknown } | { type: 'go' };

/** The worker's end of the channel to the API process (a child process's IPC channel; a worker thread's port would do). */
export interface ImportPort {
  post(message: FromWorker): void;
  onMessage(listener: (message: unknown) => void): void;
}

const ToWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: z.enum(Object.keys(IMPORT_JOBS) as [ImportJobName, ...ImportJobName[]]), task: z.unknown() }),
  z.object({ type: z.literal('go') }),
]);

/** Serves jobs on `port` until the process ends (the boot ends it when the API process goes away). */
export function serveImportJobs(port: ImportPort): void {
  /** The running job's wait for the API process's permission to publish (it holds its own SQLite writers meanwhile). */
  let permitted: (() => void) | null = null;
  const permission = (): Promise<void> =>
    new Promise((resolve) => {
      permitted = resolve;
      port.post({ type: 'publishing' });
    });

  async function runJob(job: ImportJobName, task: unknown): Promise<void> {
    const run = await IMPORT_JOBS[job]();
    // The task is plain data from the API process, typed by the job's name there (./importWorkerPool.ts).
    const outcome = await run(task as never, permission);
    port.post({ type: 'done', outcome });
  }

  port.onMessage((raw) => {
    const message = ToWorkerMessage.parse(raw);
    if (message.type === 'go') {
      permitted?.();
      permitted = null;
      return;
    }
    // A job that throws (a bug, not a bad file: those are Results) is answered with its error; the pool then ends
    // this worker and never reuses it, since the job may have left it in any state.
    runJob(message.job, message.task).catch((error: unknown) => port.post({ type: 'failed', error }));
  });
}
