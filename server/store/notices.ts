import { sql, type Kysely } from 'kysely';
import { PLANNABLE_STATUSES } from '../../src/domain/campaign/roadmap';
import type { SqlDialect } from './dialect';
import { chunks, INSERT_BATCH_ROWS } from './batch';
import { fromJson, toJson } from './json';
import type { Selectable } from 'kysely';
import type { Database, NoticesTable } from './schema';

export type NoticeChannel = 'zalo' | 'sms';
export type NoticeTemplate = 'visit_notice' | 'swap_receipt';
export type NoticeStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped';

/** A message to enqueue. `messageId` is its idempotency key. */
export interface NewNotice {
  messageId: string;
  teamId: string;
  workOrderId: string | null;
  customerCode: string;
  to: string;
  channel: NoticeChannel;
  template: NoticeTemplate;
  params: Record<string, string>;
  text: string;
}

export interface NoticeRecord extends NewNotice {
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: string;
  claimedBy: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
}

/** An order's phone, for the list of orders no notice can reach. */
export interface PhoneOfOrder {
  workOrderId: string;
  code: string;
  customerCode: string;
  customerName: string;
  phone: string | null;
  commune: string;
  plannedDate: string | null;
}

/** A visit notice's key facts, for the visit job to see what it already queued for an order. */
export interface VisitNoticeCandidate {
  workOrderId: string;
  teamId: string;
  customerCode: string;
  customerName: string;
  phone: string | null;
  plannedDate: string;
  assigneeId: string | null;
  optedOut: boolean;
}

function toRecord(row: Selectable<NoticesTable>): NoticeRecord {
  const params = fromJson(row.params);
  return {
    messageId: row.message_id,
    teamId: row.team_id,
    workOrderId: row.work_order_id,
    customerCode: row.customer_code,
    to: row.to_phone,
    channel: row.channel as NoticeChannel,
    template: row.template as NoticeTemplate,
    params: typeof params === 'object' && params !== null ? (params as Record<string, string>) : {},
    text: row.text,
    status: row.status as NoticeStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    claimedBy: row.claimed_by,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
  };
}

function toInsert(notice: NewNotice, now: string) {
  return {
    message_id: notice.messageId,
    team_id: notice.teamId,
    work_order_id: notice.workOrderId,
    customer_code: notice.customerCode,
    to_phone: notice.to,
    channel: notice.channel,
    template: notice.template,
    params: toJson(notice.params),
    text: notice.text,
    status: 'queued',
    next_attempt_at: now,
    created_at: now,
  };
}

/** Why a message was skipped because its household opted out (the queue's last_error). */
export const OPTED_OUT = 'opted out';

/** Error text kept per row: enough to read, never a whole answer body. */
const ERROR_MAX = 500;

/**
 * The notice queue (issue 15 §3). At-least-once delivery with a lease: `claim` turns due rows into 'sending' under
 * this sender's name until `leaseUntil`; only the lease holder can settle them (sent, retry, failed). A sender that
 * dies mid-send leaves its rows 'sending' with a lease that runs out, and another sender claims them again — the
 * gateway then sees the same messageId twice and must answer the repeat without sending again (docs/api.md).
 * No method needs a caller's transaction: each is one statement.
 */
export function noticesRepo(db: Kysely<Database>, dialect: SqlDialect) {
  /** Rows a sender may claim at `now`: queued and due, or 'sending' under a lease that has run out. */
  const claimable = (now: string) =>
    db
      .selectFrom('notices')
      .select('message_id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .orderBy('message_id');

  return {
    /** Adds a message unless one with its messageId exists. Answers whether it was added. */
    async enqueue(notice: NewNotice, now: string): Promise<boolean> {
      const result = await db
        .insertInto('notices')
        .values(toInsert(notice, now))
        .onConflict((oc) => oc.column('message_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /**
     * Several messages at once (a push's receipts, written at its commit: store.atCommit), each unless its messageId
     * exists, in one statement per 500: a household that opted out gets its message as skipped, so the queue still
     * says why nothing went. (`where true`: SQLite's parser needs it between a join's ON and the upsert's ON CONFLICT.)
     */
    async enqueueMany(notices: readonly NewNotice[], now: string): Promise<void> {
      for (const chunk of chunks(notices, INSERT_BATCH_ROWS)) {
        const values = sql.join(
          chunk.map(
            (n) =>
              sql`(${n.messageId}, ${n.teamId}, ${n.workOrderId}, ${n.customerCode}, ${n.to}, ${n.channel}, ${n.template}, ${toJson(n.params)}, ${n.text})`,
          ),
        );
        await sql`with v (message_id, team_id, work_order_id, customer_code, to_phone, channel, template, params, text) as (values ${values})
          insert into notices (message_id, team_id, work_order_id, customer_code, to_phone, channel, template, params, text, status, last_error, next_attempt_at, created_at)
          select v.message_id, v.team_id, v.work_order_id, v.customer_code, v.to_phone, v.channel, v.template, v.params, v.text,
            case when o.customer_code is null then 'queued' else 'skipped' end,
            case when o.customer_code is null then null else ${OPTED_OUT} end,
            ${now}, ${now}
          from v left join notice_opt_outs o on o.team_id = v.team_id and o.customer_code = v.customer_code
          where true
          on conflict (message_id) do nothing`.execute(db);
      }
    },

    async find(messageId: string): Promise<NoticeRecord | undefined> {
      const row = await db.selectFrom('notices').selectAll().where('message_id', '=', messageId).executeTakeFirst();
      return row && toRecord(row);
    },

    /**
     * Leases up to `limit` due messages to `claimedBy` until `leaseUntil`, counting an attempt on each, in one
     * statement. PostgreSQL: the inner select skips rows another sender has locked (FOR UPDATE SKIP LOCKED), so
     * concurrent senders take disjoint batches; SQLite has one writer at a time, so the single UPDATE is enough.
     */
    async claim(claimedBy: string, now: string, leaseUntil: string, limit: number): Promise<NoticeRecord[]> {
      // PostgreSQL: `= any(array(…))` runs the locking subquery once; under `in (…)` the planner may rescan it
      // (a semi-join), and each rescan skips and locks further rows, so more than `limit` were claimed.
      const rows = await db
        .updateTable('notices')
        .set((eb) => ({ status: 'sending', claimed_by: claimedBy, lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where(
          dialect === 'postgres'
            ? sql<boolean>`message_id = any(array(${claimable(now).limit(limit).forUpdate().skipLocked()}))`
            : sql<boolean>`message_id in (${claimable(now).limit(limit)})`,
        )
        // Re-checked on the row itself: on PostgreSQL a row another sender settled between the scan and the lock.
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
          ]),
        )
        .returningAll()
        .execute();
      return rows.map(toRecord).sort((a, b) => (a.nextAttemptAt < b.nextAttemptAt ? -1 : a.nextAttemptAt > b.nextAttemptAt ? 1 : 0));
    },

    /** The gateway took it (2xx). Only the lease holder settles; a receipt that came first is kept. */
    async markSent(messageId: string, claimedBy: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('notices')
        .set({ status: 'sent', sent_at: at, claimed_by: null, lease_until: null, last_error: null })
        .where('message_id', '=', messageId)
        .where('claimed_by', '=', claimedBy)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Back to the queue until `nextAttemptAt` (a 5xx, a timeout, a network error). */
    async markRetry(messageId: string, claimedBy: string, nextAttemptAt: string, error: string): Promise<boolean> {
      const r = await db
        .updateTable('notices')
        .set({ status: 'queued', next_attempt_at: nextAttemptAt, claimed_by: null, lease_until: null, last_error: error.slice(0, ERROR_MAX) })
        .where('message_id', '=', messageId)
        .where('claimed_by', '=', claimedBy)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Given up: a 4xx the same bytes will always get, or the last attempt spent. */
    async markFailed(messageId: string, claimedBy: string, error: string): Promise<boolean> {
      const r = await db
        .updateTable('notices')
        .set({ status: 'failed', claimed_by: null, lease_until: null, last_error: error.slice(0, ERROR_MAX) })
        .where('message_id', '=', messageId)
        .where('claimed_by', '=', claimedBy)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /**
     * The gateway's delivery receipt. Applies to a message not yet settled (queued again after a timeout whose POST
     * did reach the gateway, sending, sent): no more retries then. A message already settled keeps its status (a
     * receipt answered twice changes nothing; a late "failed" does not undo "delivered"). Answers the message as it now is, or
     * undefined for an unknown messageId.
     */
    async applyReceipt(messageId: string, status: 'delivered' | 'failed', at: string, reason: string | null): Promise<NoticeRecord | undefined> {
      await db
        .updateTable('notices')
        .set({
          status,
          claimed_by: null,
          lease_until: null,
          ...(status === 'delivered' ? { delivered_at: at } : { last_error: (reason ?? 'failed at the gateway').slice(0, ERROR_MAX) }),
          sent_at: sql<string>`coalesce(sent_at, ${at})`,
        })
        .where('message_id', '=', messageId)
        .where('status', 'in', ['queued', 'sending', 'sent'])
        .execute();
      const row = await db.selectFrom('notices').selectAll().where('message_id', '=', messageId).executeTakeFirst();
      return row && toRecord(row);
    },

    /** Marks the still-queued messages of `template` for a work order, other than `keep`, skipped (a plan changed). */
    async skipSuperseded(workOrderId: string, template: NoticeTemplate, keep: string, reason: string): Promise<number> {
      const r = await db
        .updateTable('notices')
        .set({ status: 'skipped', last_error: reason })
        .where('work_order_id', '=', workOrderId)
        .where('template', '=', template)
        .where('status', '=', 'queued')
        .where('message_id', '<>', keep)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /**
     * The phones of a team's orders not yet done (null team: every team's), for the list of those no notice can reach:
     * only the domain can tell a Vietnamese mobile, so the service filters. Keyset by code, `limit` rows a page.
     */
    async phonesOfOpenOrders(teamId: string | null, afterCode: string, limit: number): Promise<PhoneOfOrder[]> {
      let query = db
        .selectFrom('work_orders')
        .select(['id', 'code', 'customer_code', 'customer_name', 'phone', 'commune', 'planned_date'])
        .where('status', 'in', [...PLANNABLE_STATUSES, 'in_progress', 'returned'])
        .where('code', '>', afterCode);
      if (teamId !== null) query = query.where('team_id', '=', teamId);
      const rows = await query.orderBy('code').limit(limit).execute();
      return rows.map((r) => ({
        workOrderId: r.id,
        code: r.code,
        customerCode: r.customer_code,
        customerName: r.customer_name,
        phone: r.phone,
        commune: r.commune,
        plannedDate: r.planned_date,
      }));
    },

    /** Open orders planned from `fromDay` to `toDay` (inclusive), with whether their household opted out. */
    async visitCandidates(fromDay: string, toDay: string): Promise<VisitNoticeCandidate[]> {
      const rows = await db
        .selectFrom('work_orders as w')
        .leftJoin('notice_opt_outs as o', (join) => join.onRef('o.team_id', '=', 'w.team_id').onRef('o.customer_code', '=', 'w.customer_code'))
        .select(['w.id', 'w.team_id', 'w.customer_code', 'w.customer_name', 'w.phone', 'w.planned_date', 'w.assignee_id', 'o.customer_code as opted'])
        .where('w.planned_date', '>=', fromDay)
        .where('w.planned_date', '<=', toDay)
        .where('w.status', 'in', PLANNABLE_STATUSES)
        .where('w.team_id', 'is not', null)
        .orderBy('w.planned_date')
        .orderBy('w.id')
        .execute();
      return rows.map((r) => ({
        workOrderId: r.id,
        teamId: r.team_id ?? '',
        customerCode: r.customer_code,
        customerName: r.customer_name,
        phone: r.phone,
        plannedDate: r.planned_date ?? '',
        assigneeId: r.assignee_id,
        optedOut: r.opted !== null,
      }));
    },

    /** Stops (or resumes) notices to a household of a team. */
    async setOptOut(teamId: string, customerCode: string, optedOut: boolean, at: string): Promise<void> {
      if (optedOut) {
        await db
          .insertInto('notice_opt_outs')
          .values({ team_id: teamId, customer_code: customerCode, opted_out_at: at })
          .onConflict((oc) => oc.columns(['team_id', 'customer_code']).doNothing())
          .execute();
        // What is still waiting for the household stops too (a message already with the gateway cannot be called back).
        await db
          .updateTable('notices')
          .set({ status: 'skipped', last_error: OPTED_OUT })
          .where('team_id', '=', teamId)
          .where('customer_code', '=', customerCode)
          .where('status', '=', 'queued')
          .execute();
      } else {
        await db.deleteFrom('notice_opt_outs').where('team_id', '=', teamId).where('customer_code', '=', customerCode).execute();
      }
    },

    async isOptedOut(teamId: string, customerCode: string): Promise<boolean> {
      const row = await db
        .selectFrom('notice_opt_outs')
        .select('customer_code')
        .where('team_id', '=', teamId)
        .where('customer_code', '=', customerCode)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** A team's queue (null: every team's), newest first (the CSV export), at most `limit` rows, of one status if named. */
    async listForTeam(teamId: string | null, limit: number, status?: NoticeStatus): Promise<NoticeRecord[]> {
      let query = db.selectFrom('notices').selectAll();
      if (teamId !== null) query = query.where('team_id', '=', teamId);
      if (status !== undefined) query = query.where('status', '=', status);
      const rows = await query.orderBy('created_at', 'desc').orderBy('message_id').limit(limit).execute();
      return rows.map(toRecord);
    },

    /** Counts per status, of one team's messages or (null, the default) everybody's. */
    async countByStatus(teamId: string | null = null): Promise<Partial<Record<NoticeStatus, number>>> {
      let query = db.selectFrom('notices').select(['status', (eb) => eb.fn.countAll<number | string>().as('n')]);
      if (teamId !== null) query = query.where('team_id', '=', teamId);
      const rows = await query.groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** When the next queued message falls due, or null (the sender's sleep). */
    async nextDue(): Promise<string | null> {
      const row = await db
        .selectFrom('notices')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return row?.at ?? null;
    },
  };
}

export type NoticesRepo = ReturnType<typeof noticesRepo>;
