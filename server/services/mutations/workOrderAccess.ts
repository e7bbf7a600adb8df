import type { Me } from '../../../src/domain/users/auth';
import type { StoredWorkOrder } from '../../store/records';
import type { Repos } from '../../store/store';

/**
 * Whether a technician may deliver work for a work order: the current assignee, or anyone it was ever assigned
 * to (assignment history, design §4), so work captured offline before a reassignment is still accepted.
 */
export async function mayDeliver(tx: Pick<Repos, 'assignments'>, wo: StoredWorkOrder, technicianId: string): Promise<boolean> {
  return wo.assigneeId === technicianId || (await tx.assignments.wasEverAssigned(wo.id, technicianId));
}

/** Who may see a work order (design §9): an admin, a supervisor of its team, a technician ever assigned to it. */
export async function maySee(tx: Pick<Repos, 'assignments'>, user: Me, wo: StoredWorkOrder): Promise<boolean> {
  switch (user.role) {
    case 'admin':
      return true;
    case 'supervisor':
      return user.teamId !== null && wo.teamId === user.teamId;
    case 'technician':
      return mayDeliver(tx, wo, user.id);
  }
}
