import { afterEach, describe, expect, it } from 'vitest';
import { recordSendState } from '../../src/domain/protocol/outboxRules';
import type { UserDatabase } from '../../src/local';
import { readOutboxOverview } from '../../src/local/outboxHooks';
import { applyPushResults } from '../../src/local/outboxStore';
import { photoQueueStoreFor } from '../../src/local/photoQueueStore';
import { exportOutboxRecord } from '../../src/local/recordExport';
import { fakePhotoId, freshDatabase, NOW, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

describe('end-of-day overview', () => {
  it('says all sent only when every record AND every photo is acknowledged', async () => {
    const db = await freshDatabase(opened);
    const [row] = await queueVisits(db, 1, { photosEach: 2 });
    expect(await readOutboxOverview(db)).toMatchObject({ waiting: 3, allSent: false });

    await applyPushResults(db, [{ seq: row!.seq, mutationId: row!.mutationId, status: 'applied' }], NOW);
    const recordOnly = await readOutboxOverview(db);
    expect(recordOnly).toMatchObject({ waiting: 2, allSent: false });
    expect(recordSendState({ status: 'acked', inFlight: false, photos: { total: 2, uploaded: 0, failed: 0 } })).toBe('pending');

    const store = photoQueueStoreFor(db);
    await store.markUploaded([fakePhotoId('s1p0'), fakePhotoId('s1p1')], NOW);
    const done = await readOutboxOverview(db);
    expect(done).toMatchObject({ waiting: 0, allSent: true });
    expect(done.items[0]).toMatchObject({ status: 'acked', photosUploaded: 2 });
  });

  it('shows a rejected record as failed with its reason, still counted, and exports it with its photos', async () => {
    const db = await freshDatabase(opened);
    const [row] = await queueVisits(db, 1, { photosEach: 1 });
    await applyPushResults(db, [{ seq: 1, mutationId: row!.mutationId, status: 'rejected', error: { code: 'NOT_ASSIGNED', message: 'no' } }], NOW);
    const overview = await readOutboxOverview(db);

    expect(overview).toMatchObject({ allSent: false, items: [{ status: 'rejected', errorCode: 'NOT_ASSIGNED' }] });
    const file = await exportOutboxRecord(db, 1);
    const parsed = JSON.parse(file!.json) as { mutation: { seq: number; status: string }; photos: { photoId: string; base64: string }[] };
    expect(parsed.mutation).toMatchObject({ seq: 1, status: 'rejected' });
    expect(parsed.photos).toEqual([{ photoId: fakePhotoId('s1p0'), mime: 'image/jpeg', base64: '/9j/AQ==' }]);
  });
});
