// zod/mini: parsed on the technician's first screen (see ./push.ts for why).
import * as z from 'zod/mini';
import { WorkOrder } from './workOrder';

/**
 * The pull answer as the device checks it at the API boundary. Work orders are checked in full (they fill the
 * technician's list); review and completion data stay opaque here and are checked by the local store with
 * their own schemas (`ReviewChangeData`, `CompletionView`), loaded only when such a change arrives, so the
 * first screen's bundle does not carry the whole completion schema. The server answers `PullResponse`
 * (./sync.ts), which this accepts.
 */

export { PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT } from './protocol';

export const ChangeEntity = z.enum(['workOrder', 'review', 'completion']);
export const ChangeOp = z.enum(['upsert', 'revoke']);

export const WorkOrderChange = z.object({
  entity: z.literal('workOrder'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().check(z.int()),
  /** Present on upsert; absent on revoke (the recipient lost access). */
  data: z.optional(WorkOrder),
});

export const OpaqueChange = z.object({
  entity: z.enum(['review', 'completion']),
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
