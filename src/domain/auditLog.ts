import { z } from 'zod';
import { WIRE_TEXT } from './wireText';

const Instant = z.iso.datetime({ offset: true });
/** A filter value matched exactly against what the server wrote (an action such as `user.update`, an entity id). */
const Exact = z.string().check(...WIRE_TEXT).trim().min(1).max(200);

/**
 * Query of `GET /api/v1/audit-log` (admins; auditors asked for it): every filter optional and combined with AND,
 * `from` inclusive and `to` exclusive, newest first, `cursor` from the previous page's `nextCursor`.
 */
export const AuditLogQuery = z
  .object({
    actorId: z.uuid().optional(),
    action: Exact.optional(),
    /** What kind of record the entry is about: `workOrder`, `completion`, `review`, `user`, `team`, `export`. */
    entity: Exact.optional(),
    entityId: Exact.optional(),
    from: Instant.optional(),
    to: Instant.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().check(...WIRE_TEXT).min(1).max(200).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'The end of the period must not be before its start.',
    path: ['to'],
  });
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

/** One audit entry: who did what to which record, with the record before and after (shapes vary by action). */
export const AuditLogEntry = z.object({
  /** Increases with every entry written: the log's order. */
  id: z.number().int().positive(),
  at: Instant,
  /** null: the system (no signed-in user). */
  actorId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;

export const AuditLogPage = z.object({ items: z.array(AuditLogEntry), nextCursor: z.string().nullable() });
export type AuditLogPage = z.infer<typeof AuditLogPage>;
