/**
 * Whether the household of a work order was told of the visit (issue 15 §3), as the technician sees it on the work
 * order: by the notice the server sent (Zalo / SMS, through the gateway), or by the technician in person or over
 * the commune's loudspeaker (recorded offline with `workOrder.notify`). Pure: the server and the device both merge
 * with `mergeNotice`, so the work order shows the same whatever order the events arrive in.
 */

export const NOTICE_VIAS = ['zalo', 'sms', 'in_person', 'loudspeaker'] as const;
export type NoticeVia = (typeof NOTICE_VIAS)[number];
/** What the technician can record on the device. */
export const MANUAL_NOTICE_VIAS = ['in_person', 'loudspeaker'] as const satisfies readonly NoticeVia[];
export type ManualNoticeVia = (typeof MANUAL_NOTICE_VIAS)[number];

/** sent: the gateway took the message; delivered: it reached the phone, or the technician told them; failed: it could not be sent. */
export const NOTICE_STATES = ['sent', 'delivered', 'failed'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** Its schema is WorkOrderNotice in ./workOrder.ts (this module stays free of zod: the first screen loads it). */
export interface WorkOrderNotice {
  via: NoticeVia;
  state: NoticeState;
  /** When it happened (ISO instant). */
  at: string;
  /** The planned day the household was told of (yyyy-MM-dd), or null when the order had none. */
  forDate: string | null;
}

const RANK: Record<NoticeState, number> = { failed: 0, sent: 1, delivered: 2 };

/**
 * The notice a work order shows after `incoming`: for the same planned day the stronger state wins (told in person or
 * delivered beats sent beats failed: a late "failed" never hides that the household was told); for different days,
 * or the same state, the later one wins (a new plan needs a new notice).
 */
export function mergeNotice(current: WorkOrderNotice | null | undefined, incoming: WorkOrderNotice): WorkOrderNotice {
  if (current === null || current === undefined) return incoming;
  if (incoming.forDate === current.forDate && RANK[incoming.state] !== RANK[current.state]) {
    return RANK[incoming.state] > RANK[current.state] ? incoming : current;
  }
  return Date.parse(incoming.at) >= Date.parse(current.at) ? incoming : current;
}

/** What the work order should say now: told for the planned day, told of another day (tell them again), failed, or nothing yet. */
export type NoticeStanding =
  | { kind: 'none' }
  | { kind: 'told'; notice: WorkOrderNotice }
  | { kind: 'sent'; notice: WorkOrderNotice }
  | { kind: 'failed'; notice: WorkOrderNotice }
  | { kind: 'stale'; notice: WorkOrderNotice };

export function noticeStanding(notice: WorkOrderNotice | null | undefined, plannedDate: string | null): NoticeStanding {
  if (notice === null || notice === undefined) return { kind: 'none' };
  if (notice.forDate !== null && plannedDate !== null && notice.forDate !== plannedDate) return { kind: 'stale', notice };
  if (notice.state === 'failed') return { kind: 'failed', notice };
  return notice.state === 'delivered' ? { kind: 'told', notice } : { kind: 'sent', notice };
}
