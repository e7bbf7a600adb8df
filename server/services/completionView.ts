import { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { CompletionView } from '../../src/domain/workOrder/workOrderDetail';
import type { CompletionRecord } from '../store/records';

/**
 * A stored completion as the wire shows it (review queue, pull feed). Stored payloads were parsed with the same
 * schema on receipt (amendments too); one that no longer parses is corrupt data, a bug.
 */
export function toCompletionView(c: CompletionRecord): CompletionView {
  const payload = SwapCompleteArgs.parse(c.payload);
  return {
    ...payload,
    id: c.id,
    technicianId: c.technicianId,
    primary: c.primary,
    mediaStatus: c.mediaStatus,
    receivedAt: c.receivedAt,
    flags: c.flags,
  };
}
