import { hamletOf } from '../../src/domain/campaign/hamlet';
import type { TeamLetterSettings } from '../../src/domain/campaign/letter';
import { planRoadmap } from '../../src/domain/campaign/planRoadmap';
import {
  OTHER_HAMLET,
  PLANNABLE_STATUSES,
  ROADMAP_MAX_ORDERS,
  type Roadmap,
  type RoadmapCommuneList,
  type RoadmapConfirmRequest,
  type RoadmapDay,
  type RoadmapHamlet,
  type RoadmapProposal,
  type RoadmapProposalRequest,
} from '../../src/domain/campaign/roadmap';
import type { FieldError } from '../../src/domain/protocol/errors';
import { ok } from '../../src/domain/protocol/result';
import { isoDayInVietnam } from '../../src/domain/time/time';
import { compareByRoute, type WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import type { StoredWorkOrder, UserRecord } from '../store/records';
import type { RoadmapOrder } from '../store/roadmaps';
import type { Repos, Store } from '../store/store';
import { assignInTransaction, type AssignmentTarget } from './assignmentService';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { failure, type Result } from './result';
import { letterSettingsOf } from './teamSettingsService';

/** Started, done or waiting on review (RoadmapHamlet.inHand). */
const IN_HAND: readonly WorkOrderStatus[] = ['in_progress', 'completed', 'approved', 'needs_review', 'returned'];
/** Swapped (RoadmapCommune.done). */
const DONE: readonly WorkOrderStatus[] = ['completed', 'approved'];

/** Vietnamese order, numbers by value ("Thôn 2" before "Thôn 10"). */
const byName = new Intl.Collator('vi', { numeric: true });

const isPlannable = (status: WorkOrderStatus) => PLANNABLE_STATUSES.includes(status);

/** Hamlets already read, by hamlet column and address: reading one from an address is not free, and screens ask again. */
const hamletMemo = new Map<string, string>();
const HAMLET_MEMO_MAX = 50_000;

/** hamletOf (src/domain/campaign/hamlet.ts), remembered for the next request. */
function hamletName(order: { hamlet: string | null; address: string }): string {
  const key = `${order.hamlet ?? ''}\u0000${order.address}`;
  let name = hamletMemo.get(key);
  if (name === undefined) {
    name = hamletOf(order);
    if (hamletMemo.size >= HAMLET_MEMO_MAX) hamletMemo.clear();
    hamletMemo.set(key, name);
  }
  return name;
}

/** What the roadmap letter is drawn from. */
export interface LetterSource {
  roadmap: Roadmap;
  settings: TeamLetterSettings;
  district: string | null;
}

/** The team whose commune it is, once the caller's scope allows it. */
export interface CommuneRef {
  teamId: string;
  commune: string;
  province: string;
}

/** The team a caller's roadmaps are scoped to: a supervisor's own, or every team (null) for an admin. */
function scopeOf(auth: AuthContext): { teamId: string | null } | null {
  if (auth.user.role === 'admin') return { teamId: null };
  if (auth.user.role === 'supervisor' && auth.user.teamId !== null) return { teamId: auth.user.teamId };
  return null;
}

/**
 * Finds the commune in the caller's scope. Another team's commune answers exactly as an unknown one (NOT_FOUND),
 * so a supervisor cannot learn which communes other teams work in. An admin naming a commune several teams share
 * the name of is asked to let its team's supervisor plan it (a plan is one team's).
 */
export async function findCommune(tx: Repos, auth: AuthContext, commune: string): Promise<Result<CommuneRef>> {
  const scope = scopeOf(auth);
  const notFound = failure('NOT_FOUND', `No commune "${commune}" among your team's work orders.`);
  if (scope === null) return notFound;
  const teams = await tx.roadmaps.communeTeams(commune, scope.teamId);
  const [team, ...others] = teams;
  if (team === undefined) return notFound;
  if (others.length > 0) {
    return failure('VALIDATION_FAILED', `Several teams have work orders in a commune named "${commune}": its team's supervisor plans it.`, {
      errors: [{ path: 'commune', code: 'ambiguous', message: `${teams.length} teams have a commune of this name.` }],
    });
  }
  return ok({ teamId: team.teamId, commune, province: team.province });
}

/** Hamlets in visiting order: by first planned date, then the unplanned ones by name, OTHER_HAMLET last among equals. */
function compareHamlets(a: RoadmapHamlet, b: RoadmapHamlet): number {
  if (a.firstDate !== b.firstDate) {
    if (a.firstDate === null) return 1;
    if (b.firstDate === null) return -1;
    return a.firstDate < b.firstDate ? -1 : 1;
  }
  if ((a.name === OTHER_HAMLET) !== (b.name === OTHER_HAMLET)) return a.name === OTHER_HAMLET ? 1 : -1;
  return byName.compare(a.name, b.name);
}

function hamletsOf(orders: readonly RoadmapOrder[]): RoadmapHamlet[] {
  const hamlets = new Map<string, RoadmapHamlet>();
  for (const order of orders) {
    const name = hamletName(order);
    let h = hamlets.get(name);
    if (h === undefined) {
      h = { name, total: 0, plannable: 0, inHand: 0, failed: 0, cancelled: 0, unplanned: 0, firstDate: null, lastDate: null };
      hamlets.set(name, h);
    }
    h.total += 1;
    if (isPlannable(order.status)) {
      h.plannable += 1;
      const date = order.plannedDate;
      if (date === null) h.unplanned += 1;
      else {
        if (h.firstDate === null || date < h.firstDate) h.firstDate = date;
        if (h.lastDate === null || date > h.lastDate) h.lastDate = date;
      }
    } else if (IN_HAND.includes(order.status)) h.inHand += 1;
    else if (order.status === 'failed_visit') h.failed += 1;
    else if (order.status === 'cancelled') h.cancelled += 1;
  }
  return [...hamlets.values()].sort(compareHamlets);
}

/** Plannable orders with a date and an assignee, one day per (date, technician), by date then technician's name. */
function daysOf(orders: readonly RoadmapOrder[], names: ReadonlyMap<string, string>): RoadmapDay[] {
  const days = new Map<string, { date: string; technicianId: string; orders: RoadmapOrder[] }>();
  for (const order of orders) {
    if (!isPlannable(order.status) || order.plannedDate === null || order.assigneeId === null) continue;
    const key = `${order.plannedDate} ${order.assigneeId}`;
    let day = days.get(key);
    if (day === undefined) days.set(key, (day = { date: order.plannedDate, technicianId: order.assigneeId, orders: [] }));
    day.orders.push(order);
  }
  const nameOf = (id: string) => names.get(id) ?? id;
  return [...days.values()]
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : byName.compare(nameOf(a.technicianId), nameOf(b.technicianId))))
    .map((day) => {
      const inRoute = [...day.orders].sort(compareByRoute);
      return {
        date: day.date,
        technicianId: day.technicianId,
        hamlets: [...new Set(inRoute.map(hamletName))],
        orderIds: inRoute.map((o) => o.id),
      };
    });
}

/** The commune's plan as it stands, read through `tx` (a snapshot, or the confirming transaction). */
export async function roadmapOf(tx: Repos, ref: CommuneRef): Promise<Roadmap> {
  const orders = await tx.roadmaps.communeOrders(ref.teamId, ref.commune);
  const assignees = [...new Set(orders.flatMap((o) => (o.assigneeId === null ? [] : [o.assigneeId])))];
  const names = await tx.reports.displayNames(assignees);
  const confirmation = await tx.roadmaps.confirmation(ref.teamId, ref.commune);
  return {
    commune: ref.commune,
    province: ref.province,
    hamlets: hamletsOf(orders),
    days: daysOf(orders, names),
    confirmedAt: confirmation?.confirmedAt ?? null,
    confirmedBy: confirmation?.confirmedBy ?? null,
    capacityPerDay: confirmation?.capacityPerDay ?? null,
  };
}

/** Each id must be an active technician of the team; the others are named at `path(i)`. */
async function checkTechnicians(
  tx: Repos,
  teamId: string,
  ids: readonly string[],
  path: (i: number) => string,
): Promise<{ technicians: Map<string, UserRecord>; errors: FieldError[] }> {
  const checked = new Map<string, UserRecord | null>();
  const errors: FieldError[] = [];
  for (const [i, id] of ids.entries()) {
    let technician = checked.get(id);
    if (technician === undefined) {
      const user = await tx.users.findById(id);
      technician = user !== undefined && user.role === 'technician' && user.active && user.teamId === teamId ? user : null;
      checked.set(id, technician);
    }
    if (technician === null) errors.push({ path: path(i), code: 'not_in_team', message: 'Not an active technician of the commune’s team.' });
  }
  const technicians = new Map([...checked].flatMap(([id, user]) => (user === null ? [] : [[id, user] as const])));
  return { technicians, errors };
}

const stale = (errors: FieldError[], what: string) =>
  failure('ROADMAP_STALE', `${what} Propose the roadmap again from the orders and the team as they are now.`, { errors });

/** A date before today in Vietnam. */
const past = (date: string, today: string) => date < today;

/** Duplicate orders and (date, technician) pairs, and days over the capacity: 400 with the days at fault. */
function checkShape(request: RoadmapConfirmRequest): FieldError[] {
  const errors: FieldError[] = [];
  const seenOrders = new Map<string, string>();
  const seenDays = new Map<string, number>();
  for (const [i, day] of request.days.entries()) {
    const key = `${day.date} ${day.technicianId}`;
    const first = seenDays.get(key);
    if (first !== undefined) {
      errors.push({ path: `days.${i}`, code: 'duplicate_day', message: `Same date and technician as days.${first}: put their orders in one day.` });
    } else seenDays.set(key, i);
    if (day.orderIds.length > request.capacityPerDay) {
      errors.push({
        path: `days.${i}.orderIds`,
        code: 'over_capacity',
        message: `${day.orderIds.length} orders, more than the capacity of ${request.capacityPerDay} a day.`,
      });
    }
    for (const [j, id] of day.orderIds.entries()) {
      const at = `days.${i}.orderIds.${j}`;
      const earlier = seenOrders.get(id);
      if (earlier !== undefined)
        errors.push({ path: at, code: 'duplicate', message: `The order is already at ${earlier}: an order is planned once.` });
      else seenOrders.set(id, at);
    }
  }
  return errors;
}

/** Why an order of a confirmation cannot be planned now, or null when it can. */
function orderProblem(order: StoredWorkOrder | undefined, ref: CommuneRef): { code: string; message: string } | null {
  // Unknown, another team's or another commune's: one answer, so nothing is learned about other teams' orders.
  if (order === undefined || order.teamId !== ref.teamId || order.commune !== ref.commune) {
    return { code: 'not_in_commune', message: `Not a work order of ${ref.commune}.` };
  }
  if (!isPlannable(order.status)) return { code: 'not_plannable', message: `The order is ${order.status} now: it keeps its date.` };
  return null;
}

export function createRoadmapService(store: Store, clock: Clock) {
  /** `GET /roadmaps/communes`: the caller's communes with counts, by name. */
  async function communes(auth: AuthContext): Promise<RoadmapCommuneList> {
    const scope = scopeOf(auth);
    if (scope === null) return { communes: [] };
    const read = await store.snapshot(async (tx) => ({
      counts: await tx.roadmaps.communes(scope.teamId, PLANNABLE_STATUSES, DONE),
      places: await tx.roadmaps.communePlaces(scope.teamId),
    }));
    const hamlets = new Map<string, Set<string>>();
    for (const place of read.places) {
      const key = `${place.teamId} ${place.commune}`;
      let names = hamlets.get(key);
      if (names === undefined) hamlets.set(key, (names = new Set()));
      names.add(hamletName(place));
    }
    const list = read.counts.map((c) => ({
      commune: c.commune,
      province: c.province,
      total: c.total,
      plannable: c.plannable,
      planned: c.planned,
      done: c.done,
      hamlets: hamlets.get(`${c.teamId} ${c.commune}`)?.size ?? 0,
      confirmedAt: c.confirmedAt,
    }));
    list.sort((a, b) => byName.compare(a.commune, b.commune) || byName.compare(a.province, b.province));
    return { communes: list };
  }

  /** `GET /roadmaps?commune=…` */
  async function get(auth: AuthContext, commune: string): Promise<Result<Roadmap>> {
    return store.snapshot(async (tx) => {
      const ref = await findCommune(tx, auth, commune);
      if (!ref.ok) return ref;
      return ok(await roadmapOf(tx, ref.value));
    });
  }

  /**
   * What the commune's roadmap letter is drawn from (issue 15 §2): the plan as it stands, the team's letter settings
   * and the commune's district. Same scope and NOT_FOUND as `get`; ROADMAP_NOT_PLANNED before any confirmation.
   */
  async function letterSource(auth: AuthContext, commune: string): Promise<Result<LetterSource>> {
    return store.snapshot(async (tx) => {
      const ref = await findCommune(tx, auth, commune);
      if (!ref.ok) return ref;
      const roadmap = await roadmapOf(tx, ref.value);
      if (roadmap.confirmedAt === null) {
        return failure('ROADMAP_NOT_PLANNED', `No roadmap of ${commune} was confirmed yet: confirm one on "Lộ trình" before printing its letter.`);
      }
      const team = await tx.teams.findById(ref.value.teamId);
      if (team === undefined) throw new Error('a commune of a team that does not exist');
      const { settings } = await letterSettingsOf(tx, team);
      return ok({ roadmap, settings, district: await tx.roadmaps.communeDistrict(ref.value.teamId, ref.value.commune) });
    });
  }

  /** `POST /roadmaps/proposals`: dates for the commune's plannable orders; nothing is written. */
  async function propose(auth: AuthContext, request: RoadmapProposalRequest): Promise<Result<RoadmapProposal>> {
    return store.snapshot(async (tx) => {
      const ref = await findCommune(tx, auth, request.commune);
      if (!ref.ok) return ref;
      const today = isoDayInVietnam(clock.now());
      if (past(request.startDate, today)) {
        return failure('ROADMAP_DATE_PAST', `The roadmap cannot start before today (${today}).`, {
          errors: [{ path: 'startDate', code: 'past', message: `Before today (${today}).` }],
        });
      }
      const { errors } = await checkTechnicians(tx, ref.value.teamId, request.technicianIds, (i) => `technicianIds.${i}`);
      if (errors.length > 0) return stale(errors, 'Some technicians are not active technicians of the team.');
      const orders = await tx.roadmaps.communeOrders(ref.value.teamId, ref.value.commune, PLANNABLE_STATUSES);
      if (orders.length > ROADMAP_MAX_ORDERS) {
        return failure(
          'PAYLOAD_TOO_LARGE',
          `The commune has ${orders.length} orders to plan; one roadmap plans at most ${ROADMAP_MAX_ORDERS}. Assign part of them on the map first.`,
          { errors: [{ path: 'commune', code: 'too_many_orders', message: `${orders.length} plannable orders (at most ${ROADMAP_MAX_ORDERS}).` }] },
        );
      }
      const plan = planRoadmap({
        orders: [...orders].sort(compareByRoute).map((o) => ({ id: o.id, hamlet: hamletName(o), lat: o.lat, lng: o.lng })),
        technicianIds: request.technicianIds,
        capacityPerDay: request.capacityPerDay,
        startDate: request.startDate,
      });
      return ok({
        commune: ref.value.commune,
        startDate: request.startDate,
        capacityPerDay: request.capacityPerDay,
        technicianIds: request.technicianIds,
        ...plan,
      });
    });
  }

  /**
   * `PUT /roadmaps`: all or nothing, in one transaction. The orders are locked (PostgreSQL) before they are checked,
   * so a swap started meanwhile either committed first (and the order is refused as stale) or waits for this plan;
   * a second confirmation of the same plan waits, then finds every order already so and changes nothing.
   */
  async function confirm(auth: AuthContext, request: RoadmapConfirmRequest): Promise<Result<Roadmap>> {
    const shape = checkShape(request);
    if (shape.length > 0) return failure('VALIDATION_FAILED', 'The roadmap plans an order twice or a day over the capacity.', { errors: shape });
    const now = clock.now();
    const today = isoDayInVietnam(now);
    const pastDays = request.days.flatMap((day, i): FieldError[] =>
      past(day.date, today) ? [{ path: `days.${i}.date`, code: 'past', message: `Before today (${today}).` }] : [],
    );
    return store.transaction(async (tx) => {
      const found = await findCommune(tx, auth, request.commune);
      if (!found.ok) return found;
      const ref = found.value;
      if (pastDays.length > 0) return failure('ROADMAP_DATE_PAST', `A roadmap plans today (${today}) or later.`, { errors: pastDays });

      const { technicians, errors } = await checkTechnicians(
        tx,
        ref.teamId,
        request.days.map((d) => d.technicianId),
        (i) => `days.${i}.technicianId`,
      );
      const orders = new Map((await tx.workOrders.findByIdsForUpdate(request.days.flatMap((d) => d.orderIds))).map((wo) => [wo.id, wo]));
      for (const [i, day] of request.days.entries()) {
        for (const [j, id] of day.orderIds.entries()) {
          const problem = orderProblem(orders.get(id), ref);
          if (problem !== null) errors.push({ path: `days.${i}.orderIds.${j}`, ...problem });
        }
      }
      if (errors.length > 0) return stale(errors, 'Some orders or technicians of the roadmap cannot be planned now.');

      // Through the assignment path, one call per technician with all of their days.
      const targets = new Map<string, AssignmentTarget[]>();
      for (const day of request.days) {
        const list = targets.get(day.technicianId) ?? [];
        targets.set(day.technicianId, list);
        day.orderIds.forEach((id, k) => {
          const order = orders.get(id);
          if (order !== undefined) list.push({ order, plannedDate: day.date, routeOrder: k + 1 });
        });
      }
      for (const [technicianId, list] of targets) {
        const technician = technicians.get(technicianId);
        if (technician === undefined) throw new Error('technician checked above');
        await assignInTransaction(tx, technician, list, auth.user.id, now);
      }
      const at = now.toISOString();
      await tx.roadmaps.saveConfirmation({
        teamId: ref.teamId,
        commune: ref.commune,
        confirmedBy: auth.user.id,
        confirmedAt: at,
        capacityPerDay: request.capacityPerDay,
      });
      const dates = request.days.map((d) => d.date).sort();
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: 'roadmap.confirm',
          entity: 'team',
          entityId: ref.teamId,
          before: null,
          after: {
            commune: ref.commune,
            capacityPerDay: request.capacityPerDay,
            days: request.days.length,
            orders: orders.size,
            technicianIds: [...technicians.keys()],
            firstDate: dates[0] ?? null,
            lastDate: dates.at(-1) ?? null,
          },
          at,
        },
      ]);
      return ok(await roadmapOf(tx, ref));
    });
  }

  return { communes, get, letterSource, propose, confirm };
}

export type RoadmapService = ReturnType<typeof createRoadmapService>;
