import { useLiveQuery } from 'dexie-react-hooks';
import type { WorkOrder, WorkOrderStatus } from '../domain';
import { localStatus, type LocalProgress } from '../domain/workOrder/localProgress';
import { narrowTodayList, todayList, type TodayListItem, type TodayListQuery } from '../domain/workOrder/workOrderList';
import { AMEND_DRAFT_KIND, answersReturn, latestReturned, rejectedOutboxSeqs } from './returns';
import type { DraftRow, RecordRow, ReviewRow, UserDatabase } from './database';
import { useLocalDatabase } from './DeviceProvider';

export interface TodayListResult {
  /** After search and status filter, in route order. */
  items: TodayListItem[];
  /** Everything on today's list before search and status filter. */
  total: number;
}

/**
 * Whether a draft means the visit is under way: a failed-visit form opened from the work order has no start
 * (`started: false`, see openFailedVisit) and leaves the status as it was. Read without the draft's schema, which
 * the first screen does not load.
 */
function isStartedDraft(row: DraftRow): boolean {
  const data = row.data;
  return !(typeof data === 'object' && data !== null && 'started' in data && data.started === false);
}

/** This device's progress per work order (drafts and records), from rows already read. */
function progressByWorkOrder(records: readonly RecordRow[], drafts: readonly DraftRow[]): Map<string, LocalProgress> {
  const progress = new Map<string, LocalProgress>();
  const of = (id: string) => {
    let p = progress.get(id);
    if (p === undefined) progress.set(id, (p = { completed: false, started: false, lastFailedDay: null }));
    return p;
  };
  // An amendment draft reopens a sent record; it does not start a visit.
  for (const draft of drafts) if (draft.kind !== AMEND_DRAFT_KIND && isStartedDraft(draft)) of(draft.workOrderId).started = true;
  for (const record of records) {
    const p = of(record.workOrderId);
    if (record.kind === 'swap') p.completed = true;
    else if (p.lastFailedDay === null || record.day > p.lastFailedDay) p.lastFailedDay = record.day;
  }
  return progress;
}

/**
 * A returned record stays "Bị trả lại" on this device until it sends a correction answering that return;
 * the device's own record of the first completion must not make it look completed again.
 */
function reopenedByReturn(wo: WorkOrder, records: readonly RecordRow[], reviews: readonly ReviewRow[], rejected: ReadonlySet<number>): boolean {
  if (wo.status !== 'returned') return false;
  const swaps = records.filter((r): r is Extract<RecordRow, { kind: 'swap' }> => r.kind === 'swap' && r.workOrderId === wo.id);
  return !answersReturn(swaps.at(-1), latestReturned(reviews.filter((r) => r.workOrderId === wo.id)), rejected);
}

/** The status to show: the server's, with this device's unsent progress on top (see `localStatus`). */
function displayStatus(
  wo: WorkOrder,
  records: readonly RecordRow[],
  drafts: readonly DraftRow[],
  reviews: readonly ReviewRow[],
  rejected: ReadonlySet<number>,
): WorkOrderStatus {
  if (reopenedByReturn(wo, records, reviews, rejected)) return wo.status;
  return localStatus(wo, progressByWorkOrder(records, drafts).get(wo.id));
}

/** Work orders as the technician should see them: the server mirror, with this device's unsent progress on top. */
async function workOrdersWithLocalStatus(db: UserDatabase): Promise<WorkOrder[]> {
  const [orders, records, drafts, reviews, rejected] = await Promise.all([
    db.workOrders.toArray(),
    db.records.toArray(),
    db.drafts.toArray(),
    db.reviews.toArray(),
    rejectedOutboxSeqs(db),
  ]);
  const progress = progressByWorkOrder(records, drafts);
  return orders.map((wo) => {
    const status = reopenedByReturn(wo, records, reviews, rejected) ? wo.status : localStatus(wo, progress.get(wo.id));
    return status === wo.status ? wo : { ...wo, status };
  });
}

/** Today's list, live: re-renders whenever a pull or this device's own work changes it. `undefined` while loading. */
export function useTodayWorkOrders({ today, query, status }: TodayListQuery): TodayListResult | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => {
    // Sorted once: the count of the whole day and the narrowed rows come from the same list.
    const day = todayList(await workOrdersWithLocalStatus(db), today);
    return { items: narrowTodayList(day, { query, status }), total: day.length };
  }, [db, today, query, status]);
}

/** One work order; `null` when it is not (or no longer) on this device, `undefined` while loading. */
export function useWorkOrder(id: string): WorkOrder | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => (await db.workOrders.get(id)) ?? null, [db, id]);
}

/** The status to show for one work order (see `displayStatus`); undefined while loading. */
export function useDisplayStatus(wo: WorkOrder): WorkOrderStatus | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => {
    const [records, drafts, reviews, rejected] = await Promise.all([
      db.records.where('workOrderId').equals(wo.id).toArray(),
      db.drafts.where('workOrderId').equals(wo.id).toArray(),
      db.reviews.where('workOrderId').equals(wo.id).toArray(),
      rejectedOutboxSeqs(db),
    ]);
    return displayStatus(wo, records, drafts, reviews, rejected);
  }, [db, wo]);
}

/** When the last pull ran to the end (epoch ms), or null before the first one. */
export function useLastPulledAt(): number | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => (await db.meta.get('sync'))?.lastPulledAt ?? null, [db]);
}
