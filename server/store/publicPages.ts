import { sql, type Kysely } from 'kysely';
import { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import type { Database } from './schema';

/*
 * What the public progress page of a commune reads (issue 15 §2, /cong-khai/<slug>): counts and what the domain
 * needs to find each order's hamlet. Nothing here leaves the server as such: the service turns it into counts
 * (src/domain/campaign/publicPage.ts). A commune here is a (commune, province) pair over every team.
 */

export interface PublicPlace {
  commune: string;
  province: string;
  /** The teams with orders there: the queries go through the (team, commune) index. */
  teamIds: readonly string[];
}

/** An order as the public page counts it; the hamlet column and address only serve to read its hamlet. */
export interface PublicOrderRow {
  hamlet: string | null;
  address: string;
  status: WorkOrderStatus;
  plannedDate: string | null;
}

export function publicPagesRepo(db: Kysely<Database>) {
  return {
    /** Every (commune, province) some team has orders in, with those teams. */
    async places(): Promise<PublicPlace[]> {
      const rows = await db
        .selectFrom('work_orders')
        .select(['team_id', 'commune', 'province'])
        .distinct()
        .where('team_id', 'is not', null)
        .execute();
      const places = new Map<string, { commune: string; province: string; teamIds: string[] }>();
      for (const r of rows) {
        const key = `${r.commune}\u0000${r.province}`;
        const place = places.get(key) ?? { commune: r.commune, province: r.province, teamIds: [] };
        places.set(key, place);
        if (r.team_id !== null) place.teamIds.push(r.team_id);
      }
      return [...places.values()];
    },

    /** The place's orders of every team: hamlet, address, status and planned date, nothing else. */
    async orders(place: PublicPlace): Promise<PublicOrderRow[]> {
      if (place.teamIds.length === 0) return [];
      const rows = await db
        .selectFrom('work_orders')
        .select(['hamlet', 'address', 'status', 'planned_date'])
        .where('team_id', 'in', [...place.teamIds])
        .where('commune', '=', place.commune)
        .where('province', '=', place.province)
        .execute();
      return rows.map((r) => ({ hamlet: r.hamlet, address: r.address, status: WorkOrderStatus.parse(r.status), plannedDate: r.planned_date }));
    },

    /** Households of the place that enrolled in a cashless payment method at the visit (primary completions). */
    async cashlessEnrolled(place: PublicPlace): Promise<number> {
      if (place.teamIds.length === 0) return 0;
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from completions c join work_orders w on w.id = c.work_order_id
        where c.is_primary = 1 and c.cashless_new = 1 and w.team_id in (${sql.join([...place.teamIds])})
          and w.commune = ${place.commune} and w.province = ${place.province}`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
  };
}

export type PublicPagesRepo = ReturnType<typeof publicPagesRepo>;
