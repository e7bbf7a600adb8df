/**
 * Sync efficiency: bytes on the wire per swap ÷ bytes of its payload and photos (the physical limit is 1.0).
 *
 *   node --import tsx bench/wire.ts [--devices 6] [--swaps 10] [--photos 5] [--photo-kb 100-120] [--signature-kb 10]
 *
 * Every device runs the real client modules (src/sync's engine, push, pull and photo queue over src/local on
 * fake-indexeddb, as scripts/chaos.ts does) against a real server process (SQLite, demo data), through a TCP proxy
 * that counts every byte both ways at the socket and splits the HTTP/1.1 stream into messages: start line and
 * headers, bodies (chunk framing included), per kind of request (push, pull, photo HEAD, photo PUT, other).
 * Requests carry the headers Chrome on Android adds (user agent, client hints, fetch metadata, languages, cookie).
 *
 * A swap is written as the capture flow writes it (the `swap.complete` outbox row and its photos in one IndexedDB
 * transaction: 5 JPEG-like photos of 100–120 KB of random bytes behind a real JPEG header, and a ~10 KB PNG
 * signature), then the app's "write" trigger syncs: push, then pull, then the photo queue (HEAD, then PUT).
 * Devices work in parallel, each swap after the previous one drained, as a technician online all day does.
 *
 * Counted: everything on the wire from the first swap to the last photo acknowledged, the pulls that follow each
 * push included (they carry the swap's own consequences back: the work order's new status, the completion);
 * sign-in and the first full pull of the day are not per swap and are reported apart. Divided by the sum of
 * the swaps' mutation args (JSON bytes) and photo bytes. Writes bench/results/wire.figures.json and wire.json.
 */
import 'fake-indexeddb/auto';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SwapCompleteArgs } from '../src/domain/protocol/mutations';
import type { WorkOrder } from '../src/domain/workOrder/workOrder';
import { openUserDatabase, pullStoreFor, type UserDatabase } from '../src/local';
import { enqueueMutation } from '../src/local/outbox';
import { pushStoreFor } from '../src/local/outboxStore';
import { photoQueueStoreFor } from '../src/local/photoQueueStore';
import { addPhoto } from '../src/local/photoStore';
import { noLocks, type Clock } from '../src/platform';
import { createApiClient, SyncEngine, type ApiClient } from '../src/sync';
import { startServerProcess, type ServerProcess } from '../scripts/serverProcess';
import { paddedPng } from '../scripts/testImages';
import { figure, formatTable, RESULTS_DIR, writeFigures, type Figure } from './lib/figures';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const DEVICES = Number(args.get('devices') ?? 6);
const SWAPS = Number(args.get('swaps') ?? 10);
const PHOTOS = Number(args.get('photos') ?? 5);
const [PHOTO_KB_MIN, PHOTO_KB_MAX] = (args.get('photo-kb') ?? '100-120').split('-').map(Number) as [number, number?];
const SIGNATURE_KB = Number(args.get('signature-kb') ?? 10);
const BUDGET = 1.1;
const ACCOUNTS = ['tech1', 'tech2', 'tech3', 'tech4', 'tech5', 'tech6'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------------------------------
// The byte-counting proxy

type Kind = 'push' | 'pull' | 'photoHead' | 'photoPut' | 'other';
const KINDS: readonly Kind[] = ['push', 'pull', 'photoHead', 'photoPut', 'other'];

interface Tally {
  requests: number;
  requestHeaders: number;
  requestBodies: number;
  responseHeaders: number;
  responseBodies: number;
}

const emptyTally = (): Tally => ({ requests: 0, requestHeaders: 0, requestBodies: 0, responseHeaders: 0, responseBodies: 0 });

function kindOf(method: string, target: string): Kind {
  const p = target.split('?')[0] ?? '';
  if (method === 'POST' && p === '/api/v1/sync/push') return 'push';
  if (method === 'GET' && p === '/api/v1/sync/pull') return 'pull';
  if (method === 'HEAD' && p.startsWith('/api/v1/photos/')) return 'photoHead';
  if (method === 'PUT' && p.startsWith('/api/v1/photos/')) return 'photoPut';
  return 'other';
}

interface Head {
  startLine: string;
  headers: Map<string, string>;
}

type BodyMode = { type: 'none' } | { type: 'length'; bytes: number } | { type: 'chunked' } | { type: 'close' };

/**
 * Splits one direction of an HTTP/1.1 connection into messages (no pipelining: the client waits for each answer).
 * `onHead` says how the body is framed; `onMessage` gets each message's header and body byte counts.
 */
class MessageSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  private state: 'head' | 'length' | 'chunkSize' | 'chunkData' | 'trailer' | 'close' = 'head';
  private remaining = 0;
  private headBytes = 0;
  private bodyBytes = 0;

  constructor(
    private readonly onHead: (head: Head) => BodyMode,
    private readonly onMessage: (headBytes: number, bodyBytes: number) => void,
  ) {}

  feed(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.state === 'head') {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = this.buffer.subarray(0, end).toString('latin1');
        const [startLine = '', ...lines] = text.split('\r\n');
        const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        this.headBytes = end + 4;
        this.bodyBytes = 0;
        this.buffer = this.buffer.subarray(end + 4);
        const mode = this.onHead({ startLine, headers });
        if (mode.type === 'none' || (mode.type === 'length' && mode.bytes === 0)) this.finish();
        else if (mode.type === 'length') {
          this.state = 'length';
          this.remaining = mode.bytes;
        } else this.state = mode.type === 'chunked' ? 'chunkSize' : 'close';
      } else if (this.state === 'length' || this.state === 'chunkData') {
        const take = Math.min(this.remaining, this.buffer.length);
        this.bodyBytes += take;
        this.remaining -= take;
        this.buffer = this.buffer.subarray(take);
        if (this.remaining > 0) return;
        if (this.state === 'length') this.finish();
        else this.state = 'chunkSize';
      } else if (this.state === 'chunkSize') {
        const end = this.buffer.indexOf('\r\n');
        if (end < 0) return;
        const size = parseInt(this.buffer.subarray(0, end).toString('latin1').split(';')[0] ?? '', 16);
        this.bodyBytes += end + 2;
        this.buffer = this.buffer.subarray(end + 2);
        if (size === 0) this.state = 'trailer';
        else {
          this.state = 'chunkData';
          this.remaining = size + 2; // the data and its CRLF
        }
      } else if (this.state === 'trailer') {
        const end = this.buffer.indexOf('\r\n');
        if (end < 0) return;
        this.bodyBytes += end + 2;
        this.buffer = this.buffer.subarray(end + 2);
        if (end === 0) this.finish();
      } else {
        this.bodyBytes += this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return;
      }
    }
  }

  /** The connection closed: a body framed by the close ends here. */
  end(): void {
    if (this.state === 'close') this.finish();
  }

  private finish(): void {
    this.onMessage(this.headBytes, this.bodyBytes);
    this.state = 'head';
  }
}

function bodyMode(headers: Map<string, string>): BodyMode {
  if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) return { type: 'chunked' };
  const length = headers.get('content-length');
  return length === undefined ? { type: 'none' } : { type: 'length', bytes: Number(length) };
}

/** A TCP proxy in front of the server that counts every byte both ways, and attributes them to HTTP messages. */
class MeteringProxy {
  readonly tallies = new Map<Kind, Tally>(KINDS.map((k) => [k, emptyTally()]));
  rawUp = 0;
  rawDown = 0;
  connections = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly targetPort: number) {}

  async listen(): Promise<number> {
    const server = createServer((client) => this.connection(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  private connection(client: Socket): void {
    this.connections += 1;
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    // The kind and method of each request waiting for its answer, in order.
    const waiting: { kind: Kind; method: string }[] = [];
    const requests = new MessageSplitter(
      ({ startLine, headers }) => {
        const [method = '', target = ''] = startLine.split(' ');
        waiting.push({ kind: kindOf(method, target), method });
        return bodyMode(headers);
      },
      (head, body) => {
        const t = this.tally(waiting.at(-1)?.kind ?? 'other');
        t.requests += 1;
        t.requestHeaders += head;
        t.requestBodies += body;
      },
    );
    let answering: { kind: Kind; method: string } | undefined;
    const responses = new MessageSplitter(
      ({ startLine, headers }) => {
        answering = waiting.shift();
        const status = Number(startLine.split(' ')[1] ?? 0);
        if (answering?.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return { type: 'none' };
        const mode = bodyMode(headers);
        return mode.type === 'none' ? { type: 'close' } : mode;
      },
      (head, body) => {
        const t = this.tally(answering?.kind ?? 'other');
        t.responseHeaders += head;
        t.responseBodies += body;
      },
    );
    client.on('data', (chunk: Buffer) => {
      this.rawUp += chunk.length;
      requests.feed(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      this.rawDown += chunk.length;
      responses.feed(chunk);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      responses.end();
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }

  private tally(kind: Kind): Tally {
    const t = this.tallies.get(kind);
    if (!t) throw new Error(`no tally for ${kind}`);
    return t;
  }

  /** A copy of the counters, to subtract phases. */
  snapshot(): { tallies: Map<Kind, Tally>; rawUp: number; rawDown: number } {
    return { tallies: new Map([...this.tallies].map(([k, t]) => [k, { ...t }])), rawUp: this.rawUp, rawDown: this.rawDown };
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

type Snapshot = ReturnType<MeteringProxy['snapshot']>;

function difference(after: Snapshot, before: Snapshot): Snapshot {
  const tallies = new Map<Kind, Tally>();
  for (const kind of KINDS) {
    const a = after.tallies.get(kind) ?? emptyTally();
    const b = before.tallies.get(kind) ?? emptyTally();
    tallies.set(kind, {
      requests: a.requests - b.requests,
      requestHeaders: a.requestHeaders - b.requestHeaders,
      requestBodies: a.requestBodies - b.requestBodies,
      responseHeaders: a.responseHeaders - b.responseHeaders,
      responseBodies: a.responseBodies - b.responseBodies,
    });
  }
  return { tallies, rawUp: after.rawUp - before.rawUp, rawDown: after.rawDown - before.rawDown };
}

const tallyBytes = (t: Tally) => t.requestHeaders + t.requestBodies + t.responseHeaders + t.responseBodies;

// ---------------------------------------------------------------------------------------------------------------
// The server and the devices

/** The server on SQLite in `dataDir`, with the demo data. */
function startServer(dataDir: string): Promise<ServerProcess> {
  return startServerProcess({ DATABASE_URL: undefined, DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'warn' }, { output: 'inherit' });
}

const timerClock: Clock = {
  now: () => Date.now(),
  schedule: (cb, ms) => {
    const h = setTimeout(cb, ms);
    return () => clearTimeout(h);
  },
};

/** Chrome 131 on an Android phone: the headers it adds to a same-origin fetch from the installed app. */
function browserHeaders(origin: string, method: string): Record<string, string> {
  return {
    'user-agent': 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'sec-ch-ua': '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
    'sec-ch-ua-mobile': '?1',
    'sec-ch-ua-platform': '"Android"',
    'accept-encoding': 'gzip, deflate, br, zstd',
    'accept-language': 'vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7',
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
    referer: `${origin}/`,
    ...(method === 'GET' || method === 'HEAD' ? {} : { origin }),
  };
}

/** A JPEG as a phone's compressor leaves it: JFIF and frame headers (1600 × 1200), then entropy-coded (random) data. */
function jpegLike(size: number): Uint8Array {
  const head = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11,
    0x08, 0x04, 0xb0, 0x06, 0x40, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11,
    0x03, 0x11, 0x00, 0x3f, 0x00,
  ]);
  return new Uint8Array(Buffer.concat([head, randomBytes(Math.max(0, size - head.length - 2)), Buffer.from([0xff, 0xd9])]));
}

/** A signature PNG of `size` bytes, incompressible (random padding): a real one, as the server checks every image. */
function pngLike(size: number): Uint8Array {
  return paddedPng(size);
}

interface Written {
  workOrderId: string;
  completionId: string;
  account: string;
  photoIds: string[];
  argsBytes: number;
  photoBytes: number;
}

class Device {
  readonly written: Written[] = [];
  private readonly cookies = new Map<string, string>();
  readonly api: ApiClient;
  db!: UserDatabase;
  engine!: SyncEngine;

  constructor(
    readonly index: number,
    private readonly origin: string,
  ) {
    this.api = createApiClient({ transport: (input, init) => this.transport(input, init), clock: timerClock });
  }

  get account(): string {
    return ACCOUNTS[this.index % ACCOUNTS.length] ?? 'tech1';
  }

  private async transport(input: string, init: RequestInit): Promise<Response> {
    const method = init.method ?? 'GET';
    const headers = new Headers(browserHeaders(this.origin, method));
    new Headers(init.headers).forEach((value, key) => headers.set(key, value));
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const { credentials: _credentials, cache: _cache, ...rest } = init;
    const res = await fetch(this.origin + input, { ...rest, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  }

  async signIn(): Promise<void> {
    const me = await this.api.login({ username: this.account, password: 'demo1234' });
    if (!me.ok) throw new Error(`sign-in of ${this.account}: ${me.error.code}`);
    this.db = await openUserDatabase(`${me.value.id}~wire${this.index}`, { uuid: () => randomUUID(), now: () => Date.now() });
    this.engine = new SyncEngine({
      api: this.api,
      store: pullStoreFor(this.db),
      platform: {
        clock: timerClock,
        random: { next: Math.random, uuid: randomUUID },
        network: { isOnline: () => true, subscribe: () => () => undefined },
        visibility: { onVisible: () => () => undefined },
        locks: noLocks,
      },
      lockName: `wire-${this.index}`,
      onUnauthenticated: () => undefined,
      push: { api: this.api, store: pushStoreFor(this.db) },
      photos: { api: this.api, store: photoQueueStoreFor(this.db) },
    });
    await this.engine.start();
    await this.drained();
  }

  /** Nothing left to send: outbox and photo queue empty, no run or upload in flight. */
  async drained(): Promise<void> {
    for (let i = 0; ; i++) {
      const snapshot = this.engine.getSnapshot();
      const outbox = await this.db.outbox.where('status').equals('pending').count();
      const photos = await this.db.photos.where('status').equals('pending').count();
      if (
        snapshot.phase === 'idle' &&
        snapshot.errorCode === null &&
        snapshot.photoErrorCode === null &&
        snapshot.uploadingPhotoIds.length === 0 &&
        outbox === 0 &&
        photos === 0
      )
        return;
      if (snapshot.errorCode !== null || snapshot.photoErrorCode !== null)
        throw new Error(`device ${this.index}: ${snapshot.errorCode ?? snapshot.photoErrorCode}`);
      if (i > 6000) throw new Error(`device ${this.index} did not drain`);
      await sleep(20);
    }
  }

  /** This device's share of its account's open work orders (several devices may share one demo account). */
  async myOrders(devicesOfAccount: number): Promise<WorkOrder[]> {
    const all = (await this.db.workOrders.orderBy('id').toArray()).filter((wo) => wo.status === 'assigned');
    const slot = Math.floor(this.index / ACCOUNTS.length);
    return all.filter((_wo, i) => i % devicesOfAccount === slot);
  }

  /** The capture flow's end: photos and the `swap.complete` outbox row in one transaction. */
  async writeSwap(wo: WorkOrder): Promise<void> {
    const kb = () => (PHOTO_KB_MIN + Math.random() * ((PHOTO_KB_MAX ?? PHOTO_KB_MIN) - PHOTO_KB_MIN)) * 1024;
    const photos = Array.from({ length: PHOTOS }, () => jpegLike(Math.round(kb()))).map((bytes) => ({
      id: sha256(bytes),
      bytes,
      mime: 'image/jpeg',
    }));
    const signatureBytes = pngLike(Math.round(SIGNATURE_KB * 1024 * (0.9 + Math.random() * 0.2)));
    const signature = { id: sha256(signatureBytes), bytes: signatureBytes, mime: 'image/png' };
    const removedCount = Math.min(2, Math.max(1, PHOTOS - 1));
    const at = new Date().toISOString();
    const swap: SwapCompleteArgs = {
      completionId: randomUUID(),
      workOrderId: wo.id,
      baseVersion: wo.version,
      removed: {
        serial: wo.oldMeterSerial,
        serialMatches: true,
        readings: { total: (wo.lastBilledReading ?? 0) + 137 },
        sealCondition: 'intact',
        sealCodes: ['TH-0412775'],
        photoIds: photos.slice(0, removedCount).map((p) => p.id),
      },
      installed: {
        serial: `24${randomBytes(5).toString('hex').toUpperCase()}`,
        model: 'DDS26-D 5(60)A',
        readings: { total: 0.3 },
        seals: [
          { code: 'TC-1029384', beads: 2 },
          { code: 'TC-1029385', beads: 2 },
        ],
        photoIds: photos.slice(removedCount).map((p) => p.id),
        position: 'pole',
        poleBoxNo: `C${Math.floor(Math.random() * 90 + 10)}/H${Math.floor(Math.random() * 9 + 1)}`,
        manufactureYear: 2025,
        verificationDate: '2025-09-12',
        remoteRead: 'rf_mesh',
      },
      gps: { lat: wo.lat, lng: wo.lng, accuracyM: 8, at },
      handover: {
        signerName: 'Nguyễn Thị Hoa',
        signerRole: 'customer',
        signerPhone: '0912345678',
        signaturePhotoId: signature.id,
        cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
      },
      completedAt: at,
    };
    const all = [...photos, signature];
    const db = this.db;
    const row = await db.transaction('rw', [db.outbox, db.meta, db.photos, db.photoBytes], async () => {
      for (const p of all) await addPhoto(db, { photoId: p.id, mime: p.mime, bytes: p.bytes.slice().buffer }, wo.id, Date.now());
      return enqueueMutation(db, 'swap.complete', swap, { uuid: randomUUID, now: Date.now });
    });
    this.written.push({
      workOrderId: wo.id,
      completionId: swap.completionId,
      account: this.account,
      photoIds: all.map((p) => p.id),
      // The args as the outbox holds them (parsed with the shared schema): what the push carries.
      argsBytes: Buffer.byteLength(JSON.stringify(row.args)),
      photoBytes: all.reduce((n, p) => n + p.bytes.length, 0),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function verify(port: number, written: readonly Written[]): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const cookies = new Map<string, string>();
  for (const supervisor of ['supervisor1', 'supervisor2']) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: supervisor, password: 'demo1234' }),
    });
    cookies.set(
      supervisor,
      res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    );
  }
  const supervisorOf = (account: string) => (ACCOUNTS.indexOf(account) < 3 ? 'supervisor1' : 'supervisor2');
  for (const w of written) {
    const res = await fetch(`${base}/api/v1/work-orders/${w.workOrderId}`, { headers: { cookie: cookies.get(supervisorOf(w.account)) ?? '' } });
    const detail = (await res.json()) as { completions?: { id: string; mediaStatus: string }[] };
    const copies = (detail.completions ?? []).filter((c) => c.id === w.completionId);
    if (copies.length !== 1 || copies[0]?.mediaStatus !== 'complete')
      throw new Error(`swap ${w.completionId} stored ${copies.length} times, media ${copies[0]?.mediaStatus}`);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-wire-'));
  const server = await startServer(dataDir);
  const { port } = server;
  const proxy = new MeteringProxy(port);
  try {
    const origin = `http://127.0.0.1:${await proxy.listen()}`;
    const devices = Array.from({ length: DEVICES }, (_, i) => new Device(i, origin));
    const devicesOf = (d: Device) => devices.filter((x) => x.account === d.account).length;

    // The start of the day: sign-in and the first full pull. Not per swap: reported apart.
    const start = proxy.snapshot();
    for (const d of devices) await d.signIn();
    const ready = proxy.snapshot();

    // The day: each device completes its swaps one after the other, syncing each as the app's write trigger does.
    await Promise.all(
      devices.map(async (d) => {
        const orders = (await d.myOrders(devicesOf(d))).slice(0, SWAPS);
        if (orders.length < SWAPS) throw new Error(`device ${d.index} has only ${orders.length} open work orders`);
        for (const wo of orders) {
          await d.writeSwap(wo);
          await d.engine.requestSync('write');
          await d.drained();
        }
      }),
    );
    const day = difference(proxy.snapshot(), ready);
    const setup = difference(ready, start);
    const written = devices.flatMap((d) => d.written);
    await verify(port, written);
    for (const d of devices) d.engine.stop();

    // Every byte was attributed to a message (the split is exact), or the figures mean nothing.
    const attributed = [...day.tallies.values()].reduce((n, t) => n + tallyBytes(t), 0);
    if (attributed !== day.rawUp + day.rawDown) throw new Error(`attributed ${attributed} of ${day.rawUp + day.rawDown} bytes`);

    const swaps = written.length;
    const argsBytes = written.reduce((n, w) => n + w.argsBytes, 0);
    const photoBytes = written.reduce((n, w) => n + w.photoBytes, 0);
    const payload = argsBytes + photoBytes;
    const wire = day.rawUp + day.rawDown;
    const t = (k: Kind) => day.tallies.get(k) ?? emptyTally();
    const headers = KINDS.reduce((n, k) => n + t(k).requestHeaders + t(k).responseHeaders, 0);
    const pullBytes = tallyBytes(t('pull'));
    const parts = {
      requestHeaders: KINDS.reduce((n, k) => n + t(k).requestHeaders, 0),
      responseHeaders: KINDS.reduce((n, k) => n + t(k).responseHeaders, 0),
      pushEnvelopes: t('push').requestBodies - argsBytes,
      photoBodiesOverPhotos: t('photoPut').requestBodies - photoBytes,
      pushAnswers: t('push').responseBodies,
      photoAnswers: t('photoPut').responseBodies + t('photoHead').responseBodies,
      pullRequestsAndAnswers: t('pull').requestBodies + t('pull').responseBodies,
      other: tallyBytes(t('other')),
    };
    const perKind = Object.fromEntries(KINDS.map((k) => [k, { ...t(k), perSwap: Number((tallyBytes(t(k)) / swaps).toFixed(0)) }]));
    const ratio = wire / payload;
    const ratioWithoutPulls = (wire - pullBytes) / payload;

    console.log(
      `${DEVICES} devices × ${SWAPS} swaps = ${swaps} swaps, ${PHOTOS} photos of ${PHOTO_KB_MIN}–${PHOTO_KB_MAX ?? PHOTO_KB_MIN} KB + a ${SIGNATURE_KB} KB signature each; ${proxy.connections} TCP connections`,
    );
    console.log(
      `payload per swap ${(payload / swaps).toFixed(0)} B (args ${(argsBytes / swaps).toFixed(0)}, photos ${(photoBytes / swaps).toFixed(0)}); on the wire per swap ${(wire / swaps).toFixed(0)} B (up ${(day.rawUp / swaps).toFixed(0)}, down ${(day.rawDown / swaps).toFixed(0)})`,
    );
    console.log(`ratio ${ratio.toFixed(4)} (without the pulls after the pushes ${ratioWithoutPulls.toFixed(4)})`);
    console.log('overhead per swap (B):', Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v / swaps)])));
    console.log('requests per swap:', Object.fromEntries(KINDS.map((k) => [k, Number((t(k).requests / swaps).toFixed(2))])));
    console.log(`start of the day (sign-in + first pull, not counted): ${setup.rawUp + setup.rawDown} B for ${DEVICES} devices`);

    const figures: Figure[] = [
      figure('wire: bytes on the wire ÷ payload and photos, per swap', ratio, 'ratio', { max: BUDGET }),
      figure('wire: the same without the pulls after pushes', ratioWithoutPulls, 'ratio'),
      figure('wire: headers per swap (both ways)', headers / swaps, 'B'),
      figure('wire: push envelope and answer per swap', (parts.pushEnvelopes + parts.pushAnswers) / swaps, 'B'),
      figure('wire: pulls after pushes per swap', pullBytes / swaps, 'B'),
    ];
    console.log(`\n${formatTable(figures)}`);
    writeFigures('wire', figures);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(
      path.join(RESULTS_DIR, 'wire.json'),
      `${JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          devices: DEVICES,
          swapsPerDevice: SWAPS,
          photosPerSwap: PHOTOS,
          photoKB: [PHOTO_KB_MIN, PHOTO_KB_MAX ?? PHOTO_KB_MIN],
          signatureKB: SIGNATURE_KB,
          swaps,
          payloadBytes: payload,
          argsBytes,
          photoBytes,
          wireBytes: wire,
          upBytes: day.rawUp,
          downBytes: day.rawDown,
          ratio: Number(ratio.toFixed(4)),
          ratioWithoutPulls: Number(ratioWithoutPulls.toFixed(4)),
          overheadPerSwap: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v / swaps)])),
          perKind,
          startOfDayBytes: setup.rawUp + setup.rawDown,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await proxy.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
