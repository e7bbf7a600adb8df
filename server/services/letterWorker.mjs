// The file the roadmap letter worker threads load (see ./handoverPdfWorker.mjs). A worker thread starts without the TypeScript loader its parent runs under
// (`node --import tsx`, Vitest), so it registers tsx itself, then loads the TypeScript worker.
import os from 'node:os';
import { register } from 'tsx/esm/api';

// On Linux a thread's nice value is its own (setpriority on pid 0 names the calling thread, not the process), so
// a PDF being drawn gives way to the API's thread when both want the CPU. Elsewhere it would renice the whole
// server, so it is Linux only.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 19);
  } catch {
    // Not permitted in some containers: the worker then runs at normal priority, as before.
  }
}

register();
const { default: renderLetterInWorker } = await import('./letterWorker.ts');

export default renderLetterInWorker;
