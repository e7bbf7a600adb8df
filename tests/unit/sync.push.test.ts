import { afterEach, describe, expect, it } from 'vitest';
import { PUSH_MAX_BYTES, type MutationEnvelope, type PushRequest, type PushResponse } from '../../src/domain/protocol/mutations';
import type { ApiResult } from '../../src/sync/api';
import type { ApiError } from '../../src/sync/apiError';
import { batchSize, jsonBytes, outcomeOf } from '../../src/domain/protocol/outboxRules';
import type { UserDatabase } from '../../src/local';
import { outboxTable, pushStoreFor } from '../../src/local/outboxStore';
import { pushAll } from '../../src/sync';
import { FakePushServer, freshDatabase, NOW, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const envelope = (seq: number, noteBytes = 10): MutationEnvelope => ({
  seq,
  mutationId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  name: 'visit.fail',
  args: { note: 'x'.repeat(noteBytes) },
});

function run(db: UserDatabase, server: FakePushServer) {
  return pushAll({ api: { push: server.push }, store: pushStoreFor(db), now: () => NOW });
}

describe('push batching', () => {
  it('puts at most 50 mutations in a push', () => {
    const rows = Array.from({ length: 120 }, (_, i) => envelope(i + 1));
    expect(batchSize('c', rows)).toBe(50);
  });

  it('keeps a push body within 256 KB, counting UTF-8 bytes', () => {
    const rows = Array.from({ length: 40 }, (_, i) => envelope(i + 1, 20_000));
    const n = batchSize('c', rows);
    expect(n).toBe(13);
    expect(jsonBytes({ protocolVersion: 1, clientId: 'c', mutations: rows.slice(0, n) })).toBeLessThanOrEqual(PUSH_MAX_BYTES);
    expect(jsonBytes({ protocolVersion: 1, clientId: 'c', mutations: rows.slice(0, n + 1) })).toBeGreaterThan(PUSH_MAX_BYTES);
  });

  it('still sends a single oversized mutation alone rather than blocking the queue', () => {
    expect(batchSize('c', [envelope(1, PUSH_MAX_BYTES + 1), envelope(2)])).toBe(1);
  });

  it('drains 120 rows in three pushes of 50, 50 and 20, oldest first', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 120);
    const server = new FakePushServer();
    const result = await run(db, server);

    expect(result).toEqual({ ok: true, value: { batches: 3, mutations: 120 } });
    expect(server.requests.map((r) => r.mutations.map((m) => m.seq))).toEqual([
      Array.from({ length: 50 }, (_, i) => i + 1),
      Array.from({ length: 50 }, (_, i) => i + 51),
      Array.from({ length: 20 }, (_, i) => i + 101),
    ]);
    expect(await db.outbox.where('status').equals('pending').count()).toBe(0);
  });
});

describe('push results', () => {
  it('acks applied rows with the answer and the time, and keeps them', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2);
    await run(db, new FakePushServer());
    const rows = await outboxTable(db).toArray();

    expect(rows.map((r) => [r.status, r.result?.status, r.ackedAt])).toEqual([
      ['acked', 'applied', NOW],
      ['acked', 'applied', NOW],
    ]);
  });

  it('marks a rejected row with its reason, keeps it on the device, and sends the ones after it', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 3);
    await run(db, new FakePushServer((seq) => seq === 2));
    const rows = await outboxTable(db).toArray();

    expect(rows.map((r) => r.status)).toEqual(['acked', 'rejected', 'acked']);
    expect(rows[1]?.result?.error?.code).toBe('NOT_ASSIGNED');
  });

  it('acks a duplicate (the answer to a push whose response was lost) and marks a duplicate of a rejection rejected', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(outcomeOf({ seq: 1, mutationId: id, status: 'duplicate', original: { status: 'applied' } })).toBe('acked');
    expect(outcomeOf({ seq: 1, mutationId: id, status: 'duplicate', original: { status: 'rejected' } })).toBe('rejected');
    expect(outcomeOf({ seq: 1, mutationId: id, status: 'applied_with_conflict', conflict: { code: 'WO_REASSIGNED' } })).toBe('acked');
  });

  it('resends the same seqs after a lost answer and acks them from the duplicate results', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 3);
    const server = new FakePushServer();
    // The server commits, the answer never arrives.
    await server.push({ protocolVersion: 1, clientId: 'x', mutations: await pushStoreFor(db).rowsFrom(1, 50) });
    const result = await run(db, server);

    expect(result.ok).toBe(true);
    expect(server.requests[1]?.mutations.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect((await outboxTable(db).toArray()).map((r) => r.status)).toEqual(['acked', 'acked', 'acked']);
  });

  it('resends from expectedSeq out of retained acked rows when the server lost seqs (409 SYNC_OUT_OF_ORDER)', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 5);
    const server = new FakePushServer();
    await run(db, server);
    server.restoreTo(2);
    await queueVisits(db, 2);
    server.requests.length = 0;
    const result = await run(db, server);

    expect(result.ok).toBe(true);
    expect(server.requests.map((r) => r.mutations.map((m) => m.seq))).toEqual([
      [6, 7],
      [3, 4, 5, 6, 7],
    ]);
    expect(server.lastSeq).toBe(7);
    expect(await db.outbox.where('status').equals('pending').count()).toBe(0);
  });

  it('queues the photos of the resent rows again when the server lost seqs, and only those', async () => {
    const db = await freshDatabase(opened);
    const rows = await queueVisits(db, 4, { photosEach: 2 });
    const server = new FakePushServer();
    await run(db, server);
    const photoIdsOf = (seq: number) => (rows[seq - 1]?.args as { photoIds: string[] }).photoIds;
    // The photo queue had sent them all (and the retention clock started).
    await db.photos.toCollection().modify((photo) => void Object.assign(photo, { status: 'uploaded', uploadedAt: NOW }));
    server.restoreTo(2);
    await queueVisits(db, 1);
    await run(db, server);

    const photos = new Map((await db.photos.toArray()).map((p) => [p.photoId, p as typeof p & { uploadedAt?: number }]));
    for (const seq of [3, 4]) {
      for (const id of photoIdsOf(seq)) {
        expect(photos.get(id)?.status).toBe('pending');
        expect(photos.get(id)).not.toHaveProperty('uploadedAt');
        // Sent before: the photo queue asks the server first (it may have kept it).
        expect(photos.get(id)).toHaveProperty('sendingAt', NOW);
      }
    }
    for (const seq of [1, 2]) {
      for (const id of photoIdsOf(seq)) expect(photos.get(id)).toMatchObject({ status: 'uploaded', uploadedAt: NOW });
    }
  });

  it('reports OUTBOX_GAP when the server asks for a seq the device no longer holds', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 3);
    const server = new FakePushServer();
    await run(db, server);
    await db.outbox.bulkDelete([1, 2]);
    server.restoreTo(0);
    await queueVisits(db, 1);
    const result = await run(db, server);

    expect(result).toMatchObject({ ok: false, error: { code: 'OUTBOX_GAP', retryable: false } });
    expect(await db.outbox.where('status').equals('pending').count()).toBe(1);
  });

  it('stops on IDEMPOTENCY_KEY_REUSED with the row marked and nothing acked', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2);
    const server = new FakePushServer();
    // Refused as a batch, then again when seq 1 is sent alone to find the row at fault.
    server.scripted.push(
      { code: 'IDEMPOTENCY_KEY_REUSED', status: 422, retryable: false },
      { code: 'IDEMPOTENCY_KEY_REUSED', status: 422, retryable: false },
    );
    const result = await run(db, server);

    expect(result).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(server.requests.map((r) => r.mutations.map((m) => m.seq))).toEqual([[1, 2], [1]]);
    const rows = await outboxTable(db).toArray();
    expect(rows.map((r) => [r.status, r.blockedBy])).toEqual([
      ['pending', 'IDEMPOTENCY_KEY_REUSED'],
      ['pending', undefined],
    ]);
  });

  it('narrows a non-retryable 500 down to the row at fault: the rows before it are delivered, it is marked, nothing is resent on a loop', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 4);
    const server = new FakePushServer();
    const bug: ApiError = { code: 'INTERNAL', status: 500, retryable: false };
    // A server bug that every push holding seq 3 meets again (the same bytes, the same bug).
    const push = (request: PushRequest): Promise<ApiResult<PushResponse>> => {
      if (!request.mutations.some((m) => m.seq === 3)) return server.push(request);
      server.requests.push(request);
      return Promise.resolve({ ok: false, error: bug });
    };
    const result = await pushAll({ api: { push }, store: pushStoreFor(db), now: () => NOW });

    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', retryable: false } });
    expect(server.requests.map((r) => r.mutations.map((m) => m.seq))).toEqual([[1, 2, 3, 4], [1], [2], [3]]);
    const rows = await outboxTable(db).toArray();
    expect(rows.map((r) => [r.seq, r.status, r.blockedBy])).toEqual([
      [1, 'acked', undefined],
      [2, 'acked', undefined],
      [3, 'pending', 'INTERNAL'],
      [4, 'pending', undefined],
    ]);
  });

  it('leaves the outbox untouched on a transient failure (503), so the next run resends the same seqs', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 2);
    const server = new FakePushServer();
    server.scripted.push({ code: 'UNAVAILABLE', status: 503, retryable: true, retryAfterMs: 2000 });
    expect(await run(db, server)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await db.outbox.where('status').equals('pending').count()).toBe(2);

    expect((await run(db, server)).ok).toBe(true);
    expect(server.requests[1]?.mutations.map((m) => m.seq)).toEqual([1, 2]);
  });
});
