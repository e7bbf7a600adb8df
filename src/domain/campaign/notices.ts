import * as z from 'zod/mini';
import { formatReading } from '../format/numberFormat';
import { WIRE_TEXT } from '../protocol/wireText';
import { formatDateTime, formatIsoDay } from '../time/time';

/**
 * Customer notices (issue 15 §3): the notice before the visit, the receipt after the swap, and the delivery contract
 * with the gateway behind the outbound webhook (docs/api.md "Notices"). Pure: the server's queue and sender
 * (server/services/notices) pass clocks and settings in.
 */

export const NOTICE_CHANNELS = ['zalo', 'sms'] as const;
export const NOTICE_TEMPLATES = ['visit_notice', 'swap_receipt'] as const;
export const NOTICE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type NoticeStatusName = (typeof NOTICE_STATUSES)[number];

/** Days ahead the notice before the visit goes out, unless NOTIFY_BEFORE_DAYS says otherwise. */
export const NOTIFY_BEFORE_DAYS_DEFAULT = 2;
/** A receipt's or webhook's signature is accepted this long around its timestamp. */
export const NOTICE_SIGNATURE_WINDOW_SECONDS = 300;
/** The time a visit takes the power off, as the notice says it. */
export const NOTICE_OUTAGE_MINUTES = 15;

/** Quiet hours in Vietnam time: nothing is sent from `start`:00 to `end`:00 (wrapping midnight when start > end). */
export interface QuietHours {
  start: number;
  end: number;
}

/** `21-7` → {21, 7}; `off` → null (send at any hour); anything else → undefined (invalid). */
export function parseQuietHours(raw: string): QuietHours | null | undefined {
  if (raw.trim().toLowerCase() === 'off') return null;
  const m = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(raw);
  if (m === null) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > 23 || end > 23 || start === end) return undefined;
  return { start, end };
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

function vietnamHour(instant: Date): number {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).getUTCHours();
}

/** Whether `instant` falls inside the quiet hours (null: never). */
export function inQuietHours(quiet: QuietHours | null, instant: Date): boolean {
  if (quiet === null) return false;
  const hour = vietnamHour(instant);
  return quiet.start < quiet.end ? hour >= quiet.start && hour < quiet.end : hour >= quiet.start || hour < quiet.end;
}

/** The first instant at or after `instant` outside the quiet hours (the instant itself when it is outside). */
export function quietHoursEnd(quiet: QuietHours | null, instant: Date): Date {
  if (!inQuietHours(quiet, instant) || quiet === null) return instant;
  const wall = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  const endWall = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), quiet.end);
  const end = endWall - VIETNAM_OFFSET_MS;
  return new Date(end > instant.getTime() ? end : end + 86_400_000);
}

/**
 * The visit notice's messageId: the same (work order, planned date, assignee) is the same message, so the job may run
 * any number of times; a changed plan (another day or technician) is a new message.
 */
export function visitNoticeMessageId(workOrderId: string, plannedDate: string, assigneeId: string | null): string {
  return `visit:${workOrderId}:${plannedDate}:${assigneeId ?? '-'}`;
}

/** The swap receipt's messageId: one per work order's received completion. */
export function swapReceiptMessageId(workOrderId: string, completionId: string): string {
  return `receipt:${workOrderId}:${completionId}`;
}

export interface VisitNoticeInput {
  customerName: string;
  /** ISO day of the visit. */
  plannedDate: string;
  teamName: string;
  /** The team's contact number (team settings), or null when none is saved. */
  contactPhone: string | null;
  /** The cashless payment options the team offers (team settings). */
  paymentOptions: readonly string[];
}

/** The visit's window as the notice prints it. */
export const VISIT_WINDOW = 'từ 7 giờ 30 đến 17 giờ';

/** The notice before the visit, in Vietnamese, and its template params. */
export function buildVisitNotice(input: VisitNoticeInput): { text: string; params: Record<string, string> } {
  const day = formatIsoDay(input.plannedDate);
  const contact = input.contactPhone === null || input.contactPhone.trim() === '' ? '' : ` (ĐT: ${input.contactPhone.trim()})`;
  const payment =
    input.paymentOptions.length === 0 ? '' : ` Quý khách có thể thanh toán tiền điện không dùng tiền mặt: ${input.paymentOptions.join('; ')}.`;
  const text =
    `${input.teamName}${contact} thông báo: ngày ${day}, ${VISIT_WINDOW}, nhân viên điện lực sẽ đến thay công tơ điện nhà ${input.customerName}. ` +
    `Quý khách vui lòng có mặt tại nhà; điện sẽ tạm ngắt khoảng ${NOTICE_OUTAGE_MINUTES} phút.${payment}`;
  return {
    text,
    params: {
      customerName: input.customerName,
      date: day,
      /** The same day as yyyy-MM-dd, for machines (the work order's "notified for" day). */
      visitDate: input.plannedDate,
      window: VISIT_WINDOW,
      team: input.teamName,
      contactPhone: input.contactPhone?.trim() ?? '',
      paymentOptions: input.paymentOptions.join('; '),
    },
  };
}

export interface SwapReceiptInput {
  customerName: string;
  oldSerial: string;
  oldReading: number;
  newSerial: string;
  newReading: number;
  /** When the swap was done. */
  at: Date;
  teamName: string;
  /** The customer's copy of the handover record (`/bien-ban/<token>`), or '' until it exists. */
  link: string;
}

/** The receipt after the swap, in Vietnamese, and its template params. */
export function buildSwapReceipt(input: SwapReceiptInput): { text: string; params: Record<string, string> } {
  const when = formatDateTime(input.at);
  const link = input.link === '' ? '' : ` Biên bản: ${input.link}`;
  const text =
    `${input.teamName}: đã thay công tơ nhà ${input.customerName} lúc ${when}. ` +
    `Công tơ cũ ${input.oldSerial}, chỉ số ${formatReading(input.oldReading, 'vi')}; công tơ mới ${input.newSerial}, chỉ số ${formatReading(input.newReading, 'vi')}.${link}`;
  return {
    text,
    params: {
      customerName: input.customerName,
      time: when,
      oldSerial: input.oldSerial,
      oldReading: formatReading(input.oldReading, 'vi'),
      newSerial: input.newSerial,
      newReading: formatReading(input.newReading, 'vi'),
      team: input.teamName,
      link: input.link,
    },
  };
}

/** Full jitter within [half, whole] of an exponential step: `baseMs · 2^(attempt-1)` capped at `maxMs`. `random` ∈ [0, 1). */
export function retryDelayMs(attempt: number, random: number, baseMs = 30_000, maxMs = 3_600_000): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * random);
}

const MessageId = z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(200));

/** `POST /api/v1/notices/receipts`: the gateway's delivery receipt (signed like the webhook). */
export const NoticeReceipt = z.object({
  messageId: MessageId,
  status: z.enum(['delivered', 'failed']),
  /** When the carrier delivered (or gave up), ISO-8601. */
  at: z.iso.datetime({ offset: true }),
  reason: z.optional(z.string().check(...WIRE_TEXT, z.maxLength(500))),
});
export type NoticeReceipt = z.infer<typeof NoticeReceipt>;

/** The answer: the message's status after the receipt (the same when answered twice). */
export const NoticeReceiptResult = z.object({
  messageId: z.string(),
  status: z.enum(NOTICE_STATUSES),
});
export type NoticeReceiptResult = z.infer<typeof NoticeReceiptResult>;

/** `GET /api/v1/notices.csv`: an admin names the team (absent: every team); a supervisor gets their own. */
export const NoticeCsvQuery = z.object({ teamId: z.optional(z.uuid()) });
export type NoticeCsvQuery = z.infer<typeof NoticeCsvQuery>;
/** Rows the CSV export holds at most (newest first). */
export const NOTICE_CSV_MAX_ROWS = 50_000;

/** `PUT /api/v1/notices/opt-outs/:customerCode`: stop (or resume) notices to a household of the team. */
export const NoticeOptOutParams = z.object({ customerCode: z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(20)) });
export const NoticeOptOutQuery = z.object({ teamId: z.optional(z.uuid()) });
export const NoticeOptOutRequest = z.object({ optedOut: z.boolean() });
export type NoticeOptOutRequest = z.infer<typeof NoticeOptOutRequest>;
export const NoticeOptOut = z.object({ customerCode: z.string(), optedOut: z.boolean() });
export type NoticeOptOut = z.infer<typeof NoticeOptOut>;

/** `GET /api/v1/notices`: the console's view of the queue; an admin may name a team (absent: every team). */
export const NoticeOverviewQuery = z.object({
  teamId: z.optional(z.uuid()),
  status: z.optional(z.enum(NOTICE_STATUSES)),
});
export type NoticeOverviewQuery = z.infer<typeof NoticeOverviewQuery>;
/** Messages and households with a bad phone listed at most (the CSV holds every message). */
export const NOTICE_OVERVIEW_MAX_ROWS = 200;

export const NoticeOverviewItem = z.object({
  messageId: z.string(),
  status: z.enum(NOTICE_STATUSES),
  template: z.enum(NOTICE_TEMPLATES),
  channel: z.enum(NOTICE_CHANNELS),
  to: z.string(),
  customerCode: z.string(),
  workOrderId: z.nullable(z.string()),
  createdAt: z.string(),
  sentAt: z.nullable(z.string()),
  deliveredAt: z.nullable(z.string()),
  attempts: z.number(),
  lastError: z.nullable(z.string()),
});
export type NoticeOverviewItem = z.infer<typeof NoticeOverviewItem>;

/** An open order whose phone is not a Vietnamese mobile: no notice can reach it ("skipped and listed"). */
export const InvalidPhoneOrder = z.object({
  workOrderId: z.string(),
  code: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  phone: z.nullable(z.string()),
  commune: z.string(),
  plannedDate: z.nullable(z.string()),
});
export type InvalidPhoneOrder = z.infer<typeof InvalidPhoneOrder>;

export const NoticeOverview = z.object({
  /** Messages per status, all of them. */
  counts: z.record(z.enum(NOTICE_STATUSES), z.number()),
  /** Whether a gateway webhook is configured (without one, messages stay queued: the CSV is the way out). */
  gateway: z.boolean(),
  /** Newest first, at most NOTICE_OVERVIEW_MAX_ROWS, of the status asked for. */
  items: z.array(NoticeOverviewItem),
  invalidPhones: z.object({ total: z.number(), items: z.array(InvalidPhoneOrder) }),
});
export type NoticeOverview = z.infer<typeof NoticeOverview>;
