import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from './schema';
import type { AuditEntry } from './records';
import { chunks, INSERT_BATCH_ROWS } from './batch';

/** Filters of the admin's audit-log view; every one optional, combined with AND. Times are ISO instants in UTC. */
export interface AuditFilter {
  actorId?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  /** Inclusive. */
  fromAt?: string;
  /** Exclusive. */
  toAt?: string;
  /** Keyset: only entries older than this id (the last one of the previous page). */
  beforeId?: number;
  limit: number;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

export function auditRepo(db: Kysely<Database>) {
  return {
    async append(entries: readonly AuditEntry[]): Promise<void> {
      // In batches: a roadmap's confirmation writes one entry per order, thousands of them.
      for (const batch of chunks(entries, INSERT_BATCH_ROWS)) {
        await db
          .insertInto('audit_log')
          .values(
            batch.map((e) => ({
              actor_id: e.actorId,
              action: e.action,
              entity: e.entity,
              entity_id: e.entityId,
              before: json(e.before),
              after: json(e.after),
              at: e.at,
            })),
          )
          .execute();
      }
    },

    async listForEntity(entity: string, entityId: string): Promise<AuditEntry[]> {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', entity)
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    },

    /**
     * Newest first (by id, the order entries were written). `at` is compared as text: every writer stores
     * `Date.toISOString()` (UTC, milliseconds), so text order is time order.
     */
    async list(filter: AuditFilter): Promise<StoredAuditEntry[]> {
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
      if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
      if (filter.fromAt !== undefined) query = query.where('at', '>=', filter.fromAt);
      if (filter.toAt !== undefined) query = query.where('at', '<', filter.toAt);
      if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
      const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map((r) => ({ id: r.id, ...toEntry(r) }));
    },
  };
}

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    actorId: r.actor_id,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    at: r.at,
  };
}

export type AuditRepo = ReturnType<typeof auditRepo>;
