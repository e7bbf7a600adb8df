import type { SyncBacklogRow } from '../../../domain/console/reports';

/** A record waiting longer than this on a device is overdue (domain.md: sync backlog over 24 h). */
export const BACKLOG_OVERDUE_MS = 24 * 3_600_000;

export type BacklogLevel = 'ok' | 'pending' | 'overdue' | 'monthEnd';

/** How urgent a technician's waiting work is: overdue after 24 h; near month end anything waiting must go today. */
export function backlogLevel(row: SyncBacklogRow, nowMs: number, monthEnd: boolean): BacklogLevel {
  const pending = row.pendingRecords + row.pendingPhotos > 0;
  if (!pending) return 'ok';
  if (row.oldestPendingAt !== null && nowMs - Date.parse(row.oldestPendingAt) > BACKLOG_OVERDUE_MS) return 'overdue';
  return monthEnd ? 'monthEnd' : 'pending';
}
