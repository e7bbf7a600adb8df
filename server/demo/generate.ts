import type { Role } from '../../src/domain/users/auth';
import type { NewWorkOrder } from '../store/records';
import { DEMO_ACCOUNTS, FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE } from './people';
import { CA_MAU, PROVINCES, THANH_HOA, type Commune, type Province } from './places';
import { Prng, stream } from './prng';

/** Work orders every demo technician starts the day with (design §3). */
export const ORDERS_PER_TECHNICIAN = 30;
export const DEFAULT_DEMO_SIZE = 2000;
export const DEFAULT_DEMO_SEED = 20251124;
const REASON = 'Thay công tơ cơ khí bằng công tơ điện tử đo xa';
/** Share of work orders in Thanh Hóa (the larger province); the rest are in Cà Mau. */
const THANH_HOA_SHARE = 0.55;
const SCATTER_KM = 2;
const ONE_PHASE_TYPES = ['CV140 1 pha cơ khí 5(20)A', 'CV140 1 pha cơ khí 10(40)A', 'EMIC CV140 1 pha cơ khí', 'Vinasino CV140 1 pha cơ khí'];
const THREE_PHASE_TYPES = ['MV3E4 3 pha cơ khí 3x10(20)A', 'EMIC 3 pha cơ khí 3x5(10)A', 'Vinasino 3 pha cơ khí 3x10(40)A'];

export interface DemoTeam {
  id: string;
  name: string;
  province: string;
}

export interface DemoUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
}

export interface DemoOptions {
  seed: number;
  /** Number of work orders; at least one day's work for every technician. */
  size: number;
  /** The day the technicians' work is planned for (yyyy-MM-dd, Asia/Ho_Chi_Minh). */
  today: string;
  /** Creation time stamped on the rows. */
  now: Date;
}

export interface DemoData {
  teams: DemoTeam[];
  users: DemoUser[];
  /** Streams the work orders so a million of them never sit in memory at once. */
  workOrders(): Generator<NewWorkOrder>;
}

function personName(prng: Prng): string {
  const female = prng.chance(0.5);
  const middle = prng.pick(female ? FEMALE_MIDDLE : MALE_MIDDLE);
  return `${prng.pick(FAMILY_NAMES)} ${middle} ${prng.pick(female ? FEMALE_GIVEN : MALE_GIVEN)}`;
}

/** A point uniformly within `radiusKm` of the centre. */
function scatter(prng: Prng, commune: Commune, radiusKm: number): { lat: number; lng: number } {
  const r = radiusKm * Math.sqrt(prng.next());
  const theta = 2 * Math.PI * prng.next();
  const lat = commune.lat + (r * Math.cos(theta)) / 111.32;
  const lng = commune.lng + (r * Math.sin(theta)) / (111.32 * Math.cos((commune.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}

/** The address, and the hamlet (thôn / ấp, tổ dân phố / khóm) it names, if any. */
function address(prng: Prng, province: Province, commune: Commune): { address: string; hamlet: string | null } {
  if (commune.kind === 'xã') {
    const hamlet = `${province.ruralUnit} ${prng.int(1, 15)}`;
    return { address: `${hamlet}, xã ${commune.name}`, hamlet };
  }
  if (prng.chance(0.3)) {
    const hamlet = `${province.urbanUnit} ${prng.int(1, 12)}`;
    return { address: `${hamlet}, phường ${commune.name}`, hamlet };
  }
  return { address: `Số ${prng.int(1, 250)} đường ${prng.pick(province.streets)}, phường ${commune.name}`, hamlet: null };
}

/**
 * The THON column as the demo's CMIS exports carry it: given in every other commune of a province (the hamlet of
 * the address, or for a street address a tổ dân phố / khóm from the order's index, drawing nothing from the
 * generator so the rest of the data stays the same), left empty in the others, whose roadmap reads the hamlet
 * from the address (street addresses there fall under "khác").
 */
function hamletColumn(province: Province, commune: Commune, named: string | null, index: number): string | null {
  if (province.communes.indexOf(commune) % 2 === 1) return null;
  return named ?? `${province.urbanUnit} ${(index % 12) + 1}`;
}

/** Customer codes are unit + 7 digits; multiplying by a number coprime with 10^7 keeps them unique and unordered. */
function customerCode(unit: string, index: number): string {
  return unit + String((index * 7_654_321 + 1_000_003) % 10_000_000).padStart(7, '0');
}

interface Slot {
  province: Province;
  commune: Commune;
  assigneeId: string | null;
  routeOrder: number;
  routeNo: number;
}

function workOrder(prng: Prng, index: number, slot: Slot, teamId: string, options: DemoOptions): NewWorkOrder {
  const { province, commune } = slot;
  const threePhase = prng.chance(0.12);
  const at = options.now.toISOString();
  const point = scatter(prng, commune, slot.assigneeId === null ? SCATTER_KM : SCATTER_KM / 2);
  // Drawn in the order they always were: the same seed gives the same data as before the hamlet.
  const id = prng.uuid();
  const customerName = personName(prng);
  const phone = prng.chance(0.9) ? `0${prng.pick(['3', '5', '7', '8', '9'])}${prng.digits(8)}` : null;
  const place = address(prng, province, commune);
  return {
    id,
    code: `TT-${commune.unit}-${String(index + 1).padStart(7, '0')}`,
    customerCode: customerCode(commune.unit, index),
    customerName,
    phone,
    address: place.address,
    commune: `${commune.kind === 'xã' ? 'Xã' : 'Phường'} ${commune.name}`,
    hamlet: hamletColumn(province, commune, place.hamlet, index),
    district: commune.district,
    province: province.name,
    ...point,
    stationCode: `T${commune.unit.slice(4)}${String(prng.int(1, 120)).padStart(3, '0')}`,
    routeCode: `${commune.unit}${String(slot.routeNo).padStart(4, '0')}`,
    routeOrder: slot.routeOrder,
    phases: threePhase ? 3 : 1,
    oldMeterSerial: prng.digits(prng.int(8, 10)),
    oldMeterType: prng.pick(threePhase ? THREE_PHASE_TYPES : ONE_PHASE_TYPES),
    lastBilledReading: threePhase ? prng.int(1000, 90000) : prng.int(300, 25000),
    reason: REASON,
    plannedDate: slot.assigneeId === null ? null : options.today,
    status: slot.assigneeId === null ? 'unassigned' : 'assigned',
    assigneeId: slot.assigneeId,
    version: slot.assigneeId === null ? 1 : 2,
    teamId,
    createdAt: at,
    updatedAt: at,
  };
}

function people(seed: number): { teams: DemoTeam[]; users: DemoUser[] } {
  const ids = stream(seed, 0);
  const teams = PROVINCES.map((p) => ({ id: ids.uuid(), name: p.teamName, province: p.name }));
  const teamId = (name: string | null) => teams.find((t) => t.name === name)?.id ?? null;
  const users = DEMO_ACCOUNTS.map((a) => ({
    id: ids.uuid(),
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    teamId: teamId(a.team),
  }));
  return { teams, users };
}

/** Deterministic demo data: the same options always give the same teams, users and work orders. */
export function generateDemo(options: DemoOptions): DemoData {
  const { teams, users } = people(options.seed);
  const technicians = users.filter((u) => u.role === 'technician');
  const minimum = technicians.length * ORDERS_PER_TECHNICIAN;
  if (!Number.isInteger(options.size) || options.size < minimum) {
    throw new RangeError(`demo size must be an integer of at least ${minimum} (got ${options.size})`);
  }
  const teamOf = (province: Province): DemoTeam => {
    const team = teams.find((t) => t.province === province.name);
    if (!team) throw new Error(`no demo team for ${province.name}`);
    return team;
  };
  const provinceOf = (user: DemoUser): Province => {
    const province = PROVINCES.find((p) => teams.some((t) => t.id === user.teamId && t.province === p.name));
    if (!province) throw new Error(`demo user ${user.username} has no province`);
    return province;
  };

  function* workOrders(): Generator<NewWorkOrder> {
    const prng = stream(options.seed, 1);
    // Each technician's day is one route in one commune of their team's province, visited in route order.
    for (const [t, tech] of technicians.entries()) {
      const province = provinceOf(tech);
      const commune = province.communes[(t * 5) % province.communes.length] ?? prng.pick(province.communes);
      for (let k = 0; k < ORDERS_PER_TECHNICIAN; k++) {
        const slot = { province, commune, assigneeId: tech.id, routeOrder: k + 1, routeNo: 900 + t };
        yield workOrder(prng, t * ORDERS_PER_TECHNICIAN + k, slot, teamOf(province).id, options);
      }
    }
    for (let i = minimum; i < options.size; i++) {
      const province = prng.chance(THANH_HOA_SHARE) ? THANH_HOA : CA_MAU;
      const slot = { province, commune: prng.pick(province.communes), assigneeId: null, routeOrder: prng.int(1, 400), routeNo: prng.int(1, 60) };
      yield workOrder(prng, i, slot, teamOf(province).id, options);
    }
  }

  return { teams, users, workOrders };
}
