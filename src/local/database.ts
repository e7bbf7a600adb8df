import { Dexie, type EntityTable } from 'dexie';
import type { WorkOrder } from '../domain';
import type { StockVoidArgs, SwapCompleteArgs, VisitFailArgs } from '../domain/protocol/mutations';
import type { ReviewChangeData } from '../domain/protocol/sync';
import type { SwapDraft } from '../domain/capture/swapDraft';
import type { CompletionView } from '../domain/workOrder/workOrderDetail';
import type { StockItem } from '../domain/stock/stock';

/** Server mirror: exactly the wire shape. Written only by `applyPull`; pull resets clear it. */
export type WorkOrderRow = WorkOrder;

/** Per-database sync bookkeeping, one row under the key `sync`. */
export interface SyncMetaRow {
  key: 'sync';
  /** Identifies this (user, browser) to the server; created with the database, never changes. */
  clientId: string;
  userId: string;
  /** Opaque pull cursor from the last applied page; null = pull from the beginning. */
  pullCursor: string | null;
  /** When a pull last ran to `hasMore: false` (epoch ms). */
  lastPulledAt: number | null;
  /** The server's last processed push seq, from the same snapshot as the pulled changes. */
  lastSeq: number;
  /** Next outbox seq to allocate: seq is contiguous from 1 per client (design §5). */
  nextSeq: number;
  createdAt: number;
}
export type MetaRow = SyncMetaRow;

export type OutboxStatus = 'pending' | 'acked' | 'rejected';

/**
 * A local change waiting for the server, written in the same transaction as the change itself.
 * Filled by the push issue; today the table exists and stays empty.
 */
export interface OutboxRow {
  seq: number;
  mutationId: string;
  name: string;
  args: unknown;
  /** Device clock, ISO-8601: informational only. */
  createdAt: string;
  status: OutboxStatus;
}

/**
 * A half-filled form, saved on every change so nothing typed is lost: one per work order (the
 * database is already per user). `data` is a `SwapDraft` (src/domain/capture/swapDraft.ts), parsed on read.
 */
export interface DraftRow {
  id: string;
  workOrderId: string;
  kind: string;
  data: unknown;
  updatedAt: number;
}

/**
 * A photo or signature keyed by its SHA-256, kept until uploaded and retained: the small row of its upload state. Its
 * bytes are in `photoBytes` under the same id, written and deleted with this row in one transaction (src/local/photoStore.ts),
 * so a status change rewrites this row only, never the bytes (issue 14: IndexedDB rewrites a value whole).
 */
export interface PhotoRow {
  photoId: string;
  /** The work order the photo was taken for. */
  ownerId: string;
  mime: string;
  status: 'pending' | 'uploaded';
  createdAt: number;
}

/** The bytes of a photo row, written once, at capture. */
export interface PhotoBytesRow {
  photoId: string;
  /** ArrayBuffer, not Blob: WebKit loses Blobs stored in IndexedDB. */
  bytes: ArrayBuffer;
}

/** A photo row as versions before 5 stored it: the bytes on the row itself. */
type PhotoRowWithBytes = PhotoRow & { bytes?: ArrayBuffer };

/** Photos moved to `photoBytes` per step of the version 5 upgrade: bounds the bytes held in memory at once. */
const PHOTO_UPGRADE_BATCH = 20;

/**
 * An upload of the photo's bytes started at `at` and no answer has said it was stored: the server may have them (an
 * answer can be lost), so the queue asks before sending them again. Deleted when the photo is marked uploaded.
 */
export interface PhotoSendRow {
  photoId: string;
  at: number;
}

interface RecordBase {
  /** completionId or visitId: the record's own id, the same on the server. */
  id: string;
  workOrderId: string;
  /** The work order as the device saw it when the record was made (the handover record prints it). */
  workOrder: WorkOrder;
  /** nhân viên treo tháo: the signed-in technician's display name. */
  technicianName: string;
  /** Outbox seq of the mutation that carries the record. */
  seq: number;
  /** Day in Vietnam (yyyy-MM-dd) the record was made. */
  day: string;
  createdAt: number;
}

/** One correction sent after the supervisor returned the record (`completion.amend`), oldest first on the record. */
export interface AmendmentNote {
  /** Outbox seq of the `completion.amend` that carries it. */
  seq: number;
  /** The returned review it answers; null when the device did not have the review when amending. */
  reviewId: string | null;
  /** "Đã sửa gì": what the technician changed. */
  reason: string;
  /** The sections the patch replaced. */
  sections: string[];
  /** Device clock, ISO-8601. */
  at: string;
}

/**
 * What the technician recorded on this device, read-only once written (corrections go through the
 * supervisor): a completed swap with its handover record, or a failed visit. Written in the same
 * transaction as the outbox row that sends it. A returned swap is amended in place: `args` become the
 * amended data (the handover record prints them) and the amendment is noted in `amendments`; the sent
 * original stays in the outbox row of `seq`.
 */
export type RecordRow =
  | (RecordBase & {
      kind: 'swap';
      args: SwapCompleteArgs;
      recordNo: string;
      /** The draft as it was completed (photo grouping, signature strokes): an amendment starts from it. Absent on older records. */
      draft?: SwapDraft;
      amendments?: AmendmentNote[];
    })
  | (RecordBase & { kind: 'failedVisit'; args: VisitFailArgs });

/** Server mirror of a review decision about this technician's work (pull entity `review`); `version` is the feed's. */
export type ReviewRow = ReviewChangeData & { version: number };

/** Server mirror of a completion (pull entity `completion`): the server's copy of the record, for amending on another device. */
export type CompletionRow = CompletionView & { version: number };

/** Server mirror of an item of the technician's stock (pull entity `stockItem`, issue 16); `version` is its movement number. */
export type StockRow = StockItem & { version: number };

/**
 * A seal or new meter the technician wrote off on this device ("Báo hỏng / mất", issue 16 §4), read-only once
 * written, like a record: written in the same transaction as the `stock.void` outbox row that sends it. The item
 * leaves "on hand" at once; the pull takes it away from `stock` once the server has the void.
 */
export interface StockVoidRow {
  /** The void's own id (`voidId`), the same on the server. */
  id: string;
  /** Outbox seq of the `stock.void` that carries it. */
  seq: number;
  args: StockVoidArgs;
  /** Day in Vietnam (yyyy-MM-dd) it was recorded. */
  day: string;
  createdAt: number;
}

const DATABASE_PREFIX = 'meterswap-user-';

/** One database per signed-in user: another user on the same device never opens it. */
export function userDatabaseName(userId: string): string {
  return `${DATABASE_PREFIX}${userId}`;
}

export interface UserDatabaseDeps {
  /** Makes the clientId when the database is first created. */
  uuid: () => string;
  now: () => number;
}

export class UserDatabase extends Dexie {
  declare readonly workOrders: EntityTable<WorkOrderRow, 'id'>;
  declare readonly meta: EntityTable<MetaRow, 'key'>;
  declare readonly outbox: EntityTable<OutboxRow, 'seq'>;
  declare readonly drafts: EntityTable<DraftRow, 'id'>;
  declare readonly photos: EntityTable<PhotoRow, 'photoId'>;
  declare readonly records: EntityTable<RecordRow, 'id'>;
  declare readonly reviews: EntityTable<ReviewRow, 'id'>;
  declare readonly completions: EntityTable<CompletionRow, 'id'>;
  declare readonly photoSends: EntityTable<PhotoSendRow, 'photoId'>;
  declare readonly photoBytes: EntityTable<PhotoBytesRow, 'photoId'>;
  declare readonly stock: EntityTable<StockRow, 'id'>;
  declare readonly stockVoids: EntityTable<StockVoidRow, 'id'>;

  constructor(
    readonly userId: string,
    deps: UserDatabaseDeps,
  ) {
    // 'strict' makes Chrome flush each commit to disk before reporting success (its default
    // became 'relaxed' in Chrome 121): a captured record must survive a phone that dies right after.
    super(userDatabaseName(userId), { chromeTransactionDurability: 'strict' });

    // Version blocks are append-only: never edit a released block, add version(2) with an upgrade.
    this.version(1).stores({
      workOrders: 'id, status, plannedDate, routeOrder',
      meta: 'key',
      outbox: 'seq, &mutationId, status',
      drafts: 'id, workOrderId, updatedAt',
      photos: 'photoId, ownerId, status',
    });
    // Capture: completed swaps and failed visits recorded on this device. Tables not named here keep version 1's schema.
    this.version(2).stores({
      records: 'id, workOrderId, kind, day',
    });
    // Supervisor console: server mirrors of review decisions and completions (returned records come back editable).
    this.version(3).stores({
      reviews: 'id, workOrderId',
      completions: 'id, workOrderId',
    });

    // Photo upload bookkeeping apart from the bytes (issue 14): marking a photo as being sent writes a small row,
    // not the whole photo again.
    this.version(4).stores({
      photoSends: 'photoId',
    });
    // The bytes apart from the photo row (issue 14): marking a photo uploaded rewrites a small row, not 200 KB. The
    // upgrade moves every stored photo's bytes in its own transaction: a device mid-campaign holds hundreds unsent.
    this.version(5)
      .stores({
        photoBytes: 'photoId',
      })
      .upgrade(async (tx) => {
        const photos = tx.table<PhotoRowWithBytes, string>('photos');
        const photoBytes = tx.table<PhotoBytesRow, string>('photoBytes');
        const ids = await photos.toCollection().primaryKeys();
        for (let i = 0; i < ids.length; i += PHOTO_UPGRADE_BATCH) {
          const rows = (await photos.bulkGet(ids.slice(i, i + PHOTO_UPGRADE_BATCH))).filter(
            (row): row is PhotoRowWithBytes & { bytes: ArrayBuffer } => row?.bytes !== undefined,
          );
          await photoBytes.bulkPut(rows.map(({ photoId, bytes }) => ({ photoId, bytes })));
          await photos.bulkPut(rows.map(({ bytes: _bytes, ...row }) => row));
        }
      });

    // The technician's stock (issue 16), a server mirror. The pull asks for it from this version on; rows issued
    // before were left out of the cursor's past, so the upgrade forgets the cursor: the next pull is a full one.
    this.version(6)
      .stores({
        stock: 'id, code',
      })
      .upgrade(async (tx) => {
        await tx.table<MetaRow, MetaRow['key']>('meta').update('sync', { pullCursor: null });
      });

    // Seals and meters written off on this device (issue 16 §4). The pull now asks for the removed meters to bring
    // back too (`stock=2`); those recorded before were left out of the cursor's past, so the cursor is forgotten again.
    this.version(7)
      .stores({
        stockVoids: 'id, day',
      })
      .upgrade(async (tx) => {
        await tx.table<MetaRow, MetaRow['key']>('meta').update('sync', { pullCursor: null });
      });

    // Runs once, inside the transaction that creates the database: the clientId is born with it.
    this.on('populate', (tx) => {
      const now = deps.now();
      const row: SyncMetaRow = {
        key: 'sync',
        clientId: deps.uuid(),
        userId,
        pullCursor: null,
        lastPulledAt: null,
        lastSeq: 0,
        nextSeq: 1,
        createdAt: now,
      };
      void tx.table<MetaRow, 'key'>('meta').add(row);
    });
  }
}

/** Opens (creating on first use) the database of one user. */
export async function openUserDatabase(userId: string, deps: UserDatabaseDeps): Promise<UserDatabase> {
  const db = new UserDatabase(userId, deps);
  await db.open();
  return db;
}

/** Deletes a user's database whether or not it is open in this tab. */
export async function deleteUserDatabaseByName(userId: string): Promise<void> {
  await Dexie.delete(userDatabaseName(userId));
}
