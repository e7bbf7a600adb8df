import * as z from 'zod/mini';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION, PUSH_MAX_MUTATIONS } from './protocol';
import { WIRE_TEXT } from './wireText';

/*
 * The push request and its answer (design §5). Written with zod/mini because the technician's first screen
 * parses every push answer: the classic `zod` build cannot be tree-shaken and would add about 20 KB gzip to
 * that screen. Schemas from both builds compose (they share zod's core), so ./mutations.ts embeds these.
 */

export { PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS } from './protocol';

const Instant = z.iso.datetime({ offset: true });

/**
 * The envelope is checked strictly; `args` stays unknown here because a mutation with bad args is not a bad
 * request: it consumes its seq and is kept as `rejected` (design §5).
 */
export const MutationEnvelope = z.strictObject({
  seq: z.number().check(z.int(), z.gte(1)),
  mutationId: z.uuid(),
  name: z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(60)),
  args: z.unknown(),
  createdAt: z.optional(Instant),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

/** A protocol version the server speaks; one outside the range is refused before this schema runs (CLIENT_OUTDATED). */
export const ProtocolVersion = z.number().check(z.int(), z.gte(MIN_SUPPORTED_PROTOCOL_VERSION), z.lte(PROTOCOL_VERSION));

export const PushRequest = z.strictObject({
  protocolVersion: ProtocolVersion,
  clientId: z.uuid(),
  mutations: z.array(MutationEnvelope).check(z.minLength(1), z.maxLength(PUSH_MAX_MUTATIONS)),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MUTATION_STATUSES = ['applied', 'applied_with_conflict', 'duplicate', 'rejected'] as const;

export const MutationConflict = z.object({ code: z.string(), detail: z.optional(z.string()), reviewId: z.optional(z.string()) });
export type MutationConflict = z.infer<typeof MutationConflict>;

export const MutationError = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.optional(z.array(z.object({ path: z.string(), code: z.string(), message: z.string() }))),
});
export type MutationError = z.infer<typeof MutationError>;

/** What the server decided when it first processed a mutation; a `duplicate` answer repeats it as `original`. */
export const MutationOriginal = z.object({
  status: z.enum(['applied', 'applied_with_conflict', 'rejected']),
  conflict: z.optional(MutationConflict),
  conflicts: z.optional(z.array(MutationConflict)),
  error: z.optional(MutationError),
});
export type MutationOriginal = z.infer<typeof MutationOriginal>;

export const MutationResult = z.object({
  seq: z.number().check(z.int()),
  mutationId: z.uuid(),
  status: z.enum(MUTATION_STATUSES),
  /** The most important conflict (see CONFLICT_CODES for the order). */
  conflict: z.optional(MutationConflict),
  /** Every conflict found, most important first (added in v1, optional). */
  conflicts: z.optional(z.array(MutationConflict)),
  error: z.optional(MutationError),
  /** On `duplicate`: the stored result of the first processing (added in v1, optional). */
  original: z.optional(MutationOriginal),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  lastSeq: z.number().check(z.int(), z.nonnegative()),
  results: z.array(MutationResult),
  serverTime: Instant,
});
export type PushResponse = z.infer<typeof PushResponse>;
