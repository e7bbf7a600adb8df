import { stringify } from 'csv-stringify/sync';
import {
  NOTICE_CSV_MAX_ROWS,
  NOTICE_OVERVIEW_MAX_ROWS,
  NOTICE_STATUSES,
  NoticeReceipt,
  type InvalidPhoneOrder,
  type NoticeOverview,
  type NoticeOverviewQuery,
  type NoticeCsvQuery,
  type NoticeOptOut,
  type NoticeReceiptResult,
} from '../../../src/domain/campaign/notices';
import { normalizePhone } from '../../../src/domain/capture/identifiers';
import { fieldErrorsFromZod } from '../../../src/domain/protocol/errors';
import { ok } from '../../../src/domain/protocol/result';
import { isoDayInVietnam } from '../../../src/domain/time/time';
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { reportTeam } from '../reportService';
import { failure, type Result } from '../result';
import { noteOnWorkOrder, showsOnWorkOrder } from './noticeOnWorkOrder';
import { verifySignature } from './signature';
import * as z from 'zod/mini';

/** The CSV export's columns, in order. */
const CSV_COLUMNS = [
  'status',
  'to',
  'channel',
  'template',
  'text',
  'customer_code',
  'created_at',
  'sent_at',
  'delivered_at',
  'attempts',
  'last_error',
  'message_id',
];

/** Receipts from the gateway and the CSV export of the queue (issue 15 §3). */
/** Orders read per page while looking for phones no notice can reach. */
const PHONE_PAGE = 5_000;

export function createNoticeService(store: Store, clock: Clock, secret: string | null, gateway = false) {
  /** Verifies the signature over the raw body, then applies the receipt; the same receipt twice answers the same. */
  async function receipt(rawBody: string, signature: string | undefined): Promise<Result<NoticeReceiptResult>> {
    const check = secret === null ? 'bad' : verifySignature(secret, rawBody, signature, Math.floor(clock.now().getTime() / 1000));
    if (check === 'expired') return failure('NOTICE_SIGNATURE_EXPIRED', 'The signature timestamp is more than 5 minutes from the server clock.');
    if (check !== 'ok') return failure('NOTICE_SIGNATURE_INVALID', 'X-Notify-Signature is missing or does not match the body.');
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return failure('VALIDATION_FAILED', 'The request body is not JSON.', { errors: [{ path: '', code: 'invalid_json', message: 'not JSON' }] });
    }
    const parsed = z.safeParse(NoticeReceipt, json);
    if (!parsed.success) return failure('VALIDATION_FAILED', 'The request body is invalid.', { errors: fieldErrorsFromZod(parsed.error) });
    const { messageId, status, at, reason } = parsed.data;
    const when = new Date(at).toISOString();
    const message = await store.transaction(async (tx) => {
      const settled = await tx.notices.applyReceipt(messageId, status, when, reason ?? null);
      // What the message now is (a late "failed" leaves "delivered"), shown on its work order; the same twice changes nothing.
      if (settled !== undefined && showsOnWorkOrder(settled) && (settled.status === 'delivered' || settled.status === 'failed')) {
        await noteOnWorkOrder(tx, settled, settled.status, settled.deliveredAt ?? when);
      }
      return settled;
    });
    if (message === undefined) return failure('NOT_FOUND', `No notice ${messageId}.`);
    return ok({ messageId, status: message.status });
  }

  /** The team's queue as CSV (UTF-8 with BOM, the formula guard on): what a company sending by hand works from. */
  async function csv(auth: AuthContext, query: NoticeCsvQuery): Promise<Result<{ filename: string; text: string }>> {
    const team = reportTeam(auth.user, query.teamId);
    if (!team.ok) return team;
    const rows = await store.notices.listForTeam(team.value, NOTICE_CSV_MAX_ROWS);
    const text = stringify(
      rows.map((r) => [
        r.status,
        r.to,
        r.channel,
        r.template,
        r.text,
        r.customerCode,
        r.createdAt,
        r.sentAt ?? '',
        r.deliveredAt ?? '',
        r.attempts,
        r.lastError ?? '',
        r.messageId,
      ]),
      { header: true, columns: CSV_COLUMNS, bom: true, record_delimiter: '\r\n', escape_formulas: true },
    );
    return ok({ filename: `thong-bao-${isoDayInVietnam(clock.now())}.csv`, text });
  }

  /** A household opts out of notices (or back in): a supervisor for their team, an admin for the team named. */
  async function setOptOut(auth: AuthContext, teamId: string | undefined, customerCode: string, optedOut: boolean): Promise<Result<NoticeOptOut>> {
    const team = reportTeam(auth.user, teamId);
    if (!team.ok) return team;
    if (team.value === null) {
      return failure('VALIDATION_FAILED', 'Name the team with ?teamId=.', {
        errors: [{ path: 'teamId', code: 'required', message: 'required for an admin' }],
      });
    }
    await store.notices.setOptOut(team.value, customerCode, optedOut, clock.now().toISOString());
    return ok({ customerCode, optedOut });
  }

  /**
   * `GET /notices`: counts per status, the newest messages (of one status if asked), and the open orders whose phone
   * no notice can reach (missing or not a Vietnamese mobile), read a page at a time so a big team stays cheap.
   */
  async function overview(auth: AuthContext, query: NoticeOverviewQuery): Promise<Result<NoticeOverview>> {
    const team = reportTeam(auth.user, query.teamId);
    if (!team.ok) return team;
    const stored = await store.notices.countByStatus(team.value);
    const counts = Object.fromEntries(NOTICE_STATUSES.map((s) => [s, stored[s] ?? 0])) as NoticeOverview['counts'];
    const rows = await store.notices.listForTeam(team.value, NOTICE_OVERVIEW_MAX_ROWS, query.status);
    const items = rows.map((r) => ({
      messageId: r.messageId,
      status: r.status,
      template: r.template,
      channel: r.channel,
      to: r.to,
      customerCode: r.customerCode,
      workOrderId: r.workOrderId,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      deliveredAt: r.deliveredAt,
      attempts: r.attempts,
      lastError: r.lastError,
    }));
    const invalid: InvalidPhoneOrder[] = [];
    let total = 0;
    for (let after = ''; ;) {
      const page = await store.notices.phonesOfOpenOrders(team.value, after, PHONE_PAGE);
      for (const order of page) {
        if (order.phone !== null && normalizePhone(order.phone) !== null) continue;
        total += 1;
        if (invalid.length < NOTICE_OVERVIEW_MAX_ROWS) invalid.push(order);
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PHONE_PAGE) break;
      after = last.code;
    }
    return ok({ counts, gateway, items, invalidPhones: { total, items: invalid } });
  }

  return { receipt, csv, setOptOut, overview };
}

export type NoticeService = ReturnType<typeof createNoticeService>;
