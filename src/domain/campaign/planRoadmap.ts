import { distanceMeters } from '../map/geo';
import { planVisitingOrder, type RouteStop } from '../map/visitingOrder';
import { addDays, nonWorkingDay } from './holidays';
import { EXACT_ROUTE_MAX_STOPS, hilbertOrder, visitingOrderFrom } from './largeRoute';
import { OTHER_HAMLET, type RoadmapDay, type RoadmapProposal, type SkippedDay } from './roadmap';

/** One plannable order of the commune, with its hamlet (hamletOf) and coordinates. */
export interface PlanOrder {
  id: string;
  hamlet: string;
  lat: number;
  lng: number;
}

export interface PlanInput {
  orders: readonly PlanOrder[];
  /** In the order the supervisor chose them: on each day the first takes the first stretch of the route. */
  technicianIds: readonly string[];
  capacityPerDay: number;
  /** The first day that may be planned. */
  startDate: string;
}

export type PlanResult = Pick<RoadmapProposal, 'days' | 'hamlets' | 'skippedDays' | 'endDate'>;

interface Point {
  lat: number;
  lng: number;
}

interface HamletGroup {
  name: string;
  /** Sorted by id, so the plan does not depend on the order the orders came in. */
  orders: PlanOrder[];
  centroid: Point;
}

function centroid(points: readonly Point[]): Point {
  let lat = 0;
  let lng = 0;
  for (const p of points) {
    lat += p.lat;
    lng += p.lng;
  }
  return { lat: lat / points.length, lng: lng / points.length };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupByHamlet(orders: readonly PlanOrder[]): HamletGroup[] {
  const byName = new Map<string, PlanOrder[]>();
  for (const order of orders) {
    const group = byName.get(order.hamlet);
    if (group === undefined) byName.set(order.hamlet, [order]);
    else group.push(order);
  }
  return [...byName].map(([name, members]) => {
    members.sort((a, b) => compareStrings(a.id, b.id));
    return { name, orders: members, centroid: centroid(members) };
  });
}

/**
 * The hamlets in visiting order: a route through their centroids that starts at the hamlet farthest from the
 * commune's centre (the crews sweep the commune from one edge rather than criss-cross it from the middle), by
 * planVisitingOrder; OTHER_HAMLET last, its orders having no known place in the commune's geography. Ties by name.
 */
function orderHamlets(groups: readonly HamletGroup[], communeCentre: Point): HamletGroup[] {
  const named = groups.filter((g) => g.name !== OTHER_HAMLET).sort((a, b) => compareStrings(a.name, b.name));
  const other = groups.filter((g) => g.name === OTHER_HAMLET);
  if (named.length === 0) return other;
  let start = 0;
  named.forEach((g, i) => {
    if (distanceMeters(g.centroid, communeCentre) > distanceMeters((named[start] as HamletGroup).centroid, communeCentre)) start = i;
  });
  const stops: RouteStop[] = named.map((g) => ({ id: g.name, ...g.centroid }));
  const first = stops[start] as RouteStop;
  const rest = stops.filter((_, i) => i !== start);
  // Bad data can make thousands of "hamlets" (one per order): keep the planner near-linear then too.
  const route = stops.length <= EXACT_ROUTE_MAX_STOPS ? planVisitingOrder([first, ...rest]) : [first, ...hilbertOrder(rest)].map((s) => s.id);
  const byName = new Map(named.map((g) => [g.name, g]));
  return [...route.map((name) => byName.get(name) as HamletGroup), ...other];
}

/** Every order once, hamlet by hamlet, each hamlet entered at its order nearest to where the previous one ended. */
function visitingSequence(orders: readonly PlanOrder[]): PlanOrder[] {
  const groups = groupByHamlet(orders);
  const communeCentre = centroid(orders);
  const sequence: PlanOrder[] = [];
  let position: Point = communeCentre;
  for (const [k, group] of orderHamlets(groups, communeCentre).entries()) {
    // The first hamlet is entered from the commune's edge: its order farthest from the centre.
    const entry = k === 0 ? farthest(group.orders, communeCentre) : position;
    const byId = new Map(group.orders.map((o) => [o.id, o]));
    for (const stop of visitingOrderFrom(group.orders, entry)) sequence.push(byId.get(stop.id) as PlanOrder);
    position = sequence[sequence.length - 1] as PlanOrder;
  }
  return sequence;
}

function farthest(points: readonly PlanOrder[], from: Point): Point {
  let best = points[0] as PlanOrder;
  for (const p of points) if (distanceMeters(p, from) > distanceMeters(best, from)) best = p;
  return best;
}

function checkInput(input: PlanInput): void {
  if (input.technicianIds.length === 0) throw new RangeError('planRoadmap: no technicians');
  if (!Number.isInteger(input.capacityPerDay) || input.capacityPerDay < 1)
    throw new RangeError(`planRoadmap: capacity per day must be a whole number ≥ 1, not ${input.capacityPerDay}`);
  const ids = new Set<string>();
  for (const order of input.orders) {
    if (ids.has(order.id)) throw new RangeError(`planRoadmap: order ${order.id} is given twice`);
    ids.add(order.id);
    if (!Number.isFinite(order.lat) || !Number.isFinite(order.lng)) throw new RangeError(`planRoadmap: order ${order.id} has no coordinates`);
  }
}

/**
 * A proposed roadmap (issue 15 §1): the orders in visiting order (hamlet by hamlet, see orderHamlets and
 * visitingSequence), cut into working days from startDate (Sundays and holidays skipped, see nonWorkingDay). On
 * each working day each technician, in the order given, takes the next capacityPerDay orders of the route, so a
 * technician's day is one stretch of it (it may finish a hamlet and start the next). Pure and deterministic: the
 * same orders, whatever their order, give the same plan. RangeError on input the server should have refused.
 */
export function planRoadmap(input: PlanInput): PlanResult {
  checkInput(input);
  const technicians = [...new Set(input.technicianIds)];
  const sequence = visitingSequence(input.orders);
  const days: RoadmapDay[] = [];
  const skippedDays: SkippedDay[] = [];
  const hamlets = new Map<string, { name: string; count: number; firstDate: string; lastDate: string }>();
  let date = input.startDate;
  let next = 0;
  while (next < sequence.length) {
    const skipped = nonWorkingDay(date);
    if (skipped !== null) {
      skippedDays.push(skipped);
      date = addDays(date, 1);
      continue;
    }
    for (const technicianId of technicians) {
      if (next >= sequence.length) break;
      const stretch = sequence.slice(next, next + input.capacityPerDay);
      next += stretch.length;
      const dayHamlets: string[] = [];
      for (const order of stretch) {
        if (dayHamlets[dayHamlets.length - 1] !== order.hamlet) dayHamlets.push(order.hamlet);
        const share = hamlets.get(order.hamlet);
        if (share === undefined) hamlets.set(order.hamlet, { name: order.hamlet, count: 1, firstDate: date, lastDate: date });
        else {
          share.count += 1;
          share.lastDate = date;
        }
      }
      days.push({ date, technicianId, hamlets: dayHamlets, orderIds: stretch.map((o) => o.id) });
    }
    date = addDays(date, 1);
  }
  const endDate = days.length === 0 ? null : (days[days.length - 1] as RoadmapDay).date;
  return { days, hamlets: [...hamlets.values()], skippedDays, endDate };
}
