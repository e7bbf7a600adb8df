import type { Role } from '../../src/domain/auth';
import type { WorkOrder, WorkOrderStatus } from '../../src/domain/workOrder';

/** Records as services see them: camelCase, typed, no SQL names (those stay in ./schema.ts). */

export interface TeamRecord {
  id: string;
  name: string;
  province: string;
}

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  teamName: string | null;
  passwordHash: string;
  active: boolean;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  passwordHash: string;
  active: boolean;
  createdAt: string;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

/** A work order with the server-only fields the wire shape leaves out. */
export interface StoredWorkOrder extends WorkOrder {
  teamId: string | null;
}

export interface NewWorkOrder extends StoredWorkOrder {
  createdAt: string;
  updatedAt: string;
}

export interface WorkOrderAssignmentPatch {
  assigneeId: string | null;
  status: WorkOrderStatus;
  plannedDate: string | null;
  teamId: string | null;
  version: number;
  updatedAt: string;
}

export interface NewAssignment {
  id: string;
  workOrderId: string;
  technicianId: string;
  assignedBy: string | null;
  assignedAt: string;
}

export type ChangeEntityName = 'workOrder' | 'review' | 'completion';
export type ChangeOpName = 'upsert' | 'revoke';

export interface NewChange {
  recipientUserId: string;
  entity: ChangeEntityName;
  entityId: string;
  op: ChangeOpName;
  entityVersion: number;
}

export interface ChangeRecord extends NewChange {
  changeId: number;
}

export interface SyncClientRecord {
  clientId: string;
  userId: string;
  lastSeq: number;
}

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  at: string;
}
