import type { WorkOrderMapPoints } from '../../../domain/workOrder/workOrderQuery';

/** The planned date every selected work order has (as imported or last assigned), or null when they differ or lack one. */
export function sharedPlannedDate(points: WorkOrderMapPoints, selected: readonly number[]): string | null {
  let shared: string | null = null;
  for (const i of selected) {
    const date = points.plannedDates[i] ?? null;
    if (date === null || (shared !== null && date !== shared)) return null;
    shared = date;
  }
  return shared;
}

/** Selected work orders whose planned date `date` would replace: how many, and the dates they had (sorted). */
export function replacedPlannedDates(points: WorkOrderMapPoints, selected: readonly number[], date: string): { count: number; dates: string[] } {
  const dates = new Set<string>();
  let count = 0;
  for (const i of selected) {
    const planned = points.plannedDates[i] ?? null;
    if (planned === null || planned === date) continue;
    count += 1;
    dates.add(planned);
  }
  return { count, dates: [...dates].sort() };
}
