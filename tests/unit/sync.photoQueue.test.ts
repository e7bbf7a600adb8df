import { afterEach, describe, expect, it } from 'vitest';
import { PHOTO_UPLOAD_CONCURRENCY } from '../../src/domain/protocol/outboxRules';
import { UserDatabase } from '../../src/local/database';
import { photosTable, photoQueueStoreFor, readPhotoFailures } from '../../src/local/photoQueueStore';
import { PHOTO_ACK_BATCH, uploadPendingPhotos, type ApiError, type ApiResult, type PhotoUpload } from '../../src/sync';
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

const run = (db: UserDatabase, server: ReturnType<typeof fakePhotoServer>) =>
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
