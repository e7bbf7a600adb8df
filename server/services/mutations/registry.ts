import { fieldErrorsFromZod } from '../../../src/domain/protocol/errors';
import { MUTATION_ARGS, type MutationError, type MutationName } from '../../../src/domain/protocol/mutations';
import { completionAmend } from './completionAmend';
import { stockVoid } from './stockVoid';
import { swapComplete } from './swapComplete';
import type { MutationContext, MutationHandler, MutationOutcome } from './types';
import { visitFail } from './visitFail';
import { workOrderNotify } from './workOrderNotify';
import { workOrderStart } from './workOrderStart';

/** A mutation checked against its schema: ready to run in a transaction, or rejected already. */
export type PreparedMutation = { kind: 'run'; run: (ctx: MutationContext) => Promise<MutationOutcome> } | { kind: 'reject'; error: MutationError };

function preparer<A>(handler: MutationHandler<A>): (args: unknown) => PreparedMutation {
  return (args) => {
    const parsed = handler.args.safeParse(args);
    if (!parsed.success) {
      return {
        kind: 'reject',
        error: { code: 'VALIDATION_FAILED', message: 'The mutation args are invalid.', errors: fieldErrorsFromZod(parsed.error) },
      };
    }
    return { kind: 'run', run: (ctx) => handler.apply(ctx, parsed.data) };
  };
}

/** Every mutation of the protocol (MUTATION_ARGS) has a handler: adding a name without one fails to compile. */
const PREPARERS = {
  'workOrder.start': preparer(workOrderStart),
  'workOrder.notify': preparer(workOrderNotify),
  'swap.complete': preparer(swapComplete),
  'visit.fail': preparer(visitFail),
  'completion.amend': preparer(completionAmend),
  'stock.void': preparer(stockVoid),
} satisfies Record<MutationName, (args: unknown) => PreparedMutation>;

function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(MUTATION_ARGS, name);
}

/** Validates a pushed mutation's name and args; pure, outside any transaction. */
export function prepareMutation(name: string, args: unknown): PreparedMutation {
  if (!isMutationName(name)) {
    return { kind: 'reject', error: { code: 'UNKNOWN_MUTATION', message: `This server does not know the mutation ${name}.` } };
  }
  return PREPARERS[name](args);
}
