import type { TechnicianList } from '../../src/domain/workOrder/assignments';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';

export function createTechnicianService(store: Store) {
  /** Active technicians a caller may assign to: a supervisor's own team, or everyone for an admin. */
  async function list(auth: AuthContext): Promise<TechnicianList> {
    if (auth.user.role === 'supervisor' && auth.user.teamId === null) return { items: [] };
    const teamId = auth.user.role === 'admin' ? null : auth.user.teamId;
    const technicians = await store.users.listActiveTechnicians(teamId);
    return {
      items: technicians.map((t) => ({ id: t.id, username: t.username, displayName: t.displayName, teamId: t.teamId })),
    };
  }

  return { list };
}

export type TechnicianService = ReturnType<typeof createTechnicianService>;
