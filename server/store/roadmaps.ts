import { sql, type Kysely } from 'kysely';
import { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import type { Database } from './schema';

/*
 * What the commune's roadmap reads and writes (issue 15 §1). A commune is a (team, commune name) pair: the plan is
 * the team's orders of that commune. Hamlets are not grouped here: an order's hamlet may come from its address,
 * which only the domain reads (src/domain/campaign/hamlet.ts), so the service groups the rows these queries return.
 */

/** One commune of a scope with its orders' counts by status group. */
export interface CommuneCounts {
  teamId: string;
  commune: string;
  province: string;
  total: number;
  plannable: number;
  planned: number;
  done: number;
  confirmedAt: string | null;
}

/** The hamlet column and address of a commune's orders, once per distinct pair (to count its hamlets). */
export interface CommunePlace {
  teamId: string;
  commune: string;
  hamlet: string | null;
  address: string;
}

/** An order of a commune as the roadmap sees it. */
export interface RoadmapOrder {
  id: string;
  code: string;
  hamlet: string | null;
  address: string;
  lat: number;
  lng: number;
  status: WorkOrderStatus;
  plannedDate: string | null;
  assigneeId: string | null;
  routeOrder: number | null;
}

export interface RoadmapConfirmation {
  confirmedAt: string;
  /** Display name of who confirmed it; null when that account is gone. */
  confirmedBy: string | null;
  capacityPerDay: number;
}

export interface NewRoadmapConfirmation {
  teamId: string;
  commune: string;
  confirmedBy: string;
  confirmedAt: string;
  capacityPerDay: number;
}

/** The scope of a query: one team, or (null) every team (an admin). */
type TeamScope = string | null;

export function roadmapsRepo(db: Kysely<Database>) {
  return {
    /**
     * The scope's communes with their counts: `plannable` in `plannableStatuses`, `planned` those of them with a
     * planned date, `done` in `doneStatuses`. Orders without a team are nobody's commune and left out.
     */
    async communes(teamId: TeamScope, plannableStatuses: readonly string[], doneStatuses: readonly string[]): Promise<CommuneCounts[]> {
      const plannable = sql<boolean>`w.status in (${sql.join(plannableStatuses)})`;
      let query = db
        .selectFrom('work_orders as w')
        .leftJoin('roadmap_confirmations as c', (join) => join.onRef('c.team_id', '=', 'w.team_id').onRef('c.commune', '=', 'w.commune'))
        .select((eb) => [
          'w.team_id',
          'w.commune',
          eb.fn.max('w.province').as('province'),
          eb.fn.countAll<number | string>().as('total'),
          sql<number | string>`sum(case when ${plannable} then 1 else 0 end)`.as('plannable'),
          sql<number | string>`sum(case when ${plannable} and w.planned_date is not null then 1 else 0 end)`.as('planned'),
          sql<number | string>`sum(case when w.status in (${sql.join(doneStatuses)}) then 1 else 0 end)`.as('done'),
          eb.fn.max('c.confirmed_at').as('confirmed_at'),
        ])
        .where('w.team_id', 'is not', null)
        .groupBy(['w.team_id', 'w.commune']);
      if (teamId !== null) query = query.where('w.team_id', '=', teamId);
      const rows = await query.execute();
      return rows.map((r) => ({
        teamId: r.team_id ?? '',
        commune: r.commune,
        province: r.province,
        total: Number(r.total),
        plannable: Number(r.plannable),
        planned: Number(r.planned),
        done: Number(r.done),
        confirmedAt: r.confirmed_at ?? null,
      }));
    },

    /** Each distinct (team, commune, hamlet column, address) of the scope, to count hamlets without reading every order. */
    async communePlaces(teamId: TeamScope): Promise<CommunePlace[]> {
      let query = db.selectFrom('work_orders').select(['team_id', 'commune', 'hamlet', 'address']).distinct().where('team_id', 'is not', null);
      if (teamId !== null) query = query.where('team_id', '=', teamId);
      const rows = await query.execute();
      return rows.map((r) => ({ teamId: r.team_id ?? '', commune: r.commune, hamlet: r.hamlet, address: r.address }));
    },

    /** The teams of the scope that have orders in a commune of this name (one, unless an admin's name is ambiguous). */
    async communeTeams(commune: string, teamId: TeamScope): Promise<{ teamId: string; province: string }[]> {
      let query = db
        .selectFrom('work_orders')
        .select((eb) => ['team_id', eb.fn.max('province').as('province')])
        .where('commune', '=', commune)
        .where('team_id', 'is not', null)
        .groupBy('team_id')
        .orderBy('team_id');
      if (teamId !== null) query = query.where('team_id', '=', teamId);
      const rows = await query.execute();
      return rows.map((r) => ({ teamId: r.team_id ?? '', province: r.province }));
    },

    /** The team's orders in the commune, of the given statuses (all when omitted), in code order. */
    async communeOrders(teamId: string, commune: string, statuses?: readonly string[]): Promise<RoadmapOrder[]> {
      let query = db
        .selectFrom('work_orders')
        .select(['id', 'code', 'hamlet', 'address', 'lat', 'lng', 'status', 'planned_date', 'assignee_id', 'route_order'])
        .where('team_id', '=', teamId)
        .where('commune', '=', commune);
      if (statuses !== undefined) query = query.where('status', 'in', [...statuses]);
      const rows = await query.orderBy('code').execute();
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        hamlet: r.hamlet,
        address: r.address,
        lat: r.lat,
        lng: r.lng,
        status: WorkOrderStatus.parse(r.status),
        plannedDate: r.planned_date,
        assigneeId: r.assignee_id,
        routeOrder: r.route_order,
      }));
    },

    /** The district the team's orders in the commune carry (the most common one), or null when none does. */
    async communeDistrict(teamId: string, commune: string): Promise<string | null> {
      const row = await db
        .selectFrom('work_orders')
        .select((eb) => ['district', eb.fn.countAll<number | string>().as('n')])
        .where('team_id', '=', teamId)
        .where('commune', '=', commune)
        .where('district', 'is not', null)
        .groupBy('district')
        .orderBy('n', 'desc')
        .orderBy('district')
        .executeTakeFirst();
      return row?.district ?? null;
    },

    async confirmation(teamId: string, commune: string): Promise<RoadmapConfirmation | undefined> {
      const row = await db
        .selectFrom('roadmap_confirmations as c')
        .leftJoin('users as u', 'u.id', 'c.confirmed_by')
        .select(['c.confirmed_at', 'c.capacity_per_day', 'u.display_name'])
        .where('c.team_id', '=', teamId)
        .where('c.commune', '=', commune)
        .executeTakeFirst();
      return row && { confirmedAt: row.confirmed_at, confirmedBy: row.display_name, capacityPerDay: row.capacity_per_day };
    },

    /** Records a confirmation, replacing the commune's previous one. */
    async saveConfirmation(c: NewRoadmapConfirmation): Promise<void> {
      await db
        .insertInto('roadmap_confirmations')
        .values({
          team_id: c.teamId,
          commune: c.commune,
          confirmed_by: c.confirmedBy,
          confirmed_at: c.confirmedAt,
          capacity_per_day: c.capacityPerDay,
        })
        .onConflict((oc) =>
          oc.columns(['team_id', 'commune']).doUpdateSet({
            confirmed_by: c.confirmedBy,
            confirmed_at: c.confirmedAt,
            capacity_per_day: c.capacityPerDay,
          }),
        )
        .execute();
    },
  };
}

export type RoadmapsRepo = ReturnType<typeof roadmapsRepo>;
