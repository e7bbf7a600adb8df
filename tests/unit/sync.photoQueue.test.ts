import { afterEach, describe, expect, it } from 'vitest';
import { PHOTO_UPLOAD_CONCURRENCY } from '../../src/domain/protocol/outboxRules';
import { UserDatabase } from '../../src/local/database';
import { photosTable, photoQueueStoreFor, readPhotoFailures } from '../../src/local/photoQueueStore';
import { PHOTO_ACK_BATCH, PHOTO_BATCH_PHOTOS, uploadPendingPhotos, type ApiError, type ApiResult, type PhotoUpload } from '../../src/sync';
import type { PhotoBatchItem } from '../../src/domain/capture/photos';
import { fakePhotoId, freshDatabase, NOW, queueVisits } from './support/outboxFixtures';
import { testUuid } from './support/fixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** A photo endpoint: `stored` answers HEAD; PUT answers `putAnswer(id)` or stores it. Tracks concurrency. */
function fakePhotoServer(options: { stored?: string[]; putAnswer?: (id: string) => ApiError | null; delayMs?: number } = {}) {
  const stored = new Set(options.stored ?? []);
  const calls: string[] = [];
  let active = 0;
  let maxActive = 0;
  const during = async <T>(work: () => T): Promise<T> => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
    active -= 1;
    return work();
  };
  return {
    stored,
    calls,
    maxActive: () => maxActive,
    api: {
      hasPhoto: (id: string): Promise<ApiResult<boolean>> => during(() => (calls.push(`HEAD ${id}`), { ok: true as const, value: stored.has(id) })),
      putPhoto: (photo: PhotoUpload): Promise<ApiResult<{ created: boolean }>> =>
        during(() => {
          calls.push(`PUT ${photo.photoId}`);
          const refusal = options.putAnswer?.(photo.photoId) ?? null;
          if (refusal) return { ok: false as const, error: refusal };
          stored.add(photo.photoId);
          return { ok: true as const, value: { created: true } };
        }),
    },
  };
}

/** Whether a value written to IndexedDB holds an ArrayBuffer anywhere (by tag: fake-indexeddb and the test may differ in realm). */
function holdsArrayBuffer(value: unknown): boolean {
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]' || ArrayBuffer.isView(value)) return true;
  return typeof value === 'object' && value !== null && Object.values(value).some(holdsArrayBuffer);
}

const run = (db: UserDatabase, server: Pick<ReturnType<typeof fakePhotoServer>, 'api'>) =>
  uploadPendingPhotos({ api: server.api, store: photoQueueStoreFor(db), now: () => NOW });

describe('photo queue', () => {
  it('asks with HEAD only about a photo sent before, skips its PUT when the server has it, and sends a new one straight away', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1, { photosEach: 2 });
    const [a, b] = [fakePhotoId('s1p0'), fakePhotoId('s1p1')];
    // `a` was on the wire before (its answer lost) and arrived; `b` was never sent.
    await photosTable(db).update(a, { sendingAt: NOW - 1000 });
    const server = fakePhotoServer({ stored: [a] });
    const result = await run(db, server);

    expect(result).toEqual({ ok: true, value: { uploaded: 1, skipped: 1, failed: 0 } });
    expect([...server.calls].sort()).toEqual([`HEAD ${a}`, `PUT ${b}`].sort());
    const rows = await photosTable(db).toArray();
    expect(rows.map((r) => [r.status, r.uploadedAt])).toEqual([
      ['uploaded', NOW],
      ['uploaded', NOW],
    ]);
  });

  it('after a PUT whose answer was lost, asks first on the next run and does not send the bytes again', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1, { photosEach: 1 });
    const a = fakePhotoId('s1p0');
    let lose = true;
    // The server stores the photo, but the answer never reaches the phone (a timeout), once.
    const server = fakePhotoServer({
      putAnswer: () => (lose ? ((lose = false), { code: 'TIMEOUT', status: null, retryable: true }) : null),
    });
    const first = await run(db, server);
    expect(first).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(server.calls).toEqual([`PUT ${a}`]);
    server.stored.add(a);
    expect((await photosTable(db).get(a))?.status).toBe('pending');

    const second = await run(db, server);
    expect(second).toEqual({ ok: true, value: { uploaded: 0, skipped: 1, failed: 0 } });
    expect(server.calls).toEqual([`PUT ${a}`, `HEAD ${a}`]);
    expect((await photosTable(db).get(a))?.status).toBe('uploaded');
  });

  it(`uploads ${PHOTO_UPLOAD_CONCURRENCY} photos at a time, never more`, async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 4, { photosEach: 3 });
    const server = fakePhotoServer({ delayMs: 5 });
    const result = await run(db, server);

    expect(result.ok && result.value.uploaded).toBe(12);
    expect(server.maxActive()).toBe(PHOTO_UPLOAD_CONCURRENCY);
  });

  it("reads each photo's bytes once and never writes them again: marking uploaded updates the small row once; the start of an upload is a small row apart", async () => {
    const db = new UserDatabase(testUuid(), { uuid: testUuid, now: () => NOW });
    // Reads of the bytes table, by key.
    const bytesReads: string[] = [];
    // Every write: its table, its keys (one per value) and how many of its values hold an ArrayBuffer.
    const writes: { table: string; type: string; keys: string[]; withBytes: number }[] = [];
    // Write transactions over the photos table: marking photos uploaded groups them.
    let photoTransactions = 0;
    db.use({
      stack: 'dbcore',
      name: 'count-photo-rows',
      create: (down) => ({
        ...down,
        transaction: (tables, mode, options) => {
          if (mode === 'readwrite' && tables.includes('photos')) photoTransactions++;
          return down.transaction(tables, mode, options);
        },
        table: (name) => {
          const table = down.table(name);
          const readsBytes = name === 'photoBytes';
          return {
            ...table,
            get: (req) => (readsBytes && bytesReads.push(String(req.key)), table.get(req)),
            getMany: (req) => (readsBytes && bytesReads.push(...req.keys.map(String)), table.getMany(req)),
            query: (req) => (readsBytes && req.values && bytesReads.push('query'), table.query(req)),
            openCursor: (req) => (readsBytes && req.values && bytesReads.push('cursor'), table.openCursor(req)),
            mutate: (req) => {
              const values: readonly unknown[] = req.type === 'add' || req.type === 'put' ? req.values : [];
              const keys: readonly unknown[] = req.type === 'deleteRange' ? ['range'] : (req.keys ?? []);
              writes.push({ table: name, type: req.type, keys: keys.map(String), withBytes: values.filter(holdsArrayBuffer).length });
              return table.mutate(req);
            },
          };
        },
      }),
    });
    await db.open();
    opened.push(db);
    await queueVisits(db, 2, { photosEach: 3 });
    const ids = (await photosTable(db).toCollection().primaryKeys()).map(String).sort();
    const [first = ''] = ids;
    bytesReads.length = 0;
    writes.length = 0;

    // The upload of `first` starts; its answer is lost.
    const store = photoQueueStoreFor(db);
    await store.loadPhoto(first);
    await store.markSending(first, NOW);
    expect(writes.map((w) => w.table)).toEqual(['photoSends']);
    expect(await db.photoSends.get(first)).toEqual({ photoId: first, at: NOW });
    expect((await store.loadPhoto(first))?.mayBeOnServer).toBe(true);
    bytesReads.length = 0;
    writes.length = 0;
    photoTransactions = 0;

    const result = await run(db, fakePhotoServer({ stored: [first] }));
    expect(result).toEqual({ ok: true, value: { uploaded: 5, skipped: 1, failed: 0 } });
    // Each photo's bytes read once (to send them), never written: the photo rows are small rows, updated once each.
    expect(bytesReads.sort()).toEqual(ids);
    expect(writes.filter((w) => w.table === 'photoBytes')).toEqual([]);
    expect(writes.filter((w) => w.table === 'photos').map((w) => w.type)).toEqual(['put']);
    expect(writes.flatMap((w) => (w.table === 'photos' ? w.keys : [])).sort()).toEqual(ids);
    // No write while draining (photo rows, photoSends, the failures row) carries the bytes of a photo.
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.filter((w) => w.withBytes > 0)).toEqual([]);
    expect(photoTransactions).toBeGreaterThanOrEqual(1);
    // Six photos, fewer than PHOTO_ACK_BATCH: marked together when the round ends, not one transaction each.
    expect(PHOTO_ACK_BATCH).toBeGreaterThan(6);
    expect(photoTransactions).toBe(1);
    expect(await db.photoSends.count()).toBe(0);
    expect((await photosTable(db).toArray()).every((row) => row.status === 'uploaded' && row.uploadedAt === NOW && row.sendingAt === undefined)).toBe(
      true,
    );
    expect((await photosTable(db).toArray()).every((row) => !('sendingAt' in row) && !('bytes' in row))).toBe(true);
    // The bytes are still on the device, as captured, for the retention period.
    expect((await db.photoBytes.toCollection().primaryKeys()).map(String).sort()).toEqual(ids);
  });

  it('marks a photo whose bytes do not match its id failed, keeps it, and goes on with the others', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1, { photosEach: 2 });
    const bad = fakePhotoId('s1p0');
    const server = fakePhotoServer({ putAnswer: (id) => (id === bad ? { code: 'PHOTO_DIGEST_MISMATCH', status: 422, retryable: false } : null) });
    const result = await run(db, server);

    expect(result).toEqual({ ok: true, value: { uploaded: 1, skipped: 0, failed: 1 } });
    expect(await readPhotoFailures(db)).toEqual({ [bad]: { code: 'PHOTO_DIGEST_MISMATCH', at: NOW } });
    expect((await photosTable(db).get(bad))?.status).toBe('pending');
    // A failed photo is not tried again by itself.
    server.calls.length = 0;
    await run(db, server);
    expect(server.calls).toEqual([]);
  });

  it('stops on a transient failure and leaves the photo pending for the backoff retry', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1, { photosEach: 1 });
    const server = fakePhotoServer({ putAnswer: () => ({ code: 'UNAVAILABLE', status: 503, retryable: true }) });
    const result = await run(db, server);

    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await photosTable(db).where('status').equals('pending').count()).toBe(1);
    expect(await readPhotoFailures(db)).toEqual({});
  });

  it('leaves photos of a draft alone until a record references them', async () => {
    const db = await freshDatabase(opened);
    await db.photos.add({ photoId: fakePhotoId('draft'), ownerId: 'wo', mime: 'image/jpeg', status: 'pending', createdAt: NOW });
    await db.photoBytes.add({ photoId: fakePhotoId('draft'), bytes: new ArrayBuffer(4) });
    const server = fakePhotoServer();
    expect(await run(db, server)).toEqual({ ok: true, value: { uploaded: 0, skipped: 0, failed: 0 } });
  });
});

/**
 * A server that takes batches (`POST /photos`): each batch answers every photo in order. `storeFirst` photos of a
 * batch are stored before `batchAnswer` decides the request's fate (a cut mid-batch, an answer lost).
 */
function fakeBatchServer(
  options: {
    stored?: string[];
    batchAnswer?: (ids: string[]) => ApiError | null;
    storeFirst?: number;
    refuse?: (id: string) => string | null;
  } = {},
) {
  const single = fakePhotoServer({ stored: options.stored ?? [] });
  const batches: string[][] = [];
  let active = 0;
  let maxActive = 0;
  return {
    ...single,
    batches,
    maxActive: () => maxActive,
    api: {
      ...single.api,
      putPhotos: async (photos: readonly PhotoUpload[]): Promise<ApiResult<PhotoBatchItem[]>> => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        active -= 1;
        const ids = photos.map((p) => p.photoId);
        batches.push(ids);
        single.calls.push(`POST ${ids.length}`);
        const refusal = options.batchAnswer?.(ids) ?? null;
        if (refusal) {
          for (const id of ids.slice(0, options.storeFirst ?? 0)) single.stored.add(id);
          return { ok: false, error: refusal };
        }
        return {
          ok: true,
          value: photos.map((p): PhotoBatchItem => {
            const code = options.refuse?.(p.photoId) ?? null;
            if (code !== null) return { id: p.photoId, outcome: 'refused', code, detail: 'refused' };
            const outcome = single.stored.has(p.photoId) ? 'stored' : 'created';
            single.stored.add(p.photoId);
            return { id: p.photoId, outcome, mime: 'image/jpeg', bytes: p.bytes.byteLength };
          }),
        };
      },
    },
  };
}

describe('photo queue with batches (POST /photos)', () => {
  it(`sends several photos per request, ${PHOTO_UPLOAD_CONCURRENCY} requests at a time at most, each photo once, and marks them all uploaded`, async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 12, { photosEach: 5 });
    const server = fakeBatchServer();
    const result = await run(db, server);

    expect(result).toEqual({ ok: true, value: { uploaded: 60, skipped: 0, failed: 0 } });
    expect(server.calls.filter((c) => !c.startsWith('POST'))).toEqual([]);
    expect(server.batches.every((b) => b.length <= PHOTO_BATCH_PHOTOS)).toBe(true);
    // The queue's tail is shared out among the requests, so a few batches are smaller than the rest.
    expect(server.batches.length).toBeLessThanOrEqual(2 * Math.ceil(60 / PHOTO_BATCH_PHOTOS));
    expect(new Set(server.batches.flat()).size).toBe(60);
    expect(server.batches.flat()).toHaveLength(60);
    expect(server.maxActive()).toBeLessThanOrEqual(PHOTO_UPLOAD_CONCURRENCY);
    expect((await photosTable(db).toArray()).every((row) => row.status === 'uploaded' && row.uploadedAt === NOW)).toBe(true);
    expect(await db.photoSends.count()).toBe(0);
  });

  it('after a batch cut mid-way (answer lost), asks about each of its photos and sends only the ones the server lacks', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1, { photosEach: 5 });
    let cut = true;
    const server = fakeBatchServer({
      storeFirst: 3,
      batchAnswer: () => (cut ? ((cut = false), { code: 'OFFLINE', status: null, retryable: true }) : null),
    });
    const first = await uploadPendingPhotos({ api: server.api, store: photoQueueStoreFor(db), now: () => NOW, concurrency: 1 });
    expect(first).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(server.stored.size).toBe(3);
    // Every photo of the cut batch may be on the server now.
    expect(await db.photoSends.count()).toBe(5);

    server.calls.length = 0;
    const second = await uploadPendingPhotos({ api: server.api, store: photoQueueStoreFor(db), now: () => NOW, concurrency: 1 });
    expect(second).toEqual({ ok: true, value: { uploaded: 2, skipped: 3, failed: 0 } });
    expect(server.calls.filter((c) => c.startsWith('HEAD'))).toHaveLength(5);
    expect(server.batches.at(-1)).toHaveLength(2);
    expect((await photosTable(db).toArray()).every((row) => row.status === 'uploaded')).toBe(true);
  });

  it('marks a photo the batch refuses for good failed, and acknowledges the rest of the batch', async () => {
    const db = await freshDatabase(opened);
    await queueVisits(db, 1, { photosEach: 3 });
    const bad = fakePhotoId('s1p1');
    const server = fakeBatchServer({ refuse: (id) => (id === bad ? 'PHOTO_UNREADABLE' : null) });
    const result = await run(db, server);
    expect(result).toEqual({ ok: true, value: { uploaded: 2, skipped: 0, failed: 1 } });
    expect(await readPhotoFailures(db)).toEqual({ [bad]: { code: 'PHOTO_UNREADABLE', at: NOW } });
    expect((await photosTable(db).get(bad))?.status).toBe('pending');
  });

  it('sends photo by photo to a server without batches (404), and one by one when a batch is refused as a whole', async () => {
    for (const refusal of [
      { code: 'NOT_FOUND', status: 404, retryable: false },
      { code: 'VALIDATION_FAILED', status: 400, retryable: false },
    ]) {
      const db = await freshDatabase(opened);
      await queueVisits(db, 3, { photosEach: 4 });
      const server = fakeBatchServer({ batchAnswer: () => refusal });
      const result = await uploadPendingPhotos({ api: server.api, store: photoQueueStoreFor(db), now: () => NOW, concurrency: 1 });
      expect(result).toEqual({ ok: true, value: { uploaded: 12, skipped: 0, failed: 0 } });
      expect(server.calls.filter((c) => c.startsWith('PUT'))).toHaveLength(12);
      // An old server is asked for a batch once; a refused batch does not stop batches.
      expect(server.calls.filter((c) => c.startsWith('POST'))).toHaveLength(refusal.status === 404 ? 1 : 2);
      expect((await photosTable(db).toArray()).every((row) => row.status === 'uploaded')).toBe(true);
    }
  });
});
