import * as z from 'zod/mini';
import { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT } from './limits';
import { ReviewStatus } from './conflicts';
import { CompletionView } from '../workOrder/workOrderDetail';
import { WorkOrder } from '../workOrder/workOrder';
import { WIRE_TEXT } from './wireText';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from './mutations';
import { StockItem } from '../stock/stock';

/*
 * The pull protocol (design §5): the query a device sends, the answer as the server writes it (`PullResponse`),
 * and the same answer as the device checks it at the API boundary (`PullPageResponse`).
 */

export { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT } from './limits';

/** What a change of the pull feed is about. */
export const CHANGE_ENTITIES = ['workOrder', 'review', 'completion', 'stockItem'] as const;
/** Entities every client gets; the others only a client that asks for them (`stock=1`): older ones would refuse them. */
export const BASE_CHANGE_ENTITIES = ['workOrder', 'review', 'completion'] as const satisfies readonly ChangeEntity[];
export const ChangeEntity = z.enum(CHANGE_ENTITIES);
export type ChangeEntity = z.infer<typeof ChangeEntity>;

/** `upsert`: the recipient gets the record as it is now; `revoke`: the recipient lost access to it. */
export const CHANGE_OPS = ['upsert', 'revoke'] as const;
export const ChangeOp = z.enum(CHANGE_OPS);
export type ChangeOp = z.infer<typeof ChangeOp>;

export const WorkOrderChange = z.object({
  entity: z.literal('workOrder'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().check(z.int()),
  /** Present on upsert; absent on revoke (the recipient lost access). */
  data: z.optional(WorkOrder),
});

/**
 * The pull answer as the device checks it at the API boundary. Work orders are checked in full (they fill the
 * technician's list); review and completion data stay opaque here and are checked by the local store with
 * their own schemas (`ReviewChangeData`, `CompletionView`) when such a change arrives. The server answers
 * `PullResponse` (below), which this accepts.
 */
export const OpaqueChange = z.object({
  entity: z.enum(['review', 'completion', 'stockItem']),
  op: ChangeOp,
  id: z.string(),
  version: z.number().check(z.int()),
  data: z.optional(z.unknown()),
});

export const PullPageChange = z.discriminatedUnion('entity', [WorkOrderChange, OpaqueChange]);
export type PullPageChange = z.infer<typeof PullPageChange>;

export const PullPageResponse = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  reset: z.boolean(),
  lastSeq: z.number().check(z.int(), z.nonnegative()),
  changes: z.array(PullPageChange),
});
export type PullPageResponse = z.infer<typeof PullPageResponse>;

/** A count the device reports about its own backlog. */
const BacklogCount = z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000));

export const PullQuery = z.object({
  /** The client's protocol version (added in v1; absent means PULL_PROTOCOL_VERSION_IF_ABSENT). */
  protocolVersion: z.optional(z.coerce.number().check(z.int(), z.gte(MIN_SUPPORTED_PROTOCOL_VERSION), z.lte(PROTOCOL_VERSION))),
  clientId: z.uuid(),
  cursor: z.optional(z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(PULL_MAX_LIMIT)), PULL_DEFAULT_LIMIT),
  // The device's own backlog at this pull (optional; stored for the supervisor's sync-backlog report).
  /** Outbox records not yet acknowledged by the server. */
  pendingRecords: z.optional(BacklogCount),
  /** Photos of sent or waiting records not yet uploaded. */
  pendingPhotos: z.optional(BacklogCount),
  /** Creation time of the oldest record still waiting. */
  oldestPendingAt: z.optional(z.iso.datetime({ offset: true })),
  /**
   * `1`: the client keeps the technician's stock (issue 16), so the feed includes `stockItem` changes of new meters
   * and seals. `2`: also the removed meters the technician must bring back (kind `removed`, with `label`).
   */
  stock: z.optional(z.enum(['0', '1', '2'])),
});
export type PullQuery = z.infer<typeof PullQuery>;

/**
 * A review decision as the technician's device receives it in the pull feed (`entity: review`): a returned
 * record becomes editable again on the device, with the supervisor's note.
 */
export const ReviewChangeData = z.object({
  id: z.uuid(),
  workOrderId: z.uuid(),
  completionId: z.nullable(z.uuid()),
  code: z.string(),
  status: ReviewStatus,
  note: z.nullable(z.string()),
  resolvedAt: z.nullable(z.iso.datetime({ offset: true })),
});
export type ReviewChangeData = z.infer<typeof ReviewChangeData>;

/**
 * A review decision for the technician who did the work (v1 addition): a `returned` item makes the record
 * editable again on the device, with the supervisor's note; an `approved` one closes it. Upserts carry the
 * item as it is now.
 */
export const ReviewChange = z.object({
  entity: z.literal('review'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().check(z.int()),
  data: z.optional(ReviewChangeData),
});

/**
 * A completion as the server keeps it (v1 addition), sent with a return so a device that no longer holds its
 * copy can still correct it; upserts carry the current (possibly amended) payload.
 */
export const CompletionChange = z.object({
  entity: z.literal('completion'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().check(z.int()),
  data: z.optional(CompletionView),
});

/**
 * A stock item in the technician's hands (issue 16, only with `stock=1`): an upsert when it is issued to them (as it
 * is now), a revoke when it leaves them (returned, installed elsewhere, …). `version` is its movement number.
 */
export const StockItemChange = z.object({
  entity: z.literal('stockItem'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().check(z.int()),
  data: z.optional(StockItem),
});

export const Change = z.discriminatedUnion('entity', [WorkOrderChange, ReviewChange, CompletionChange, StockItemChange]);
export type Change = z.infer<typeof Change>;

export const PullResponse = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  /**
   * The first page of a full pull (no cursor, or one that does not decode, names another user or database, or is older
   * than the feed's compaction horizon): clear server-mirror tables (never the outbox, drafts or photos) and apply
   * from scratch.
   */
  reset: z.boolean(),
  lastSeq: z.number().check(z.int(), z.nonnegative()),
  changes: z.array(Change),
});
export type PullResponse = z.infer<typeof PullResponse>;
