// Entry of the import worker, a child process forked by ./importWorkerPool.ts with its heap limit in execArgv. It
// registers tsx itself rather than inherit a loader: the parent may run under Vitest's, and Node's own TypeScript
// support (on by default from Node 22.18 and in 24) strips the types of importWorker.ts but does not resolve its
// extensionless imports (ERR_MODULE_NOT_FOUND for ./importWrite). Then it serves jobs on its IPC channel.
import { register } from 'tsx/esm/api';

// A worker outlives no API process: when the channel closes (the parent ended, crashed or was killed), it ends too,
// whatever it was doing (its import's transaction rolls back with its connection).
process.on('disconnect', () => process.exit(0));
if (!process.connected) process.exit(0);

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
