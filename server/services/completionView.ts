import { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { CommissioningView } from '../../src/domain/commissioning/commissioning';
import { COMMISSIONING_STATES, MISMATCH_REASONS } from '../../src/domain/commissioning/commissioning';
import { REMOTE_READ_TYPES as REMOTE_READ_TYPES_FOR_VIEW } from '../../src/domain/capture/handoverFields';
import type { CompletionView } from '../../src/domain/workOrder/workOrderDetail';
import type { CommissioningRecord } from '../store/commissioning';
import type { CompletionRecord } from '../store/records';

/** The commissioning row as the wire shows it; a value the database should never hold is a bug. */
export function toCommissioningView(r: CommissioningRecord): CommissioningView {
  const state = COMMISSIONING_STATES.find((s) => s === r.state);
  if (state === undefined) throw new Error(`commissioning.state holds unknown value ${r.state}`);
  return {
    state,
    firstReadAt: r.firstReadAt,
    firstReadTotal: r.firstReadTotal,
    reason: MISMATCH_REASONS.find((m) => m === r.reason) ?? null,
    commType: REMOTE_READ_TYPES_FOR_VIEW.find((c) => c === r.commType) ?? null,
  };
}

/**
 * A stored completion as the wire shows it (review queue, pull feed). Stored payloads were parsed with the same
 * schema on receipt (amendments too); one that no longer parses is corrupt data, a bug.
 */
export function toCompletionView(c: CompletionRecord, commissioning?: CommissioningRecord): CompletionView {
  const payload = SwapCompleteArgs.parse(c.payload);
  return {
    ...payload,
    id: c.id,
    technicianId: c.technicianId,
    primary: c.primary,
    mediaStatus: c.mediaStatus,
    receivedAt: c.receivedAt,
    flags: c.flags,
    ...(commissioning === undefined ? {} : { commissioning: toCommissioningView(commissioning) }),
  };
}
