import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNoticeSender, type SenderOptions } from '../../server/services/notices/sender';
import { signBody } from '../../server/services/notices/signature';
import type { NewNotice } from '../../server/store/notices';
import type { Store } from '../../server/store/store';
import { startFakeGateway, type FakeGateway } from './fakeGateway';
import { backends, createTestDatabase, FakeClock, TEST_NOW, type TestDatabase } from './harness';

const SECRET = 'test-notify-secret-0123456789';

function notice(teamId: string, n: number): NewNotice {
  return {
    messageId: `m-${n}`,
    teamId,
    workOrderId: null,
    customerCode: `PA0701${String(n).padStart(7, '0')}`,
    to: '0912345678',
    channel: 'sms',
    template: 'visit_notice',
    params: { n: String(n) },
    text: `Thông báo ${n}`,
  };
}

describe.each(backends)('notice queue and sender (%s)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let gateway: FakeGateway;
  let clock: FakeClock;
  let teamId: string;

  const sender = (overrides: Partial<SenderOptions> = {}, s: Store = store) =>
    createNoticeSender(s, clock, {
      webhookUrl: gateway.url,
      secret: SECRET,
      quietHours: { start: 21, end: 7 },
      timeoutMs: 300,
      retryBaseMs: 1_000,
      random: () => 0.5,
      ...overrides,
    });

  const enqueue = async (count: number, s: Store = store) => {
    const now = clock.now().toISOString();
    for (let i = 0; i < count; i += 1) await s.notices.enqueue(notice(teamId, i), now);
  };

  beforeEach(async () => {
    database = await createTestDatabase(backend);
    store = database.store;
    clock = new FakeClock(TEST_NOW);
    gateway = await startFakeGateway(SECRET, () => Math.floor(clock.now().getTime() / 1000));
    teamId = randomUUID();
    await store.teams.insertMissing([{ id: teamId, name: `Đội ${teamId.slice(0, 6)}`, province: 'Cà Mau' }], TEST_NOW.toISOString());
  });
  afterEach(async () => {
    await gateway.close();
    await database.destroy();
  });

  it('keeps one message per messageId however often it is enqueued', async () => {
    const now = clock.now().toISOString();
    expect(await store.notices.enqueue(notice(teamId, 1), now)).toBe(true);
    expect(await store.notices.enqueue({ ...notice(teamId, 1), text: 'khác' }, now)).toBe(false);
    expect(await store.notices.countByStatus()).toEqual({ queued: 1 });
    expect((await store.notices.find('m-1'))?.text).toBe('Thông báo 1');
  });

  it('sends each message once, signed, and marks it sent', async () => {
    await enqueue(25);
    const pass = await sender({ batchSize: 10 }).drain();
    expect(pass).toMatchObject({ claimed: 25, sent: 25, retried: 0, failed: 0 });
    expect(gateway.raw).toHaveLength(25);
    expect(new Set(gateway.raw.map((r) => r.messageId)).size).toBe(25);
    expect(gateway.badSignatures).toBe(0);
    expect(await store.notices.countByStatus()).toEqual({ sent: 25 });
    expect((await store.notices.find('m-3'))?.sentAt).toBe(TEST_NOW.toISOString());
    // Nothing left: another pass sends nothing.
    expect((await sender().drain()).claimed).toBe(0);
    expect(gateway.raw).toHaveLength(25);
  });

  it('retries a 5xx with exponential backoff, then succeeds', async () => {
    await enqueue(1);
    gateway.answer = (_id, nth) => (nth <= 2 ? 503 : 200);
    const s = sender();
    expect(await s.drain()).toMatchObject({ claimed: 1, retried: 1 });
    const first = await store.notices.find('m-0');
    expect(first).toMatchObject({ status: 'queued', attempts: 1, lastError: 'HTTP 503' });
    // Jitter 0.5 of a 1 s step: 750 ms after the failure.
    expect(first?.nextAttemptAt).toBe(new Date(TEST_NOW.getTime() + 750).toISOString());
    // Not due yet: nothing is sent.
    clock.advance(700);
    expect((await s.drain()).claimed).toBe(0);
    clock.advance(50);
    expect(await s.drain()).toMatchObject({ claimed: 1, retried: 1 });
    // The second step is twice as long: 1,500 ms.
    expect((await store.notices.find('m-0'))?.nextAttemptAt).toBe(new Date(clock.now().getTime() + 1_500).toISOString());
    clock.advance(1_500);
    expect(await s.drain()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await store.notices.find('m-0')).toMatchObject({ status: 'sent', attempts: 3 });
    expect(gateway.raw).toHaveLength(3);
    expect(gateway.delivered.size).toBe(1);
  });

  it('fails a 4xx at once, retries 408 and 429, and fails after the last attempt', async () => {
    await enqueue(3);
    gateway.answer = (id) => (id === 'm-0' ? 400 : id === 'm-1' ? 429 : 500);
    const s = sender({ maxAttempts: 2 });
    await s.drain();
    expect(await store.notices.find('m-0')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400' });
    expect((await store.notices.find('m-1'))?.status).toBe('queued');
    clock.advance(60_000);
    await s.drain();
    expect(await store.notices.find('m-1')).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await store.notices.find('m-2'))?.lastError).toBe('HTTP 500; gave up after 2 attempts');
    expect(gateway.raw.filter((r) => r.messageId === 'm-0')).toHaveLength(1);
  });

  it('retries a gateway that does not answer in time', async () => {
    await enqueue(1);
    gateway.answer = (_id, nth) => (nth === 1 ? 'hang' : 200);
    const s = sender({ timeoutMs: 200 });
    const started = Date.now();
    expect(await s.drain()).toMatchObject({ retried: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await store.notices.find('m-0'))?.lastError).toBe('timeout after 200 ms');
    clock.advance(1_000);
    expect(await s.drain()).toMatchObject({ sent: 1 });
    // The gateway saw it twice (the hung request did reach it) and sent it once.
    expect(gateway.raw).toHaveLength(2);
    expect(gateway.delivered.size).toBe(1);
  });

  it('holds messages during quiet hours and sends them when they end', async () => {
    // 22:00 in Vietnam.
    clock = new FakeClock(new Date('2026-11-24T15:00:00.000Z'));
    await enqueue(2);
    const s = sender();
    expect(await s.drain()).toMatchObject({ claimed: 0, held: 'quiet' });
    expect(s.wakeAt(clock.now()).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    clock.advance(8 * 3_600_000 + 59 * 60_000); // 06:59
    expect((await s.drain()).held).toBe('quiet');
    expect(gateway.raw).toHaveLength(0);
    clock.advance(60_000); // 07:00
    expect(await s.drain()).toMatchObject({ sent: 2, held: null });
    // `off` sends at any hour.
    clock = new FakeClock(new Date('2026-11-24T15:00:00.000Z'));
    await store.notices.enqueue(notice(teamId, 9), clock.now().toISOString());
    expect(await sender({ quietHours: null }).drain()).toMatchObject({ sent: 1 });
  });

  it('keeps messages queued when no webhook is configured', async () => {
    await enqueue(3);
    expect(await sender({ webhookUrl: null }).drain()).toMatchObject({ claimed: 0, held: 'no-webhook' });
    expect(await store.notices.countByStatus()).toEqual({ queued: 3 });
  });

  it('two senders on two connections racing on one queue send every message exactly once', async () => {
    const other = await database.reopen();
    await enqueue(300);
    const a = sender({ batchSize: 20, senderId: 'a' });
    const b = sender({ batchSize: 20, senderId: 'b' }, other);
    const [pa, pb] = await Promise.all([a.drain(), b.drain()]);
    expect(pa.sent + pb.sent).toBe(300);
    expect(gateway.raw).toHaveLength(300);
    expect(new Set(gateway.raw.map((r) => r.messageId)).size).toBe(300);
    expect(await store.notices.countByStatus()).toEqual({ sent: 300 });
  });

  it('a crash mid-send: the lease runs out, another sender sends again, the gateway dedupes (at least once)', async () => {
    await enqueue(5);
    // Sender "crashed" claims a batch, POSTs it (the gateway takes it), and dies before marking any sent.
    const claimed = await store.notices.claim('crashed', clock.now().toISOString(), new Date(clock.now().getTime() + 60_000).toISOString(), 3);
    expect(claimed.map((m) => m.messageId)).toEqual(['m-0', 'm-1', 'm-2']);
    for (const m of claimed) {
      const body = JSON.stringify({ messageId: m.messageId, to: m.to, text: m.text });
      const signature = signBody(SECRET, body, Math.floor(clock.now().getTime() / 1000));
      expect((await fetch(gateway.url, { method: 'POST', body, headers: { 'x-notify-signature': signature } })).status).toBe(200);
    }
    const other = await database.reopen();
    const survivor = sender({ senderId: 'survivor' }, other);
    // Under the lease, only the two unclaimed ones go.
    expect(await survivor.drain()).toMatchObject({ sent: 2 });
    clock.advance(60_000);
    expect(await survivor.drain()).toMatchObject({ sent: 3 });
    expect(await store.notices.countByStatus()).toEqual({ sent: 5 });
    // Raw deliveries: 8 (3 repeated); messages sent to phones: 5.
    expect(gateway.raw).toHaveLength(8);
    expect(gateway.delivered.size).toBe(5);
    // The crashed sender, back, cannot settle what it no longer holds.
    expect(await store.notices.markFailed('m-0', 'crashed', 'late')).toBe(false);
    expect((await store.notices.find('m-0'))?.status).toBe('sent');
  });

  it('measures throughput through the fake gateway', async () => {
    const count = 2_000;
    const now = clock.now().toISOString();
    await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        (async () => {
          for (let i = k; i < count; i += 20) await store.notices.enqueue(notice(teamId, i), now);
        })(),
      ),
    );
    const started = performance.now();
    const pass = await sender({ batchSize: 200, concurrency: 20 }).drain();
    const seconds = (performance.now() - started) / 1000;
    expect(pass.sent).toBe(count);
    expect(gateway.delivered.size).toBe(count);
    console.log(`notice throughput (${backend}): ${count} messages in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} messages/s`);
  }, 120_000);
});
