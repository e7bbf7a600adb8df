import { z } from 'zod';
import { WorkOrder } from './workOrder';

/** Wire protocol version carried by every push (design §5). */
export const PROTOCOL_VERSION = 1;

export const PULL_DEFAULT_LIMIT = 200;
export const PULL_MAX_LIMIT = 1000;

export const PullQuery = z.object({
  clientId: z.uuid(),
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const ChangeEntity = z.enum(['workOrder', 'review', 'completion']);
export const ChangeOp = z.enum(['upsert', 'revoke']);

export const WorkOrderChange = z.object({
  entity: z.literal('workOrder'),
  op: ChangeOp,
  id: z.string(),
  version: z.number().int(),
  /** Present on upsert; absent on revoke (the recipient lost access). */
  data: WorkOrder.optional(),
});

/** Entities other than work orders arrive in later protocol additions; their data is kept opaque here. */
export const OtherChange = z.object({
  entity: z.enum(['review', 'completion']),
  op: ChangeOp,
  id: z.string(),
  version: z.number().int(),
  data: z.unknown().optional(),
});

export const Change = z.discriminatedUnion('entity', [WorkOrderChange, OtherChange]);
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
