import { z } from 'zod';
import type { WorkOrderFilter, WorkOrderListQuery, WorkOrderListResponse, WorkOrderMapPoints } from '../../src/domain/workOrder/workOrderQuery';
import { WIRE_TEXT } from '../../src/domain/protocol/wireText';
import type { Store } from '../store/store';
import type { WorkOrderQueryFilter } from '../store/workOrders';
import type { AuthContext } from './authService';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';
import { toWireWorkOrder } from './workOrderWire';

/**
 * The list cursor is opaque to clients: base64url of {v, c: the last code of the page}. Codes are unique. A client
 * can forge one, and `c` reaches SQL: it obeys the wire-text rule like any input (PostgreSQL refuses NUL).
 */
const ListCursor = z.strictObject({
  v: z.literal(1),
  c: z
    .string()
    .check(...WIRE_TEXT)
    .min(1)
    .max(40),
});

function encodeListCursor(code: string): string {
  return Buffer.from(JSON.stringify({ v: 1, c: code })).toString('base64url');
}

function decodeListCursor(cursor: string): string | null {
  try {
    const parsed = ListCursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.c : null;
  } catch {
    return null;
  }
}

/** Supervisors see their own team only (none without a team); admins every team. */
function scopeOf(auth: AuthContext): { teamId: string | null } | null {
  if (auth.user.role === 'admin') return { teamId: null };
  if (auth.user.role === 'supervisor' && auth.user.teamId !== null) return { teamId: auth.user.teamId };
  return null;
}

type MapFilter = WorkOrderFilter & { bbox?: readonly [number, number, number, number]; q?: string };

function storeFilter(teamId: string | null, filter: MapFilter): WorkOrderQueryFilter {
  return {
    teamId,
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.assigneeId === undefined ? {} : { assigneeId: filter.assigneeId }),
    ...(filter.commune === undefined ? {} : { commune: filter.commune }),
    ...(filter.plannedDate === undefined ? {} : { plannedDate: filter.plannedDate }),
    ...(filter.bbox === undefined ? {} : { bbox: filter.bbox }),
    ...(filter.q === undefined ? {} : { q: filter.q }),
  };
}

const emptyMap = (): WorkOrderMapPoints => ({ ids: [], codes: [], lat: [], lng: [], status: [], assigneeIds: [], communes: [], plannedDates: [] });

export function createWorkOrderQueryService(store: Store) {
  /**
   * `GET /api/v1/work-orders` (design §9): the caller's scope, filtered, in code order, keyset-paginated
   * (a page never skips or repeats a row when others are inserted meanwhile).
   */
  async function list(auth: AuthContext, query: WorkOrderListQuery): Promise<Result<WorkOrderListResponse>> {
    let afterCode: string | undefined;
    if (query.cursor !== undefined) {
      const decoded = decodeListCursor(query.cursor);
      if (decoded === null) {
        return failure('VALIDATION_FAILED', 'The cursor is not one this server gave out.', {
          errors: [{ path: 'cursor', code: 'invalid_cursor', message: 'Start again without a cursor.' }],
        });
      }
      afterCode = decoded;
    }
    const scope = scopeOf(auth);
    if (scope === null) return ok({ items: [], nextCursor: null });
    // One row more than asked says whether there is a next page without a count.
    const rows = await store.workOrders.list(storeFilter(scope.teamId, query), afterCode, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return ok({
      items: page.map(toWireWorkOrder),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeListCursor(last.code) : null,
    });
  }

  /**
   * `GET /api/v1/work-orders/map` as JSON text (WorkOrderMapPoints: every matching work order as parallel
   * columns), built by the database so 100,000 markers never become 100,000 JavaScript objects.
   */
  async function mapJson(auth: AuthContext, filter: MapFilter): Promise<string> {
    const scope = scopeOf(auth);
    if (scope === null) return JSON.stringify(emptyMap());
    return store.workOrders.mapDocument(storeFilter(scope.teamId, filter));
  }

  return { list, mapJson };
}

export type WorkOrderQueryService = ReturnType<typeof createWorkOrderQueryService>;
