import { useLiveQuery } from 'dexie-react-hooks';
import { MANUAL_NOTICE_VIAS, mergeNotice, type ManualNoticeVia, type WorkOrderNotice } from '../domain/workOrder/notice';
import type { WorkOrder } from '../domain/workOrder/workOrder';
import type { UserDatabase } from './database';
import { useLocalDatabase } from './DeviceProvider';

/** The outbox rows' args were checked by the schema when queued (./notify.ts); this reads them without loading it. */
function notifyArgs(args: unknown): { workOrderId: string; via: ManualNoticeVia; forDate: string | null; at: string } | null {
  if (typeof args !== 'object' || args === null) return null;
  const { workOrderId, via, forDate, at } = args as Record<string, unknown>;
  if (typeof workOrderId !== 'string' || typeof at !== 'string') return null;
  if (!(MANUAL_NOTICE_VIAS as readonly unknown[]).includes(via)) return null;
  if (forDate !== null && typeof forDate !== 'string') return null;
  return { workOrderId, via: via as ManualNoticeVia, forDate, at };
}

/**
 * What the work order shows about its household's notice on this device: the server's (pulled) merged with what
 * this device recorded and has not seen come back yet, by the same rule as the server (so the two agree).
 */
export async function localNotice(db: UserDatabase, workOrder: WorkOrder): Promise<WorkOrderNotice | null> {
  const rows = await db.outbox.filter((row) => row.name === 'workOrder.notify' && row.status !== 'rejected').toArray();
  let notice = workOrder.notice ?? null;
  for (const row of rows) {
    const args = notifyArgs(row.args);
    if (args === null || args.workOrderId !== workOrder.id) continue;
    notice = mergeNotice(notice, { via: args.via, state: 'delivered', at: new Date(args.at).toISOString(), forDate: args.forDate });
  }
  return notice;
}

/** Whether the work order's household was told of the visit, as this device knows it; undefined while loading. */
export function useWorkOrderNotice(workOrder: WorkOrder): WorkOrderNotice | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => localNotice(db, workOrder), [db, workOrder]);
}
