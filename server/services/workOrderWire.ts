import type { WorkOrder } from '../../src/domain/workOrder/workOrder';
import type { StoredWorkOrder } from '../store/records';

/** The wire shape of design §5: server-only fields stay behind. */
export function toWireWorkOrder(stored: StoredWorkOrder): WorkOrder {
  const { teamId: _teamId, ...wire } = stored;
  return wire;
}
