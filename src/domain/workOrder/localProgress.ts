import type { WorkOrder } from './workOrder';
import { OPEN_STATUSES, type WorkOrderStatus } from './workOrderRules';

/** What this device has done on a work order that the server may not know yet. */
export interface LocalProgress {
  /** A swap was completed here (its record is read-only). */
  completed: boolean;
  /** A draft exists: the visit was started and not finished. */
  started: boolean;
  /** Day (yyyy-MM-dd, Vietnam) of the latest failed visit recorded here, if any. */
  lastFailedDay: string | null;
}

/**
 * The status the technician should see: the server's, unless the device knows better because its
 * own record has not been synced yet. Only open work orders are overridden; a failed visit counts
 * until the work order is planned again for a later day (rescheduled).
 */
export function localStatus(wo: WorkOrder, progress: LocalProgress | undefined): WorkOrderStatus {
  if (progress === undefined || !OPEN_STATUSES.includes(wo.status)) return wo.status;
  if (progress.completed) return 'completed';
  if (progress.started) return 'in_progress';
  if (progress.lastFailedDay !== null && (wo.plannedDate === null || wo.plannedDate <= progress.lastFailedDay)) return 'failed_visit';
  return wo.status;
}
