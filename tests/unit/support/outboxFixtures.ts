import type { MutationResult, PushRequest, PushResponse } from '../../../src/domain/protocol/mutations';
import { openUserDatabase, type OutboxRow, type PhotoRow, type UserDatabase } from '../../../src/local';
import type { ApiError, ApiResult } from '../../../src/sync';
import { testUuid } from './fixtures';

export const NOW = Date.parse('2026-11-24T03:00:00Z');
const deps = { uuid: () => testUuid(), now: () => NOW };

export async function freshDatabase(opened: UserDatabase[]): Promise<UserDatabase> {
  const db = await openUserDatabase(testUuid(), deps);
  opened.push(db);
  return db;
}

/** A lowercase-hex 64-char id made from a tag (not a real digest: the fake server does not hash). */
export function fakePhotoId(tag: string): string {
  return Array.from(new TextEncoder().encode(tag), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .padEnd(64, '0')
    .slice(0, 64);
}

/** Appends `count` pending `visit.fail` rows with contiguous seqs (as the capture commands do), each with its photos. */
export async function queueVisits(db: UserDatabase, count: number, options: { photosEach?: number; noteBytes?: number } = {}): Promise<OutboxRow[]> {
  const meta = await db.meta.get('sync');
  let seq = meta?.nextSeq ?? 1;
  const rows: OutboxRow[] = [];
  for (let i = 0; i < count; i++, seq++) {
    const photoIds = Array.from({ length: options.photosEach ?? 0 }, (_, k) => fakePhotoId(`s${seq}p${k}`));
    rows.push({
      seq,
      mutationId: testUuid(),
      name: 'visit.fail',
      args: {
        visitId: testUuid(),
        workOrderId: testUuid(),
        reason: 'KV01',
        note: 'x'.repeat(options.noteBytes ?? 10),
        photoIds,
        at: new Date(NOW).toISOString(),
      },
      createdAt: new Date(NOW).toISOString(),
      status: 'pending',
    });
  }
  await db.transaction('rw', [db.outbox, db.meta, db.photos, db.photoBytes], async () => {
    await db.outbox.bulkAdd(rows);
    await db.meta.update('sync', { nextSeq: seq });
    for (const row of rows) {
      for (const photoId of (row.args as { photoIds: string[] }).photoIds) {
        const photo: PhotoRow = { photoId, ownerId: 'wo', mime: 'image/jpeg', status: 'pending', createdAt: NOW };
        // As the capture commands store a photo: the bytes apart from the small row, in the same transaction.
        await db.photoBytes.put({ photoId, bytes: new Uint8Array([0xff, 0xd8, 0xff, 1]).buffer });
        await db.photos.put(photo);
      }
    }
  });
  return rows;
}

/**
 * The server's push rules of design §5 in memory: duplicate for seq ≤ lastSeq, 409 with expectedSeq for a gap,
 * `reject` decides which mutations are refused for good (they still consume their seq).
 */
export class FakePushServer {
  lastSeq = 0;
  readonly log = new Map<number, MutationResult>();
  readonly requests: PushRequest[] = [];
  /** Answers to use instead of processing, one per request, first in first out. */
  readonly scripted: ApiError[] = [];

  constructor(private readonly reject: (seq: number) => boolean = () => false) {}

  push = (request: PushRequest): Promise<ApiResult<PushResponse>> => {
    this.requests.push(request);
    const scripted = this.scripted.shift();
    if (scripted) return Promise.resolve({ ok: false, error: scripted });
    const first = request.mutations[0];
    if (first && first.seq > this.lastSeq + 1) {
      return Promise.resolve({ ok: false, error: { code: 'SYNC_OUT_OF_ORDER', status: 409, retryable: true, expectedSeq: this.lastSeq + 1 } });
    }
    const results = request.mutations.map((m): MutationResult => {
      const logged = this.log.get(m.seq);
      if (logged) return { ...logged, status: 'duplicate', original: { status: logged.status === 'rejected' ? 'rejected' : 'applied' } };
      const result: MutationResult = this.reject(m.seq)
        ? { seq: m.seq, mutationId: m.mutationId, status: 'rejected', error: { code: 'NOT_ASSIGNED', message: 'never assigned' } }
        : { seq: m.seq, mutationId: m.mutationId, status: 'applied' };
      this.log.set(m.seq, result);
      this.lastSeq = m.seq;
      return result;
    });
    return Promise.resolve({ ok: true, value: { lastSeq: this.lastSeq, results, serverTime: new Date(NOW).toISOString() } });
  };

  /** The server was restored from a backup taken when its last seq was `seq`. */
  restoreTo(seq: number): void {
    this.lastSeq = seq;
    for (const key of [...this.log.keys()]) if (key > seq) this.log.delete(key);
  }
}
