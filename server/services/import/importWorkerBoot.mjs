// Entry of the import worker thread. A worker thread does not reliably start with its parent's TypeScript loader
// (Vitest has its own), and Node's own TypeScript support (on by default from Node 22.18 and in 24) is no substitute:
// it strips the types of importWorker.ts but does not resolve its extensionless imports (ERR_MODULE_NOT_FOUND for
// ./importWrite). So the thread registers tsx itself, as the PDF worker does (../handoverPdfWorker.mjs), then loads
// the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
