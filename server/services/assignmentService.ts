import { randomUUID } from 'node:crypto';
import type { AssignRequest, AssignResponse } from '../../src/domain/workOrder/assignments';
import type { FieldError } from '../../src/domain/protocol/errors';
import { planVisitingOrder } from '../../src/domain/map/visitingOrder';
import { isoDayInVietnam } from '../../src/domain/time/time';
import { compareByRoute, type WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import type { AuditEntry, NewAssignment, NewChange, StoredWorkOrder, UserRecord } from '../store/records';
import type { Repos, Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Failure, type Result } from './result';

/** Statuses a supervisor may (re)assign: open work, and failed visits being rescheduled. */
const ASSIGNABLE: readonly WorkOrderStatus[] = ['unassigned', 'assigned', 'in_progress', 'failed_visit'];

interface Plan {
  before: StoredWorkOrder;
  after: StoredWorkOrder;
  previousAssigneeId: string | null;
}

/** The technician must exist, be in the caller's scope, and be an active technician. */
function checkTechnician(auth: AuthContext, technician: UserRecord | undefined): Result<UserRecord> {
  if (!technician) {
    return failure('NOT_FOUND', 'No such technician.', { errors: [{ path: 'technicianId', code: 'not_found', message: 'Unknown user.' }] });
  }
  if (auth.user.role === 'supervisor' && (auth.user.teamId === null || technician.teamId !== auth.user.teamId)) {
    return failure('FORBIDDEN', 'Supervisors assign only to technicians of their own team.');
  }
  if (technician.role !== 'technician' || !technician.active) {
    return failure('VALIDATION_FAILED', 'Work can only be assigned to an active technician.', {
      errors: [{ path: 'technicianId', code: 'not_assignable', message: 'Not an active technician.' }],
    });
  }
  return ok(technician);
}

/** Every id must exist, be in the caller's team (supervisors), belong to the technician's team and be open. */
function checkWorkOrders(
  auth: AuthContext,
  ids: readonly string[],
  found: ReadonlyMap<string, StoredWorkOrder>,
  technician: UserRecord,
): Failure | null {
  const missing = ids.flatMap((id, i): FieldError[] =>
    found.has(id) ? [] : [{ path: `workOrderIds.${i}`, code: 'not_found', message: `Unknown work order ${id}.` }],
  );
  if (missing.length > 0) return { code: 'NOT_FOUND', detail: `${missing.length} work order(s) not found.`, errors: missing };
  const orders = ids.flatMap((id) => found.get(id) ?? []);
  if (auth.user.role === 'supervisor' && orders.some((wo) => wo.teamId !== auth.user.teamId)) {
    return { code: 'FORBIDDEN', detail: "Supervisors assign only their own team's work orders." };
  }
  const invalid = orders.flatMap((wo, i): FieldError[] => {
    if (wo.teamId !== null && wo.teamId !== technician.teamId) {
      return [{ path: `workOrderIds.${i}`, code: 'other_team', message: "The work order belongs to another team than the technician's." }];
    }
    if (!ASSIGNABLE.includes(wo.status)) {
      return [{ path: `workOrderIds.${i}`, code: 'not_assignable', message: `A ${wo.status} work order cannot be assigned.` }];
    }
    return [];
  });
  return invalid.length > 0 ? { code: 'VALIDATION_FAILED', detail: 'Some work orders cannot be assigned.', errors: invalid } : null;
}

/**
 * The visiting order the request asks for, as work order ids: the request's own order (`given`), a planned one
 * from the first id (`optimize`), or null to keep the route orders the work orders already have.
 */
function requestedRoute(request: AssignRequest, orders: readonly StoredWorkOrder[]): string[] | null {
  if (request.routeOrder === 'given') return orders.map((wo) => wo.id);
  if (request.routeOrder === 'optimize') return planVisitingOrder(orders.map(({ id, lat, lng }) => ({ id, lat, lng })));
  return null;
}

function plan(wo: StoredWorkOrder, technician: UserRecord, plannedDate: string, routeOrder: number | null): Plan | null {
  const sameAssignee = wo.assigneeId === technician.id;
  // Work already started by the same technician stays in progress; anything else is (re)assigned.
  const status: WorkOrderStatus = sameAssignee && wo.status === 'in_progress' ? 'in_progress' : 'assigned';
  if (sameAssignee && status === wo.status && plannedDate === wo.plannedDate && routeOrder === wo.routeOrder) return null;
  return {
    before: wo,
    after: { ...wo, assigneeId: technician.id, status, plannedDate, routeOrder, teamId: wo.teamId ?? technician.teamId, version: wo.version + 1 },
    previousAssigneeId: sameAssignee ? null : wo.assigneeId,
  };
}

async function apply(tx: Repos, plans: readonly Plan[], actorId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const changes: NewChange[] = [];
  const assignments: NewAssignment[] = [];
  const audit: AuditEntry[] = [];
  const reassigned = plans.filter((p) => p.previousAssigneeId !== null).map((p) => p.before.id);
  await tx.assignments.endOpen(reassigned, at, 'reassigned');
  await tx.workOrders.updateAssignments(plans.map(({ after }) => ({ ...after, updatedAt: at })));
  for (const { before, after, previousAssigneeId } of plans) {
    if (previousAssigneeId !== null) {
      changes.push({ recipientUserId: previousAssigneeId, entity: 'workOrder', entityId: after.id, op: 'revoke', entityVersion: after.version });
    }
    if (before.assigneeId !== after.assigneeId && after.assigneeId !== null) {
      assignments.push({ id: randomUUID(), workOrderId: after.id, technicianId: after.assigneeId, assignedBy: actorId, assignedAt: at });
    }
    if (after.assigneeId !== null) {
      changes.push({ recipientUserId: after.assigneeId, entity: 'workOrder', entityId: after.id, op: 'upsert', entityVersion: after.version });
    }
    const snapshot = (wo: StoredWorkOrder) => ({
      assigneeId: wo.assigneeId,
      status: wo.status,
      plannedDate: wo.plannedDate,
      routeOrder: wo.routeOrder,
      version: wo.version,
    });
    audit.push({
      actorId,
      action: 'workOrder.assign',
      entity: 'workOrder',
      entityId: after.id,
      before: snapshot(before),
      after: snapshot(after),
      at,
    });
  }
  await tx.assignments.insertMany(assignments);
  await tx.changes.append(changes, at);
  await tx.audit.append(audit);
}

/** A checked work order to give a technician, with the day and the place in their visiting order it gets. */
export interface AssignmentTarget {
  order: StoredWorkOrder;
  plannedDate: string;
  routeOrder: number | null;
}

/**
 * Gives checked work orders to an active technician inside the caller's transaction: status, planned date, route
 * order and version, the assignment history, a revoke for a previous assignee and an upsert for the technician in
 * the pull feed, and an audit entry per order. Orders already so are left alone. Returns the orders as they are now.
 * `assign` below and the roadmap's confirmation (./roadmapService.ts) both write through it.
 */
export async function assignInTransaction(
  tx: Repos,
  technician: UserRecord,
  targets: readonly AssignmentTarget[],
  actorId: string,
  now: Date,
): Promise<StoredWorkOrder[]> {
  const plans = targets.flatMap((t) => plan(t.order, technician, t.plannedDate, t.routeOrder) ?? []);
  await apply(tx, plans, actorId, now);
  const after = new Map(plans.map((p) => [p.after.id, p.after]));
  return targets.map((t) => after.get(t.order.id) ?? t.order);
}

export function createAssignmentService(store: Store, clock: Clock) {
  /**
   * Assigns work orders to a technician in one transaction: history, status and version, a revoke for the
   * previous assignee and an upsert for the new one in the pull feed, and the audit trail (design §4, §5, §9).
   */
  async function assign(auth: AuthContext, request: AssignRequest): Promise<Result<AssignResponse>> {
    return store.transaction(async (tx) => {
      const checked = checkTechnician(auth, await tx.users.findById(request.technicianId));
      if (!checked.ok) return checked;
      const technician = checked.value;
      const found = new Map((await tx.workOrders.findByIds(request.workOrderIds)).map((wo) => [wo.id, wo]));
      const orderProblem = checkWorkOrders(auth, request.workOrderIds, found, technician);
      if (orderProblem) return { ok: false, error: orderProblem };

      const now = clock.now();
      const orders = request.workOrderIds.flatMap((id) => found.get(id) ?? []);
      const route = requestedRoute(request, orders);
      const position = new Map(route?.map((id, i) => [id, i + 1]));
      const targets = orders.map((wo) => ({
        order: wo,
        plannedDate: request.plannedDate ?? wo.plannedDate ?? isoDayInVietnam(now),
        routeOrder: position.get(wo.id) ?? wo.routeOrder,
      }));
      const assigned = await assignInTransaction(tx, technician, targets, auth.user.id, now);

      if (route !== null) return ok({ assigned: orders.length, route });
      return ok({ assigned: assigned.length, route: [...assigned].sort(compareByRoute).map((wo) => wo.id) });
    });
  }

  return { assign };
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
