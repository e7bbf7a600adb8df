// Entry of the import worker thread. Under `node --import tsx` (npm start, the benches) a worker inherits the
// TypeScript loader; under another runner (vitest) it is registered here, so the worker runs the same sources.
import { workerData } from 'node:worker_threads';

if (!process.execArgv.some((arg) => arg.includes('tsx'))) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
