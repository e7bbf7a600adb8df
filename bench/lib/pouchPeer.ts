/**
 * The PouchDB side of issue 14's side-by-side drain: the sync workload (./syncWorkload.ts) captured offline into
 * PouchDB 9 on LevelDB, then drained by ONE `replicate.to` with PouchDB's defaults into express-pouchdb (PouchDB
 * on LevelDB) in a child process, and verified on that server afterwards over HTTP. Device and server are processes
 * of their own (bench/peers/client.mjs, bench/peers/server.mjs), so each one's CPU and peak RSS are its own.
 *
 * The peer's packages live in bench/peers/ (its own package.json and lock), installed on first use by
 * ensurePeers(): the product never depends on them.
 *
 *   node --import tsx bench/lib/pouchPeer.ts [--swaps 50] [--port 8600]   (prints the DrainResult as JSON)
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DrainResult } from './drainResult';
import { SYNC_WORKLOAD, WORKLOAD_TINY_JPEG, workloadPhoto, workloadPhotoBytes, type SyncWorkload } from './syncWorkload';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PEERS = path.join(ROOT, 'bench', 'peers');
const DATABASE = 'swaps';

/** Installs bench/peers/ (npm ci from its lock) when its node_modules is missing. */
export async function ensurePeers(): Promise<void> {
  if (existsSync(path.join(PEERS, 'node_modules', 'pouchdb')) && existsSync(path.join(PEERS, 'node_modules', 'express-pouchdb'))) return;
  const command = existsSync(path.join(PEERS, 'package-lock.json')) ? 'ci' : 'install';
  console.error(`Installing the PouchDB peer (npm ${command} in bench/peers)…`);
  // This process's Node first on PATH, so npm and the packages' install scripts run on it, not the machine's.
  const env = { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter) };
  // npm's output on stderr: stdout is the bench's result.
  const child = spawn('npm', [command, '--prefix', PEERS, '--no-audit', '--no-fund'], { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`npm ${command} in bench/peers failed (exit ${String(code)})`);
}

interface ServerStats {
  type: 'stats';
  wireBytesUp: number;
  wireBytesDown: number;
  requests: number;
  cpuSeconds: number;
  peakRssMB: number;
}

interface Captured {
  type: 'captured';
  docs: number;
  payloadBytes: number;
}

interface Replicated {
  type: 'replicated';
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  ok: boolean;
  docsRead: number;
  docsWritten: number;
  docWriteFailures: number;
  errors: string[];
}

/** The first IPC message of `type` from a child; rejects if it exits first. */
function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      child.off('message', onMessage);
      reject(new Error(`${path.basename(String(child.spawnargs[1]))} exited (${signal ?? String(code)}) before sending '${type}'`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function serverStats(server: ChildProcess): Promise<ServerStats> {
  const answer = nextMessage<ServerStats>(server, 'stats');
  server.send('stats');
  return answer;
}

/** Runs a child to its end; its output goes to stderr (stdout is the bench's result). */
function forkPeer(script: string, args: string[], execArgv: string[]): ChildProcess {
  return fork(path.join(PEERS, script), args, { cwd: ROOT, execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

interface StoredSwap {
  _id: string;
  _conflicts?: string[];
  removed: { photoIds: string[] };
  installed: { photoIds: string[] };
  handover: { signaturePhotoId: string };
  _attachments?: Record<string, { content_type: string; length: number }>;
}

/**
 * Every swap on the server exactly once, without conflicts, naming the workload's photo ids, and every attachment's
 * bytes hashing to its id (the ids computed here from the workload, not taken from the device).
 */
async function verify(base: string, w: SyncWorkload, swaps: number): Promise<{ records: number; photos: number }> {
  const all = (await getJson(`${base}/${DATABASE}/_all_docs?include_docs=true&conflicts=true`)) as {
    total_rows: number;
    rows: { id: string; doc: StoredSwap }[];
  };
  const stored = all.rows.filter((row) => !row.id.startsWith('_design/'));
  if (stored.length !== swaps) throw new Error(`the server holds ${stored.length} documents, expected ${swaps}`);
  const byId = new Map(stored.map((row) => [row.id, row.doc]));
  if (byId.size !== swaps) throw new Error('the server holds a document twice');
  let photos = 0;
  const next = { swap: 0 };
  const checkSwap = async (swap: number) => {
    const doc = byId.get(`swap-${swap}`);
    if (!doc) throw new Error(`swap-${swap} is missing on the server`);
    if (doc._conflicts?.length) throw new Error(`swap-${swap} has conflicts: ${doc._conflicts.join(', ')}`);
    const names = [...Array.from({ length: w.photosPerSwap }, (_, index) => `photo-${index}.jpg`), 'signature.jpg'];
    const ids = names.map((_, index) => {
      const size = index === w.photosPerSwap ? w.signatureBytes : w.photoBytes;
      return createHash('sha256')
        .update(workloadPhoto(w.seed, swap, index, size, WORKLOAD_TINY_JPEG))
        .digest('hex');
    });
    const named = [...doc.removed.photoIds, ...doc.installed.photoIds, doc.handover.signaturePhotoId];
    if (named.join() !== ids.join()) throw new Error(`swap-${swap} names other photo ids than the workload's`);
    if (Object.keys(doc._attachments ?? {}).length !== names.length) throw new Error(`swap-${swap} has other attachments than its photos`);
    for (const [index, name] of names.entries()) {
      const res = await fetch(`${base}/${DATABASE}/swap-${swap}/${name}`);
      if (!res.ok) throw new Error(`swap-${swap}/${name}: ${res.status}`);
      const hash = createHash('sha256')
        .update(new Uint8Array(await res.arrayBuffer()))
        .digest('hex');
      if (hash !== ids[index]) throw new Error(`swap-${swap}/${name}: its bytes do not hash to its id`);
      photos++;
    }
  };
  // A few requests at a time: the server's CPU is not measured any more, only the check's length.
  const worker = async () => {
    while (next.swap < swaps) await checkSwap(next.swap++);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { records: byId.size, photos };
}

/**
 * One drain of `workload` (its first `options.swaps` swaps) through PouchDB → express-pouchdb on loopback, in fresh
 * temporary folders; throws if the server does not hold exactly what was captured afterwards.
 */
export async function runPouchDrain(workload: SyncWorkload, options: { swaps?: number; port?: number } = {}): Promise<DrainResult> {
  const swaps = options.swaps ?? workload.swaps;
  await ensurePeers();
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-pouch-'));
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  // However the bench ends, no peer process outlives it.
  process.once('exit', killAll);
  try {
    const capturing = forkPeer('client.mjs', ['capture', path.join(folder, 'device'), JSON.stringify({ ...workload, swaps })], ['--import', 'tsx']);
    children.push(capturing);
    const captured = await nextMessage<Captured>(capturing, 'captured');
    await exited(capturing);
    if (captured.docs !== swaps) throw new Error(`the device captured ${captured.docs} swaps, expected ${swaps}`);

    const server = forkPeer('server.mjs', [path.join(folder, 'server'), String(options.port ?? 0)], []);
    children.push(server);
    const { port } = await nextMessage<{ type: 'listening'; port: number }>(server, 'listening');
    const base = `http://127.0.0.1:${port}`;

    const before = await serverStats(server);
    const replicating = forkPeer('client.mjs', ['replicate', path.join(folder, 'device'), `${base}/${DATABASE}`], []);
    children.push(replicating);
    const replicated = await nextMessage<Replicated>(replicating, 'replicated');
    // Its sockets closed with it: the server has counted every byte of them.
    await exited(replicating);
    const after = await serverStats(server);
    if (!replicated.ok || replicated.docWriteFailures > 0 || replicated.docsWritten !== swaps) {
      throw new Error(`replication: ${JSON.stringify(replicated)}`);
    }

    const verified = await verify(base, workload, swaps);
    return {
      stack: 'pouchdb',
      backend: 'leveldb',
      link: null,
      swaps,
      photos: swaps * (workload.photosPerSwap + 1),
      payloadBytes: captured.payloadBytes,
      wallSeconds: replicated.wallSeconds,
      wireBytesUp: after.wireBytesUp - before.wireBytesUp,
      wireBytesDown: after.wireBytesDown - before.wireBytesDown,
      requests: after.requests - before.requests,
      clientCpuSeconds: replicated.cpuSeconds,
      serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
      clientPeakRssMB: replicated.peakRssMB,
      serverPeakRssMB: after.peakRssMB,
      verified,
    };
  } finally {
    killAll();
    await Promise.all(children.map(exited));
    process.off('exit', killAll);
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : undefined;
  };
  const swaps = flag('--swaps') ?? SYNC_WORKLOAD.swaps;
  const result = await runPouchDrain(SYNC_WORKLOAD, { swaps, port: flag('--port') });
  const recordBytes = result.payloadBytes - workloadPhotoBytes({ ...SYNC_WORKLOAD, swaps });
  // The rates bench/sync.ts derives, for a run by hand; stdout keeps the DrainResult alone.
  console.error(
    `${swaps} swaps (${(recordBytes / 1e3).toFixed(0)} kB of records, ${(result.payloadBytes / 1e6).toFixed(1)} MB in all): ` +
      `${result.wallSeconds.toFixed(2)} s, ${(swaps / result.wallSeconds).toFixed(1)} records/s, ` +
      `${(result.payloadBytes / 1e6 / result.wallSeconds).toFixed(1)} MB/s, wire ÷ payload ${(result.wireBytesUp / result.payloadBytes).toFixed(3)}`,
  );
  console.log(JSON.stringify(result, null, 2));
}
