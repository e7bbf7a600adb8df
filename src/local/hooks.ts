import { useLiveQuery } from 'dexie-react-hooks';
import type { WorkOrder } from '../domain';
import { filterTodayList, todayList, type TodayListItem, type TodayListQuery } from '../domain/workOrderList';
import { useLocalDatabase } from './LocalDatabaseProvider';
import { countUnsyncedWork } from './unsyncedWork';

export interface TodayListResult {
  /** After search and status filter, in route order. */
  items: TodayListItem[];
  /** Everything on today's list before search and status filter. */
  total: number;
}

/** Today's list, live: re-renders whenever a pull changes the mirror. `undefined` while loading. */
export function useTodayWorkOrders({ today, query, status }: TodayListQuery): TodayListResult | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => {
    const all = await db.workOrders.toArray();
    return {
      items: filterTodayList(all, { today, query, status }),
      total: todayList(all, today).length,
    };
  }, [db, today, query, status]);
}

/** One work order; `null` when it is not (or no longer) on this device, `undefined` while loading. */
export function useWorkOrder(id: string): WorkOrder | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => (await db.workOrders.get(id)) ?? null, [db, id]);
}

/** Changes, drafts and photos the server has not acknowledged yet. */
export function usePendingCount(): number | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => countUnsyncedWork(db), [db]);
}

/** When the last pull ran to the end (epoch ms), or null before the first one. */
export function useLastPulledAt(): number | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => (await db.meta.get('sync'))?.lastPulledAt ?? null, [db]);
}
