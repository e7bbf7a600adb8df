import { CompletionAmendArgs } from '../../../src/domain/mutations';
import { rejected, type MutationHandler } from './types';

/**
 * `completion.amend`: a correction of a returned completion by its own technician (design §5).
 * First version: registered so the protocol compiles; it refuses every amend until the full handler lands.
 */
export const completionAmend: MutationHandler<CompletionAmendArgs> = {
  args: CompletionAmendArgs,
  async apply({ tx }, args) {
    const completion = await tx.completions.findById(args.completionId);
    if (!completion) return rejected('UNKNOWN_WORK_ORDER', `No completion ${args.completionId}.`);
    return rejected('NOT_AMENDABLE', 'This completion cannot be amended.');
  },
};
