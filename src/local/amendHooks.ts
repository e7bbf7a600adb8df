import { useLiveQuery } from 'dexie-react-hooks';
import { loadAmendDraft } from './amend';
import type { AmendDraft } from './amendDraft';
import { useLocalDatabase } from './DeviceProvider';

export { readReturnInfo, useReturnBadges, useReturnInfo, type ReturnBadge, type ReturnInfo } from './returnHooks';

/** The open amendment of a work order; null when there is none, undefined while loading. */
export function useAmendDraft(workOrderId: string): AmendDraft | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(() => loadAmendDraft(db, workOrderId), [db, workOrderId]);
}
