import type { Role } from '../../src/domain/users/auth';
import type { ReviewStatus } from '../../src/domain/protocol/conflicts';
import type { MediaStatus } from '../../src/domain/capture/photos';
import type { ChangeEntity, ChangeOp } from '../../src/domain/protocol/sync';
import type { WorkOrder, WorkOrderStatus } from '../../src/domain/workOrder/workOrder';

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
  /** The technician's visiting order (an assignment may rewrite it). */
  routeOrder: number | null;
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

export interface NewChange {
  recipientUserId: string;
  entity: ChangeEntity;
  entityId: string;
  op: ChangeOp;
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

/** A device's own count of what it has not yet had acknowledged (reported with each pull). */
export interface DeviceBacklogReport {
  pendingRecords: number;
  pendingPhotos: number;
  oldestPendingAt: string | null;
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

export interface CompletionRecord {
  id: string;
  workOrderId: string;
  technicianId: string;
  clientId: string;
  primary: boolean;
  /** The swap.complete args as received (parsed by the service that reads it). */
  payload: unknown;
  mediaStatus: MediaStatus;
  receivedAt: string;
  capturedAt: string;
  flags: string[];
  installedSerial: string | null;
}

export interface VisitRecord {
  id: string;
  workOrderId: string;
  technicianId: string;
  reason: string;
  note: string;
  gps: unknown;
  at: string;
  receivedAt: string;
  /** The visit.fail args as received. */
  payload: unknown;
}

export interface PhotoRecord {
  id: string;
  bytes: number;
  mime: string;
  uploadedBy: string;
  receivedAt: string;
}

export type PhotoOwnerKind = 'completion' | 'visit';

export interface PhotoRef {
  photoId: string;
  ownerKind: PhotoOwnerKind;
  ownerId: string;
  workOrderId: string;
}

export interface ReviewRecord {
  id: string;
  workOrderId: string;
  completionId: string | null;
  code: string;
  detail: string;
  status: ReviewStatus;
  createdAt: string;
}

export interface MutationLogRecord {
  clientId: string;
  seq: number;
  mutationId: string;
  name: string;
  argsHash: string;
  status: string;
  /** The result as first answered (JSON), parsed by the push service. */
  result: unknown;
  receivedAt: string;
}

export interface RejectedMutationRecord {
  clientId: string;
  userId: string;
  seq: number;
  mutationId: string;
  name: string;
  /** The whole envelope as the device sent it: kept forever for manual recovery. */
  payload: unknown;
  error: unknown;
  receivedAt: string;
}

export interface WorkOrderStatePatch {
  status: WorkOrderStatus;
  assigneeId: string | null;
  version: number;
  updatedAt: string;
}
