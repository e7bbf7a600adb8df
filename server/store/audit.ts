import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { AuditEntry } from './records';

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

export function auditRepo(db: Kysely<Database>) {
  return {
    async append(entries: readonly AuditEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await db.insertInto('audit_log').values(entries.map((e) => ({
        actor_id: e.actorId,
        action: e.action,
        entity: e.entity,
        entity_id: e.entityId,
        before: json(e.before),
        after: json(e.after),
        at: e.at,
      }))).execute();
    },

    async listForEntity(entity: string, entityId: string): Promise<AuditEntry[]> {
      const rows = await db.selectFrom('audit_log').selectAll()
        .where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute();
      return rows.map((r) => ({
        actorId: r.actor_id,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before === null ? null : (JSON.parse(r.before) as unknown),
        after: r.after === null ? null : (JSON.parse(r.after) as unknown),
        at: r.at,
      }));
    },
  };
}

export type AuditRepo = ReturnType<typeof auditRepo>;
