import type { TechnicianList, TechnicianListQuery } from '../../src/domain/workOrder/assignments';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';

export function createTechnicianService(store: Store) {
  /**
   * Active technicians a caller may assign to: a supervisor's own team, or everyone for an admin; with `date`, each
   * with their load that day (what the assignment picker shows beside two technicians of the same name).
   */
  async function list(auth: AuthContext, query: TechnicianListQuery = {}): Promise<TechnicianList> {
    if (auth.user.role === 'supervisor' && auth.user.teamId === null) return { items: [] };
    const teamId = auth.user.role === 'admin' ? null : auth.user.teamId;
    const technicians = await store.users.listActiveTechnicians(teamId);
    const date = query.date;
    const loads =
      date === undefined
        ? null
        : await store.workOrders.loadsOn(
            date,
            technicians.map((t) => t.id),
          );
    return {
      items: technicians.map((t) => ({
        id: t.id,
        username: t.username,
        displayName: t.displayName,
        teamId: t.teamId,
        ...(loads === null ? {} : { load: loads.get(t.id) ?? 0 }),
      })),
    };
  }

  return { list };
}

export type TechnicianService = ReturnType<typeof createTechnicianService>;
