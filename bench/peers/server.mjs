/**
 * The peer's server for bench/lib/pouchPeer.ts (issue 14): express-pouchdb (its "minimum for PouchDB" mode: no
 * log file, no config file, no request log) over PouchDB on LevelDB in the data folder given, on loopback.
 *
 *   node bench/peers/server.mjs <dataDir> [port]     (port 0 or none: the kernel's choice)
 *
 * Started with an IPC channel (child_process.fork): it sends `{ type: 'listening', port }`, and answers every
 * `'stats'` message with what it measured of itself, so that asking adds nothing to the wire it counts. Wire bytes
 * are every connection's socket.bytesRead / bytesWritten (headers included): summed when a socket closes, and read
 * live from the sockets still open, so a snapshot taken while a keep-alive connection stays open is exact too.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';

const [dataDir, portArgument = '0'] = process.argv.slice(2);
if (!dataDir || !process.send) {
  console.error('usage: fork bench/peers/server.mjs <dataDir> [port] (with an IPC channel)');
  process.exit(2);
}

// LevelDB creates a database's own folder, not its parents.
mkdirSync(dataDir, { recursive: true });
const LevelPouch = PouchDB.defaults({ prefix: path.resolve(dataDir) + path.sep });
const app = expressPouchDB(LevelPouch, { mode: 'minimumForPouchDB' });

const server = http.createServer(app);
const open = new Set();
let closedUp = 0;
let closedDown = 0;
let requests = 0;

server.on('connection', (socket) => {
  open.add(socket);
  socket.once('close', () => {
    // Moved from the live set to the closed totals in one step: a snapshot never counts a socket twice or not at all.
    open.delete(socket);
    closedUp += socket.bytesRead;
    closedDown += socket.bytesWritten;
  });
});
server.on('request', () => requests++);

function stats() {
  let up = closedUp;
  let down = closedDown;
  for (const socket of open) {
    up += socket.bytesRead;
    down += socket.bytesWritten;
  }
  const cpu = process.cpuUsage();
  return {
    type: 'stats',
    wireBytesUp: up,
    wireBytesDown: down,
    requests,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // resourceUsage() gives kilobytes (KiB on Linux).
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

process.on('message', (message) => {
  if (message === 'stats') process.send(stats());
});
// The parent gone (a crash, a kill): nothing would stop this process otherwise.
process.on('disconnect', () => process.exit(0));

server.listen(Number(portArgument), '127.0.0.1', () => {
  process.send({ type: 'listening', port: server.address().port });
});
