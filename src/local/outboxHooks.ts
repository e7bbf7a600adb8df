import { createContext, useContext } from 'react';
import { photoIdsOf } from '../domain/protocol/outboxRules';
import type { UserDatabase } from './database';
import { outboxTable, type SyncedOutboxRow } from './outboxStore';
import { photosTable, readPhotoFailures } from './photoQueueStore';

/** One outbox row as the end-of-day view shows it. */
export interface OutboxItem {
  seq: number;
  name: string;
  status: SyncedOutboxRow['status'];
  workOrderId: string | null;
  /** Code and customer of the work order when the device still has it. */
  workOrderLabel: string | null;
  /** A stock void's item (issue 16 §4), which has no work order of necessity. */
  stockItem: { kind: 'seal' | 'meter'; code: string } | null;
  createdAt: number;
  ackedAt: number | null;
  /** Why the server refused it (rejected), or what stopped the push at it (blocked). */
  errorCode: string | null;
  /** The server stored it with a conflict for the supervisor (not an error for the technician). */
  conflictCode: string | null;
  photoIds: string[];
  photosUploaded: number;
  /** Photos the server refused for good, with the reason. */
  photoFailures: { photoId: string; code: string }[];
}

export interface OutboxOverview {
  items: OutboxItem[];
  /** Records not yet acknowledged plus photos not yet uploaded. */
  waiting: number;
  /** Every record AND every photo acknowledged: the device can be handed over. */
  allSent: boolean;
}

function stockItemOf(name: string, args: unknown): OutboxItem['stockItem'] {
  if (name !== 'stock.void' || typeof args !== 'object' || args === null) return null;
  const { kind, code } = args as { kind?: unknown; code?: unknown };
  return (kind === 'seal' || kind === 'meter') && typeof code === 'string' ? { kind, code } : null;
}

function workOrderIdOf(args: unknown): string | null {
  const id = typeof args === 'object' && args !== null ? (args as { workOrderId?: unknown }).workOrderId : undefined;
  return typeof id === 'string' ? id : null;
}

/** The tables readOutboxOverview reads: a change to any of them calls for a new read. */
export const OUTBOX_OVERVIEW_TABLES = ['outbox', 'photos', 'workOrders', 'meta'] as const;

/** Everything the outbox view and the header badge need, in one read transaction. */
export async function readOutboxOverview(db: UserDatabase): Promise<OutboxOverview> {
  const outbox = outboxTable(db);
  const photos = photosTable(db);
  return db.transaction('r', [outbox, photos, db.workOrders, db.meta], async () => {
    const [rows, uploaded, pendingPhotos, failures] = await Promise.all([
      outbox.toArray(),
      photos.where('status').equals('uploaded').primaryKeys(),
      photos.where('status').equals('pending').primaryKeys(),
      readPhotoFailures(db),
    ]);
    const uploadedSet = new Set(uploaded);
    const workOrderIds = [...new Set(rows.map((r) => workOrderIdOf(r.args)).filter((id): id is string => id !== null))];
    const orders = await db.workOrders.bulkGet(workOrderIds);
    const labels = new Map(orders.flatMap((wo) => (wo ? [[wo.id, `${wo.code} · ${wo.customerName}`] as const] : [])));
    const referenced = new Set<string>();
    const items = rows.map((row): OutboxItem => {
      const photoIds = photoIdsOf(row.name, row.args);
      for (const id of photoIds) referenced.add(id);
      const workOrderId = workOrderIdOf(row.args);
      return {
        seq: row.seq,
        name: row.name,
        status: row.status,
        workOrderId,
        workOrderLabel: workOrderId === null ? null : (labels.get(workOrderId) ?? null),
        stockItem: stockItemOf(row.name, row.args),
        createdAt: Date.parse(row.createdAt),
        ackedAt: row.ackedAt ?? null,
        errorCode: row.result?.error?.code ?? row.blockedBy ?? null,
        conflictCode: row.result?.conflict?.code ?? row.result?.original?.conflict?.code ?? null,
        photoIds,
        photosUploaded: photoIds.filter((id) => uploadedSet.has(id)).length,
        photoFailures: photoIds.flatMap((id) => {
          const failure = failures[id];
          return failure ? [{ photoId: id, code: failure.code }] : [];
        }),
      };
    });
    const waitingRows = rows.filter((r) => r.status !== 'acked').length;
    const waitingPhotos = pendingPhotos.filter((id) => referenced.has(id)).length;
    return { items: items.reverse(), waiting: waitingRows + waitingPhotos, allSent: waitingRows + waitingPhotos === 0 };
  });
}

/** Holds the one live overview (OutboxOverviewProvider); `overview` is undefined while loading. */
export const OutboxOverviewContext = createContext<{ overview: OutboxOverview | undefined } | null>(null);

/**
 * The outbox overview, live; undefined while loading. Every screen reads the same query (the provider's):
 * two queries of their own could each show a different moment, e.g. "1 mục chưa gửi" beside "Đã gửi hết".
 */
export function useOutboxOverview(): OutboxOverview | undefined {
  const value = useContext(OutboxOverviewContext);
  if (value === null) throw new Error('useOutboxOverview outside <OutboxOverviewProvider>');
  return value.overview;
}

/** Records and photos waiting, for the header; undefined while loading. */
export function useWaitingCount(): number | undefined {
  return useOutboxOverview()?.waiting;
}
