/**
 * The peer's device for bench/lib/pouchPeer.ts (issue 14), a process of its own so that its CPU and memory are
 * its own. Two steps, two processes, so that the capture's memory does not count in the drain's peak RSS:
 *
 *   node --import tsx bench/peers/client.mjs capture <dataDir> <workload JSON>   (from the project root: it reads syncWorkload.ts)
 *   node bench/peers/client.mjs replicate <dataDir> <remoteUrl>
 *
 * `capture` is the technician's day recorded offline (not timed): a fresh PouchDB on LevelDB, one document per swap,
 * `{ _id: 'swap-<n>', ...workloadSwapArgs(…) }` with its four photos and the signature as binary attachments, put
 * one by one as the app would save them. `replicate` is the drain: ONE `local.replicate.to(remoteUrl)` with
 * PouchDB's defaults (batch_size 100, batches_limit 10), timed with this process's CPU around it.
 * Each step reports over its IPC channel (child_process.fork).
 */
import PouchDB from 'pouchdb';

const [mode, dataDir, target] = process.argv.slice(2);

function report(message) {
  return new Promise((resolve) => process.send(message, resolve));
}

/**
 * The work order swap `swap` is recorded on, from the swap's number alone (the peer has no work-order server; ours
 * takes real ones, whose fields have the same shapes and about the same lengths).
 */
function syntheticOrder(swap) {
  return {
    id: `00000000-0000-4000-8000-${swap.toString(16).padStart(12, '0')}`,
    version: 1,
    oldMeterSerial: `CK${String(10_000_000 + swap)}`,
    lastBilledReading: 1000 + 3 * swap,
    lat: 19.8 + (swap % 100) * 0.001,
    lng: 105.7 + Math.floor(swap / 100) * 0.001,
  };
}

/** The capture's clock: a fixed morning, one swap a minute, so every run writes the same bytes. */
function capturedAt(swap) {
  return new Date(Date.UTC(2026, 2, 2, 1, 0, 0) + swap * 60_000).toISOString();
}

/** `w`: a SyncWorkload (bench/lib/syncWorkload.ts); all its swaps are captured. */
async function capture(w) {
  const { createHash } = await import('node:crypto');
  const { WORKLOAD_TINY_JPEG, workloadPhoto, workloadSwapArgs } = await import('../lib/syncWorkload.ts');
  const db = new PouchDB(dataDir);
  let payloadBytes = 0;
  for (let swap = 0; swap < w.swaps; swap++) {
    const attachments = {};
    const ids = [];
    for (let index = 0; index <= w.photosPerSwap; index++) {
      const size = index === w.photosPerSwap ? w.signatureBytes : w.photoBytes;
      const bytes = Buffer.from(workloadPhoto(w.seed, swap, index, size, WORKLOAD_TINY_JPEG).buffer);
      const name = index === w.photosPerSwap ? 'signature.jpg' : `photo-${index}.jpg`;
      attachments[name] = { content_type: 'image/jpeg', data: bytes };
      ids.push(createHash('sha256').update(bytes).digest('hex'));
      payloadBytes += size;
    }
    const signatureId = ids.pop();
    const args = workloadSwapArgs(w.seed, swap, syntheticOrder(swap), ids, signatureId, capturedAt(swap));
    payloadBytes += Buffer.byteLength(JSON.stringify(args));
    await db.put({ _id: `swap-${swap}`, ...args, _attachments: attachments });
  }
  const info = await db.info();
  await db.close();
  await report({ type: 'captured', docs: info.doc_count, payloadBytes });
}

async function replicate(remoteUrl) {
  const local = new PouchDB(dataDir);
  // Opened before the clock starts: the drain begins with the device's database ready, as in the app.
  await local.info();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await local.replicate.to(remoteUrl);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  await local.close();
  await report({
    type: 'replicated',
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // resourceUsage() gives kilobytes (KiB on Linux).
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    ok: result.ok,
    docsRead: result.docs_read,
    docsWritten: result.docs_written,
    docWriteFailures: result.doc_write_failures,
    errors: result.errors.map((error) => String(error)),
  });
}

if (!process.send || !dataDir || !target) {
  console.error('usage: fork bench/peers/client.mjs capture <dataDir> <workload JSON> | replicate <dataDir> <remoteUrl> (with an IPC channel)');
  process.exit(2);
}
if (mode === 'capture') await capture(JSON.parse(target));
else if (mode === 'replicate') await replicate(target);
else throw new Error(`unknown mode ${mode}`);
process.disconnect();
