import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhotoCommitter, PHOTO_COMMIT_MAX_WAIT_MS, type PhotoToCommit } from '../../server/services/photoCommits';
import type { Store } from '../../server/store/store';
import { backends, startTestServer, type TestServer } from './harness';

/** The store, counting its transactions. */
function counting(store: Store): { store: Store; transactions: () => number } {
  let transactions = 0;
  return {
    store: {
      ...store,
      transaction: (fn) => {
        transactions++;
        return store.transaction(fn);
      },
    },
    transactions: () => transactions,
  };
}

const at = '2026-03-02T03:04:05.000Z';

for (const backend of backends) {
  describe(`group commit of uploaded photos (${backend})`, () => {
    let server: TestServer;
    let techId: string;
    let otherTechId: string;
    beforeAll(async () => {
      server = await startTestServer(backend);
      techId = (await server.store.users.findByUsername('tech1'))?.id ?? '';
      otherTechId = (await server.store.users.findByUsername('tech2'))?.id ?? '';
    });
    afterAll(() => server.close());

    const photo = (uploadedBy = techId): PhotoToCommit => ({
      id: randomBytes(32).toString('hex'),
      bytes: 1000,
      mime: 'image/jpeg',
      uploadedBy,
      receivedAt: at,
    });

    it('writes the rows of uploads that finish together in one transaction, each answered only after it', async () => {
      const { store, transactions } = counting(server.store);
      const commits = createPhotoCommitter(store);
      const photos = [photo(), photo(), photo()];
      const arrivals = photos.map((p) => ({ p, arrival: commits.announce() }));
      let answered = 0;
      const results = arrivals.map(({ p, arrival }) => arrival.commit(p).then((r) => (answered++, r)));
      expect(answered).toBe(0);
      expect(await Promise.all(results)).toEqual(photos.map(() => ({ created: true, mime: 'image/jpeg' })));
      expect(transactions()).toBe(1);
      expect(await server.store.photos.findExisting(photos.map((p) => p.id))).toEqual(new Set(photos.map((p) => p.id)));
      expect(
        await server.store.photos.uploadedBy(
          photos.map((p) => p.id),
          techId,
        ),
      ).toEqual(new Set(photos.map((p) => p.id)));
    });

    it('commits at once when no other upload is on its way, and waits only a moment for one that never comes', async () => {
      const { store, transactions } = counting(server.store);
      const commits = createPhotoCommitter(store);
      await commits.announce().commit(photo());
      expect(transactions()).toBe(1);

      // Another upload announced itself and then stalls (its blob's fsync hangs): the first does not wait for it.
      commits.announce();
      const started = performance.now();
      await commits.announce().commit(photo());
      expect(performance.now() - started).toBeGreaterThanOrEqual(PHOTO_COMMIT_MAX_WAIT_MS - 1);
      expect(transactions()).toBe(2);
    });

    it('does not wait for an upload that was refused after announcing itself', async () => {
      const { store, transactions } = counting(server.store);
      const commits = createPhotoCommitter(store);
      const refused = commits.announce();
      const kept = commits.announce().commit(photo());
      refused.cancel();
      await kept;
      expect(transactions()).toBe(1);
    });

    it('answers the same bytes twice in one group as created once, and keeps every uploader', async () => {
      const commits = createPhotoCommitter(server.store);
      const same = photo();
      const arrivals = [commits.announce(), commits.announce()];
      const [mine, theirs] = await Promise.all([arrivals[0]?.commit(same), arrivals[1]?.commit({ ...same, uploadedBy: otherTechId })]);
      expect([mine?.created, theirs?.created]).toEqual([true, false]);
      expect(await server.store.photos.uploadedBy([same.id], otherTechId)).toEqual(new Set([same.id]));
      // Stored bytes sent again: found, with the type stored first.
      expect(await commits.announce().commit({ ...same, mime: 'image/png' })).toEqual({ created: false, mime: 'image/jpeg' });
    });

    it('fails only the photo whose rows cannot be written; the others of its group are committed', async () => {
      const { store, transactions } = counting(server.store);
      const commits = createPhotoCommitter(store);
      const good = [photo(), photo()];
      // An uploader that is no user breaks the photo_uploaders foreign key: the group fails, then each goes alone.
      const broken = photo('00000000-0000-4000-8000-00000000dead');
      const arrivals = [commits.announce(), commits.announce(), commits.announce()];
      const outcomes = await Promise.allSettled([
        arrivals[0]?.commit(good[0] ?? photo()),
        arrivals[1]?.commit(broken),
        arrivals[2]?.commit(good[1] ?? photo()),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(transactions()).toBe(4);
      expect(await server.store.photos.findExisting([...good, broken].map((p) => p.id))).toEqual(new Set(good.map((p) => p.id)));
    });
  });
}
