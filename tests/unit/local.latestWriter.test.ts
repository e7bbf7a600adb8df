import { afterEach, describe, expect, it } from 'vitest';
import { applyPull, openUserDatabase, type UserDatabase } from '../../src/local';
import { startVisit } from '../../src/local/capture';
import { loadSwapDraft, mergeDraftChanges, saveSwapDraft, type DraftChange, type SaveDraftResult } from '../../src/local/drafts';
import { LatestWriter } from '../../src/local/latestWriter';
import { photoId, SITE } from './support/captureFixtures';
import { settle } from './support/fakePlatform';
import { makeWorkOrder, page, testUuid, upsert } from './support/fixtures';

/** A write the test finishes by hand, to hold one "in flight" as long as it likes. */
function manualWrites<T>() {
  const calls: { value: T; finish: () => void; fail: (cause: unknown) => void }[] = [];
  const write = (value: T) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ value, finish: () => resolve(`wrote ${String(value)}`), fail: reject });
    });
  return { calls, write };
}

describe('LatestWriter (one write in flight, one waiting, no timer)', () => {
  it('starts writing the first value before submit returns (no timer between a key and the disk)', () => {
    const { calls, write } = manualWrites<string>();
    const writer = new LatestWriter(write);

    void writer.submit('0');

    expect(calls.map((c) => c.value)).toEqual(['0']);
    expect(writer.isBusy()).toBe(true);
  });

  it('while a write runs, keeps only the latest of the values typed meanwhile and writes it next', async () => {
    const { calls, write } = manualWrites<string>();
    const writer = new LatestWriter(write);
    const results = ['0', '01', '012', '0123'].map((v) => writer.submit(v));

    expect(calls.map((c) => c.value)).toEqual(['0']);
    calls[0]?.finish();
    await settle(2);
    expect(calls.map((c) => c.value)).toEqual(['0', '0123']);
    calls[1]?.finish();

    expect(await Promise.all(results)).toEqual(['wrote 0', 'wrote 0123', 'wrote 0123', 'wrote 0123']);
    expect(writer.isBusy()).toBe(false);
  });

  it('a failed write rejects only the values it carried, and the waiting one is still written', async () => {
    const { calls, write } = manualWrites<string>();
    const writer = new LatestWriter(write);
    const first = writer.submit('a');
    const second = writer.submit('ab');
    calls[0]?.fail(new Error('quota'));
    await expect(first).rejects.toThrow('quota');
    await settle(2);
    calls[1]?.finish();
    expect(await second).toBe('wrote ab');
  });

  it('idle() waits for the write in flight and the one waiting, and subscribers hear busy and idle', async () => {
    const { calls, write } = manualWrites<string>();
    const writer = new LatestWriter(write);
    const seen: boolean[] = [];
    writer.subscribe(() => seen.push(writer.isBusy()));
    void writer.submit('a');
    void writer.submit('ab');
    let idle = false;
    void writer.idle().then(() => (idle = true));
    calls[0]?.finish();
    await settle(2);
    expect(idle).toBe(false);
    calls[1]?.finish();
    await settle(2);
    expect(idle).toBe(true);
    expect(seen.at(0)).toBe(true);
    expect(seen.at(-1)).toBe(false);
  });
});

describe('draft writes through LatestWriter on IndexedDB', () => {
  const opened: UserDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.delete()));
  });

  async function started() {
    const userId = testUuid();
    const db = await openUserDatabase(userId, { uuid: testUuid, now: () => 0 });
    opened.push(db);
    const wo = makeWorkOrder({ ...SITE });
    await applyPull(db, page([upsert(wo)]));
    const draft = await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    return { db, wo, draft, userId };
  }

  it('a serial typed key by key is on disk as soon as the last write lands, and survives reopening the database', async () => {
    const { db, wo, draft, userId } = await started();
    const saves: string[] = [];
    const writer = new LatestWriter<DraftChange, SaveDraftResult>((change) => {
      saves.push(change.draft.removed.serial);
      return saveSwapDraft(db, change, 0);
    }, mergeDraftChanges);
    let serial = '';
    for (const key of '00123456') {
      serial += key;
      void writer.submit({ draft: { ...draft, removed: { ...draft.removed, serial } } });
    }
    await writer.idle();

    // Two commits for eight keys: the first at once, then the latest of everything typed while it ran.
    expect(saves).toEqual(['0', '00123456']);
    db.close();
    const reopened = await openUserDatabase(userId, { uuid: testUuid, now: () => 0 });
    opened.push(reopened);
    expect((await loadSwapDraft(reopened, wo.id))?.removed.serial).toBe('00123456');
  });

  it('a photo added and then removed while a save ran leaves no bytes behind; one kept is stored with the draft', async () => {
    const { db, wo, draft } = await started();
    const writer = new LatestWriter<DraftChange, SaveDraftResult>((change) => saveSwapDraft(db, change, 0), mergeDraftChanges);
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    const gone = photoId('b1');
    const kept = photoId('b2');
    const photos = (ids: string[]) => ({ ...draft, removed: { ...draft.removed, photos: { meter: ids, seals: [] } } });

    void writer.submit({ draft: { ...draft, notes: 'x' } });
    void writer.submit({ draft: photos([gone]), addPhotos: [{ photoId: gone, mime: 'image/jpeg', bytes }] });
    void writer.submit({ draft: photos([]), removePhotos: [gone] });
    void writer.submit({ draft: photos([kept]), addPhotos: [{ photoId: kept, mime: 'image/jpeg', bytes }] });
    await writer.idle();

    expect(await db.photos.toCollection().primaryKeys()).toEqual([kept]);
    expect((await loadSwapDraft(db, wo.id))?.removed.photos.meter).toEqual([kept]);
  });
});
