import { DEFAULT_PAYMENT_OPTIONS } from '../../../src/domain/campaign/letter';
import {
  buildSwapReceipt,
  buildVisitNotice,
  swapReceiptMessageId,
  visitNoticeMessageId,
  type SwapReceiptInput,
} from '../../../src/domain/campaign/notices';
import { normalizePhone } from '../../../src/domain/capture/identifiers';
import { isoDayInVietnam } from '../../../src/domain/time/time';
import type { NewNotice, NoticeChannel } from '../../store/notices';
import type { Repos } from '../../store/store';
import type { Clock } from '../clock';

/** What one run of the visit-notice job did. */
export interface VisitNoticeRun {
  /** Orders planned in the window. */
  planned: number;
  enqueued: number;
  /** Already queued for the same plan (a re-run). */
  alreadyQueued: number;
  /** Older notices of a changed plan, still queued, marked skipped. */
  superseded: number;
  optedOut: number;
  /** Orders whose phone is missing or not a Vietnamese mobile: skipped and listed. */
  invalidPhones: { workOrderId: string; customerCode: string; phone: string | null }[];
}

/** The channel notices go out on: Zalo ZNS first (the gateway falls back to SMS brandname by its own rules). */
const CHANNEL: NoticeChannel = 'zalo';

/**
 * The notice before the visit (issue 15 §3): for the open orders planned from today to `beforeDays` days ahead (Vietnam
 * days), one message per household per planned window, keyed by (order, date, assignee): a re-run adds nothing; a
 * changed plan adds a new message and marks the old one skipped if it has not gone yet. Households that opted out and
 * phones that are not Vietnamese mobiles are skipped (the latter listed).
 */
export async function runVisitNotices(repos: Repos, clock: Clock, beforeDays: number): Promise<VisitNoticeRun> {
  const now = clock.now();
  const today = isoDayInVietnam(now);
  const last = isoDayInVietnam(new Date(now.getTime() + beforeDays * 86_400_000));
  const candidates = await repos.notices.visitCandidates(today, last);
  const run: VisitNoticeRun = { planned: candidates.length, enqueued: 0, alreadyQueued: 0, superseded: 0, optedOut: 0, invalidPhones: [] };
  const teams = new Map<string, { name: string; contactPhone: string | null; paymentOptions: readonly string[] }>();
  const teamOf = async (teamId: string) => {
    let team = teams.get(teamId);
    if (team === undefined) {
      const record = await repos.teams.findById(teamId);
      const saved = await repos.teamSettings.find(teamId);
      team = {
        name: record?.name ?? '',
        contactPhone: saved?.settings.contactPhone ?? null,
        paymentOptions: saved?.settings.paymentOptions ?? DEFAULT_PAYMENT_OPTIONS,
      };
      teams.set(teamId, team);
    }
    return team;
  };
  const at = now.toISOString();
  for (const order of candidates) {
    if (order.optedOut) {
      run.optedOut += 1;
      continue;
    }
    const to = order.phone === null ? null : normalizePhone(order.phone);
    if (to === null) {
      run.invalidPhones.push({ workOrderId: order.workOrderId, customerCode: order.customerCode, phone: order.phone });
      continue;
    }
    const team = await teamOf(order.teamId);
    const messageId = visitNoticeMessageId(order.workOrderId, order.plannedDate, order.assigneeId);
    const { text, params } = buildVisitNotice({
      customerName: order.customerName,
      plannedDate: order.plannedDate,
      teamName: team.name,
      contactPhone: team.contactPhone,
      paymentOptions: team.paymentOptions,
    });
    const added = await repos.notices.enqueue(
      {
        messageId,
        teamId: order.teamId,
        workOrderId: order.workOrderId,
        customerCode: order.customerCode,
        to,
        channel: CHANNEL,
        template: 'visit_notice',
        params,
        text,
      },
      at,
    );
    if (added) run.enqueued += 1;
    else run.alreadyQueued += 1;
    run.superseded += await repos.notices.skipSuperseded(order.workOrderId, 'visit_notice', messageId, 'the plan changed');
  }
  return run;
}

export interface SwapReceiptRequest extends Omit<SwapReceiptInput, 'teamName'> {
  workOrderId: string;
  completionId: string;
  teamId: string;
  customerCode: string;
  phone: string | null;
}

/**
 * The receipt after a swap as a message (template 'swap_receipt', keyed by work order and completion), or null when
 * the household has no Vietnamese mobile to send it to. The push builds it inside the transaction that receives the
 * swap and writes it at commit with the customer's copy its link opens (store.atCommit), so the message exists
 * exactly when the swap and its token do.
 */
export function swapReceiptNotice(request: SwapReceiptRequest, teamName: string): NewNotice | null {
  const to = request.phone === null ? null : normalizePhone(request.phone);
  if (to === null) return null;
  const { text, params } = buildSwapReceipt({ ...request, teamName });
  return {
    messageId: swapReceiptMessageId(request.workOrderId, request.completionId),
    teamId: request.teamId,
    workOrderId: request.workOrderId,
    customerCode: request.customerCode,
    to,
    channel: CHANNEL,
    template: 'swap_receipt',
    params,
    text,
  };
}

/** Queues one receipt now, in the caller's transaction (tests, tools); answers why nothing was queued, if so. */
export async function enqueueSwapReceipt(
  tx: Repos,
  request: SwapReceiptRequest,
  now: Date,
): Promise<'queued' | 'duplicate' | 'opted-out' | 'invalid-phone'> {
  if (await tx.notices.isOptedOut(request.teamId, request.customerCode)) return 'opted-out';
  const notice = swapReceiptNotice(request, (await tx.teams.findById(request.teamId))?.name ?? '');
  if (notice === null) return 'invalid-phone';
  return (await tx.notices.enqueue(notice, now.toISOString())) ? 'queued' : 'duplicate';
}
