import { z } from 'zod';
import { ChangeOp, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, WorkOrderChange } from './pullPage';
import { ReviewChangeData } from './reviews';
import { CompletionView } from './workOrderDetail';
import { WIRE_TEXT } from './wireText';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from './protocol';

export { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION } from './protocol';

export { ChangeEntity, ChangeOp, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, WorkOrderChange } from './pullPage';

export const PullQuery = z.object({
  /** The client's protocol version (added in v1; absent means PULL_PROTOCOL_VERSION_IF_ABSENT). */
  protocolVersion: z.coerce.number().int().min(MIN_SUPPORTED_PROTOCOL_VERSION).max(PROTOCOL_VERSION).optional(),
  clientId: z.uuid(),
  cursor: z.string().check(...WIRE_TEXT).min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT),
  // The device's own backlog at this pull (optional; stored for the supervisor's sync-backlog report).
  /** Outbox records not yet acknowledged by the server. */
  pendingRecords: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /** Photos of sent or waiting records not yet uploaded. */
  pendingPhotos: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /** Creation time of the oldest record still waiting. */
  oldestPendingAt: z.iso.datetime({ offset: true }).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

/**
 * A review decision for the technician who did the work (v1 addition): a `returned` item makes the record
 * editable again on the device, with the supervisor's note; an `approved` one closes it. Upserts carry the
 * item as it is now.
 */
export const ReviewChange = z.object({
  entity: z.literal('review'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().int(),
  data: ReviewChangeData.optional(),
});

/**
 * A completion as the server keeps it (v1 addition), sent with a return so a device that no longer holds its
 * copy can still correct it; upserts carry the current (possibly amended) payload.
 */
export const CompletionChange = z.object({
  entity: z.literal('completion'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().int(),
  data: CompletionView.optional(),
});

export const Change = z.discriminatedUnion('entity', [WorkOrderChange, ReviewChange, CompletionChange]);
export type Change = z.infer<typeof Change>;

export const PullResponse = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Unknown or too old cursor: clear server-mirror tables (never the outbox, drafts or photos) and apply from scratch. */
  reset: z.boolean(),
  lastSeq: z.number().int().nonnegative(),
  changes: z.array(Change),
});
export type PullResponse = z.infer<typeof PullResponse>;
