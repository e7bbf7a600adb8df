import { useLiveQuery } from 'dexie-react-hooks';
import type { CommissioningView } from '../domain/commissioning/commissioning';
import { useLocalDatabase } from './DeviceProvider';

/**
 * Whether the head-end has confirmed the new meter of a work order (issue 17), as the last pull brought it: the
 * commissioning of its primary completion in the server mirror, null when the device has none (not pulled since,
 * or a record from before the feature); undefined while loading.
 */
export function useCommissioning(workOrderId: string): CommissioningView | null | undefined {
  const db = useLocalDatabase();
  return useLiveQuery(async () => {
    const completions = await db.completions.where('workOrderId').equals(workOrderId).toArray();
    return completions.find((c) => c.primary)?.commissioning ?? null;
  }, [db, workOrderId]);
}
