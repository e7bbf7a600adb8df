// Entry of the import worker thread. Whether a worker inherits the parent's TypeScript loader (`node --import tsx`)
// depends on the Node version and the runner (vitest has its own), so: try the entry as is, and when Node cannot
// load .ts by itself, register tsx in this thread and load it then.
import { workerData } from 'node:worker_threads';

try {
  await import(workerData.entry);
} catch (error) {
  if (!(error instanceof Error) || !('code' in error) || error.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  // A new URL: Node remembers the failed load of the first one.
  await import(`${workerData.entry}?tsx`);
}
