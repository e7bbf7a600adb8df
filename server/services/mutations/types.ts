import type * as z from 'zod/mini';
import type { Me } from '../../../src/domain/users/auth';
import type { RejectionCode } from '../../../src/domain/protocol/conflicts';
import type { FieldError } from '../../../src/domain/protocol/errors';
import type { MutationConflict, MutationError } from '../../../src/domain/protocol/mutations';
import type { TxRepos } from '../../store/store';

/** What a mutation handler runs with: the push transaction's repos, the caller and the server's receipt time. */
export interface MutationContext {
  tx: TxRepos;
  user: Me;
  clientId: string;
  /** The pushed mutation's id (the outbox row's): stock movements name the mutation that made them. */
  mutationId: string;
  now: Date;
  /** What the receipt after a swap needs (issue 15 §3): the address its link starts with, and team names. */
  receipts: ReceiptSettings;
}

export interface ReceiptSettings {
  /** PUBLIC_URL (server/config.ts publicBaseUrl), no trailing slash. */
  publicUrl: string;
  /** The team's name as the receipt starts with it (cached: a push of 50 swaps asks once). */
  teamName(tx: TxRepos, teamId: string): Promise<string>;
}

/**
 * A handler's decision. A business conflict is `applied_with_conflict` (field evidence is never refused, design §6);
 * `rejected` is for what can never apply (unknown work order, never assigned). A handler may return `rejected`
 * after writing: the push service then rolls the transaction back and records only the rejection.
 */
export type MutationOutcome =
  | { status: 'applied' }
  | { status: 'applied_with_conflict'; conflict: MutationConflict; conflicts: MutationConflict[] }
  | { status: 'rejected'; error: MutationError };

export interface MutationHandler<A> {
  /** The args schema of src/domain/mutations (MUTATION_ARGS). */
  args: z.ZodMiniType<A>;
  apply(ctx: MutationContext, args: A): Promise<MutationOutcome>;
}

export function rejected(code: RejectionCode, message: string, errors?: FieldError[]): MutationOutcome {
  return { status: 'rejected', error: { code, message, ...(errors === undefined ? {} : { errors }) } };
}

export const applied: MutationOutcome = { status: 'applied' };
