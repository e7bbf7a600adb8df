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
    /** Every (commune, province) some team has orders in. */
    async places(): Promise<PublicPlace[]> {
      const rows = await db.selectFrom('work_orders').select(['commune', 'province']).distinct().where('team_id', 'is not', null).execute();
      return rows.map((r) => ({ commune: r.commune, province: r.province }));
    },

    /** The place's orders of every team: hamlet, address, status and planned date, nothing else. */
    async orders(place: PublicPlace): Promise<PublicOrderRow[]> {
      const rows = await db
        .selectFrom('work_orders')
        .select(['hamlet', 'address', 'status', 'planned_date'])
        .where('commune', '=', place.commune)
        .where('province', '=', place.province)
        .where('team_id', 'is not', null)
        .execute();
      return rows.map((r) => ({ hamlet: r.hamlet, address: r.address, status: WorkOrderStatus.parse(r.status), plannedDate: r.planned_date }));
    },

    /** Households of the place that enrolled in a cashless payment method at the visit (primary completions). */
    async cashlessEnrolled(place: PublicPlace): Promise<number> {
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from completions c join work_orders w on w.id = c.work_order_id
        where c.is_primary = 1 and c.cashless_new = 1 and w.commune = ${place.commune} and w.province = ${place.province}
          and w.team_id is not null`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
  };
}

export type PublicPagesRepo = ReturnType<typeof publicPagesRepo>;
