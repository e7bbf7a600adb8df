import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';

const Instant = z.iso.datetime({ offset: true });
/** A filter value matched exactly against what the server wrote (an action such as `user.update`, an entity id). */
const Exact = z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(200));

/**
 * Query of `GET /api/v1/audit-log` (admins; auditors asked for it): every filter optional and combined with AND,
 * `from` inclusive and `to` exclusive, newest first, `cursor` from the previous page's `nextCursor`.
 */
export const AuditLogQuery = z
  .object({
    actorId: z.optional(z.uuid()),
    action: z.optional(Exact),
    /** What kind of record the entry is about: `workOrder`, `completion`, `review`, `user`, `team`, `export`. */
    entity: z.optional(Exact),
    entityId: z.optional(Exact),
    from: z.optional(Instant),
    to: z.optional(Instant),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
    cursor: z.optional(z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(200))),
  })
  .check(
    z.refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
      message: 'The end of the period must not be before its start.',
      path: ['to'],
    }),
  );
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

/** One audit entry: who did what to which record, with the record before and after (shapes vary by action). */
export const AuditLogEntry = z.object({
  /** Increases with every entry written: the log's order. */
  id: z.number().check(z.int(), z.positive()),
  at: Instant,
  /** null: the system (no signed-in user). */
  actorId: z.nullable(z.string()),
  action: z.string(),
  entity: z.string(),
  entityId: z.nullable(z.string()),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;

export const AuditLogPage = z.object({ items: z.array(AuditLogEntry), nextCursor: z.nullable(z.string()) });
export type AuditLogPage = z.infer<typeof AuditLogPage>;
