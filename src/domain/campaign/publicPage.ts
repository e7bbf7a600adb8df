import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';
import { IsoDate, type WorkOrderStatus } from '../workOrder/workOrder';
import { isoWeekOf } from './announcement';
import { OTHER_HAMLET, PLANNABLE_STATUSES } from './roadmap';

/**
 * The public progress page of a commune (issue 15 §2, `/cong-khai/<slug>` and `GET /api/v1/public/communes/:slug`):
 * what the commune may show its people or print, without signing in. Counts only: no name, address, customer code,
 * meter serial or phone of a household, no row per order, and a hamlet with fewer than PUBLIC_MIN_HAMLET households
 * is counted under "khác" with the others, so no figure narrows down to a household one could find.
 */

/** A hamlet with fewer households is not shown on its own (merged into OTHER_HAMLET). */
export const PUBLIC_MIN_HAMLET = 5;

/** Swapped: what the page counts as done. */
const DONE: readonly WorkOrderStatus[] = ['completed', 'approved'];

/** Lower case, diacritics folded, đ → d, anything else than a-z and 0-9 → "-": "Xã Hậu Lộc" → "xa-hau-loc". */
export function slugPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The commune's slug, its province's after it so that two communes of one name differ: `xa-hau-loc-thanh-hoa`. */
export function communeSlug(commune: string, province: string): string {
  return [slugPart(commune), slugPart(province)].filter((part) => part !== '').join('-');
}

/** What a slug in a path may be (anything else is an unknown commune). */
export const CommuneSlug = z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(200), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/));

const count = z.number().check(z.int(), z.nonnegative());
const IsoWeek = z.string().check(z.regex(/^\d{4}-W\d{2}$/));

export const PublicHamlet = z.object({
  /** OTHER_HAMLET ("khác") gathers the hamlets too small to show and the orders of no known hamlet. */
  name: z.string(),
  total: count,
  done: count,
  /** ISO weeks of its first and last planned visit still to come; null when nothing is planned. */
  firstWeek: z.nullable(IsoWeek),
  lastWeek: z.nullable(IsoWeek),
});
export type PublicHamlet = z.infer<typeof PublicHamlet>;

export const PublicWeek = z.object({
  week: IsoWeek,
  /** Monday and Sunday of the week. */
  from: IsoDate,
  to: IsoDate,
  /** Households planned that week. */
  planned: count,
});
export type PublicWeek = z.infer<typeof PublicWeek>;

/** `GET /api/v1/public/communes/:slug` */
export const PublicCommune = z.object({
  slug: z.string(),
  commune: z.string(),
  province: z.string(),
  total: count,
  done: count,
  /** Households that enrolled in a cashless payment method at the visit (recorded by the technician). */
  cashlessEnrolled: count,
  /** In visiting order (first planned week), then the rest by name, "khác" last. */
  hamlets: z.array(PublicHamlet),
  weeks: z.array(PublicWeek),
  /** When the figures were read. */
  asOf: z.iso.datetime({ offset: true }),
});
export type PublicCommune = z.infer<typeof PublicCommune>;

export interface PublicOrder {
  /** Its hamlet, as the roadmap reads it (hamletOf). */
  hamlet: string;
  status: WorkOrderStatus;
  plannedDate: string | null;
}

export interface PublicCommuneInput {
  commune: string;
  province: string;
  orders: readonly PublicOrder[];
  cashlessEnrolled: number;
  asOf: string;
}

const byName = new Intl.Collator('vi', { numeric: true });

/** Monday and Sunday of an ISO week's date. */
function weekBounds(date: string): { from: string; to: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const offset = (d.getUTCDay() + 6) % 7;
  const monday = new Date(d.getTime() - offset * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

/** The page's figures from the commune's orders: counts by hamlet, small hamlets merged into "khác", planned weeks. */
export function publicCommuneOf(input: PublicCommuneInput): PublicCommune {
  interface Acc {
    total: number;
    done: number;
    first: string | null;
    last: string | null;
  }
  const hamlets = new Map<string, Acc>();
  const weeks = new Map<string, { from: string; to: string; planned: number }>();
  const add = (acc: Acc, other: Acc) => {
    acc.total += other.total;
    acc.done += other.done;
    if (other.first !== null && (acc.first === null || other.first < acc.first)) acc.first = other.first;
    if (other.last !== null && (acc.last === null || other.last > acc.last)) acc.last = other.last;
  };
  for (const order of input.orders) {
    const acc = hamlets.get(order.hamlet) ?? { total: 0, done: 0, first: null, last: null };
    hamlets.set(order.hamlet, acc);
    acc.total += 1;
    if (DONE.includes(order.status)) acc.done += 1;
    const date = order.plannedDate;
    if (date !== null && PLANNABLE_STATUSES.includes(order.status)) {
      add(acc, { total: 0, done: 0, first: date, last: date });
      const week = isoWeekOf(date);
      const entry = weeks.get(week) ?? { ...weekBounds(date), planned: 0 };
      entry.planned += 1;
      weeks.set(week, entry);
    }
  }
  const other: Acc = { total: 0, done: 0, first: null, last: null };
  const shown: [string, Acc][] = [];
  for (const [name, acc] of hamlets) {
    if (name === OTHER_HAMLET || acc.total < PUBLIC_MIN_HAMLET) add(other, acc);
    else shown.push([name, acc]);
  }
  shown.sort(([an, a], [bn, b]) => {
    if (a.first !== b.first) return a.first === null ? 1 : b.first === null ? -1 : a.first < b.first ? -1 : 1;
    return byName.compare(an, bn);
  });
  if (other.total > 0) shown.push([OTHER_HAMLET, other]);
  return {
    slug: communeSlug(input.commune, input.province),
    commune: input.commune,
    province: input.province,
    total: input.orders.length,
    done: input.orders.filter((o) => DONE.includes(o.status)).length,
    cashlessEnrolled: input.cashlessEnrolled,
    hamlets: shown.map(([name, acc]) => ({
      name,
      total: acc.total,
      done: acc.done,
      firstWeek: acc.first === null ? null : isoWeekOf(acc.first),
      lastWeek: acc.last === null ? null : isoWeekOf(acc.last),
    })),
    weeks: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, w]) => ({ week, ...w })),
    asOf: input.asOf,
  };
}
