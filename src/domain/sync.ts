import * as z from 'zod/mini';
import { ChangeOp, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, WorkOrderChange } from './pullPage';
import { ReviewChangeData } from './reviews';
import { CompletionView } from './workOrderDetail';
import { WIRE_TEXT } from './wireText';

export { PROTOCOL_VERSION } from './protocol';

export { ChangeEntity, ChangeOp, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, WorkOrderChange } from './pullPage';

/** A count the device reports about its own backlog. */
const BacklogCount = z.coerce.number().check(z.int(), z.gte(0), z.lte(1_000_000));

export const PullQuery = z.object({
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

export const Change = z.discriminatedUnion('entity', [WorkOrderChange, ReviewChange, CompletionChange]);
export type Change = z.infer<typeof Change>;

export const PullResponse = z.object({
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Unknown or too old cursor: clear server-mirror tables (never the outbox, drafts or photos) and apply from scratch. */
  reset: z.boolean(),
  lastSeq: z.number().check(z.int(), z.nonnegative()),
  changes: z.array(Change),
});
export type PullResponse = z.infer<typeof PullResponse>;
