// Entry of the import worker, a child process forked by ./importWorkerPool.ts with its heap limit in execArgv. It
// registers tsx itself rather than inherit a loader: the parent may run under Vitest's, and Node's own TypeScript
// support (on by default from Node 22.18 and in 24) strips the types of importWorker.ts but does not resolve its
// extensionless imports (ERR_MODULE_NOT_FOUND for ./importWrite). Then it serves jobs on its IPC channel.
import { Worker } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// A worker outlives no API process: when the channel closes (the parent ended, crashed or was killed), it ends too,
// whatever it was doing (its import's transaction rolls back with its connection).
process.on('disconnect', () => process.exit(0));
if (!process.connected) process.exit(0);
// The event above cannot run while this thread is inside a synchronous SQLite publish (better-sqlite3): an orphan
// would commit an import whose API process is gone, beside the restarted one. A watchdog thread of its own sees the
// parent change (reparented: it died) and ends this whole process at once; the open transaction rolls back.
new Worker(
  `const { workerData } = require('node:worker_threads');
   setInterval(() => { if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL'); }, 50);`,
  { eval: true, workerData: { parent: process.ppid } },
).unref();

// The first job is sent as soon as the process starts; a message with no listener yet would be lost, so messages
// wait here until the worker's modules are loaded.
let deliver = null;
const early = [];
process.on('message', (message) => (deliver === null ? early.push(message) : deliver(message)));

register();
const { serveImportJobs } = await import(new URL('./importWorker.ts', import.meta.url).href);
serveImportJobs({
  post: (message) => process.send?.(message),
  onMessage: (listener) => {
    deliver = listener;
    for (const message of early.splice(0)) listener(message);
  },
});
