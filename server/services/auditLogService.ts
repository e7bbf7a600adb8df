import { z } from 'zod';
import type { AuditLogPage, AuditLogQuery } from '../../src/domain/console/auditLog';
import type { Store } from '../store/store';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';

/**
 * The page cursor is opaque to clients: base64url of {v, i: the last entry's id}. Entries are only ever appended
 * with a growing id, so the next page is "older than i" whatever the filters, and no entry is skipped or repeated.
 */
const PageCursor = z.strictObject({ v: z.literal(1), i: z.number().int().positive() });

function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ v: 1, i: id })).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  try {
    const parsed = PageCursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.i : null;
  } catch {
    return null;
  }
}

/** The widest instants toISOString() writes in the plain four-digit-year form that the log's text order follows. */
const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Instants arrive with any offset; the log stores UTC `toISOString()` text, compared as text. An offset can carry a
 * valid instant past year 9999 (`+010000-…`, which sorts before `2026-…`) or before year 0: clamped, so the period
 * still means what it says.
 */
function utc(instant: string | undefined): string | undefined {
  if (instant === undefined) return undefined;
  return new Date(Math.min(LATEST, Math.max(EARLIEST, Date.parse(instant)))).toISOString();
}

export function createAuditLogService(store: Pick<Store, 'audit'>) {
  /** `GET /api/v1/audit-log`: one page of entries, newest first (who may read it is the endpoint's roles: admins). */
  async function list(query: AuditLogQuery): Promise<Result<AuditLogPage>> {
    let beforeId: number | undefined;
    if (query.cursor !== undefined) {
      const decoded = decodeCursor(query.cursor);
      if (decoded === null) {
        return failure('VALIDATION_FAILED', 'The cursor is not one this server gave out.', {
          errors: [{ path: 'cursor', code: 'invalid_cursor', message: 'Start again without a cursor.' }],
        });
      }
      beforeId = decoded;
    }
    const rows = await store.audit.list({
      actorId: query.actorId,
      action: query.action,
      entity: query.entity,
      entityId: query.entityId,
      fromAt: utc(query.from),
      toAt: utc(query.to),
      beforeId,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return ok({ items, nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last.id) : null });
  }

  return { list };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
