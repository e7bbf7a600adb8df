/**
 * The notice queue's throughput (issue 15 §3): COUNT messages queued in a fresh SQLite file and a fresh PostgreSQL
 * schema, then drained through the real sender (default batch 100, 10 POSTs in flight, signed) into a gateway on
 * loopback that answers 200 at once, first by one sender, then again (re-queued) by SENDERS senders at once, as
 * several server processes would. Each message is a visit notice of its own work order, so settling it also shows it
 * on the order (one more transaction per message). Counts what the gateway got: every message exactly once is
 * checked, not assumed.
 *
 *   npm run bench:notices -- [--count 20000] [--senders 2] [--backend sqlite|postgres|both]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../server/services/clock';
import { createNoticeSender } from '../server/services/notices/sender';
import type { NewNotice } from '../server/store/notices';
import type { NewWorkOrder } from '../server/store/records';
import { createStore, type Store } from '../server/store/store';
import { dropScratchSchema } from './lib/scratchSchema';

const { values } = parseArgs({
  options: { count: { type: 'string' }, senders: { type: 'string' }, backend: { type: 'string' } },
  strict: true,
});
const COUNT = Number(values.count ?? 20_000);
const SENDERS = Number(values.senders ?? 2);
const BACKEND = values.backend ?? 'both';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = 'bench-notify-secret-0123456789';

async function gateway() {
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { messageId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId: string };
      seen.set(messageId, (seen.get(messageId) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, seen, close: () => server.close() };
}

/** One work order per message, so settling a visit notice also shows it on its order, as in production. */
function orders(teamId: string): NewWorkOrder[] {
  const at = systemClock.now().toISOString();
  return Array.from({ length: COUNT }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    code: `BENCH-${i}`,
    customerCode: `PA${String(i).padStart(11, '0')}`,
    customerName: `Khách hàng ${i}`,
    phone: `09${String(i).padStart(8, '0')}`,
    address: `${i} Ấp Tân Thành`,
    commune: 'Tân Thành',
    province: 'Cà Mau',
    lat: 9.17,
    lng: 105.15,
    stationCode: null,
    routeCode: null,
    routeOrder: null,
    phases: 1,
    oldMeterSerial: `CT${i}`,
    oldMeterType: null,
    lastBilledReading: null,
    reason: null,
    plannedDate: '2026-11-25',
    status: 'unassigned',
    assigneeId: null,
    version: 1,
    teamId,
    createdAt: at,
    updatedAt: at,
  }));
}

async function enqueue(store: Store, teamId: string, round: string): Promise<void> {
  const at = systemClock.now().toISOString();
  const notices: NewNotice[] = Array.from({ length: COUNT }, (_, i) => ({
    messageId: `bench:${round}:${i}`,
    teamId,
    workOrderId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    customerCode: `PA${String(i).padStart(11, '0')}`,
    to: `09${String(i).padStart(8, '0')}`,
    channel: 'zalo',
    template: 'visit_notice',
    params: { date: '25/11/2026', visitDate: '2026-11-25' },
    text: `Đội QLKH thông báo: ngày 25/11/2026, nhân viên điện lực sẽ đến thay công tơ điện nhà khách hàng ${i}. Quý khách vui lòng có mặt tại nhà.`,
  }));
  await store.transaction(async (tx) => {
    tx.atCommit.enqueueNotices(notices, at);
    return Promise.resolve();
  });
}

async function drain(store: Store, url: string, senders: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, () => createNoticeSender(store, systemClock, { webhookUrl: url, secret: SECRET, quietHours: null }).drain()),
  );
  return performance.now() - started;
}

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-notices-'));
  const schema = `bench_notices_${Date.now().toString(36)}`;
  const store = await createStore(backend === 'sqlite' ? { dataDir } : { databaseUrl: PG_URL, schema });
  const gw = await gateway();
  try {
    await store.migrate();
    const teamId = 'bench-team';
    await store.teams.insertMissing([{ id: teamId, name: 'Đội QLKH', province: 'Cà Mau' }], systemClock.now().toISOString());
    await store.workOrders.insertMany(orders(teamId));
    const rounds: [string, number][] = [
      ['one', 1],
      ['many', SENDERS],
    ];
    for (const [round, senders] of rounds) {
      await enqueue(store, teamId, round);
      const ms = await drain(store, gw.url, senders);
      const ours = [...gw.seen.entries()].filter(([id]) => id.startsWith(`bench:${round}:`));
      const twice = ours.filter(([, n]) => n > 1).length;
      if (ours.length !== COUNT || twice > 0) throw new Error(`${backend} ${round}: gateway got ${ours.length} of ${COUNT}, ${twice} twice`);
      const shown = await store.workOrders.findById(`00000000-0000-4000-8000-${String(COUNT - 1).padStart(12, '0')}`);
      if (shown?.notice?.state !== 'sent') throw new Error(`${backend} ${round}: the last order does not show its notice`);
      process.stdout.write(
        `${backend}: ${COUNT} messages, ${senders} sender(s): ${Math.round(ms)} ms, ${Math.round((COUNT * 1000) / ms)} messages/s, ` +
          `each exactly once; load ${loadavg()[0]?.toFixed(2)}\n`,
      );
    }
  } finally {
    gw.close();
    await store.close();
    if (backend === 'sqlite') rmSync(dataDir, { recursive: true, force: true });
    else {
      await dropScratchSchema(PG_URL, schema);
    }
  }
}

for (const backend of ['sqlite', 'postgres'] as const) if (BACKEND === 'both' || BACKEND === backend) await run(backend);
