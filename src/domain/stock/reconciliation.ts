import * as z from 'zod/mini';
import { isoDayNumber } from '../time/isoDay';
import { isoDayInVietnam } from '../time/time';
import { IsoDate } from '../workOrder/workOrder';
import { DEFAULT_RETURN_DAYS, normalizeStockCode, technicianHolder } from './stock';

/*
 * The supervisor's reconciliation at the end of a day (issue 16 §4): per technician of the team, what moved in
 * and out of their hands that day (Vietnam time), what they hold at its end, and every difference between what
 * the field says (completions, voids) and what the stock says (movements). Computed from the movements alone: a
 * holder's stock at an instant is the items whose latest movement before it went to that holder.
 */

/** The most days a removed meter may be allowed before it is flagged (a query bound, not a rule of the trade). */
export const MAX_RETURN_DAYS = 60;

export const ReconciliationQuery = z.object({
  /** The day, in Vietnam (yyyy-MM-dd). */
  date: IsoDate,
  /** Admins name the team; a supervisor always sees their own. */
  teamId: z.optional(z.uuid()),
  /** Only this technician (of the team). */
  technicianId: z.optional(z.uuid()),
  /** Days a removed meter may stay with the technician before it is flagged. */
  returnDays: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_RETURN_DAYS)), DEFAULT_RETURN_DAYS),
});
export type ReconciliationQuery = z.infer<typeof ReconciliationQuery>;

const count = z.number().check(z.int(), z.nonnegative());
/** A day's net figure: negative when a record corrected that day gave back more than the day installed. */
const net = z.number().check(z.int());

/** One technician's day. Meters are new meters; `removed` counts removed (old) meters in custody. */
export const ReconciliationRow = z.object({
  technicianId: z.string(),
  name: z.string(),
  /** Primary swaps completed that day (by the device's capture time). */
  swaps: count,
  /** Held at the start of the day. */
  openingMeters: count,
  openingSeals: count,
  issuedMeters: count,
  issuedSeals: count,
  returnedMeters: count,
  returnedSeals: count,
  /** Removed meters handed back to the warehouse. */
  returnedRemoved: count,
  /**
   * New meters installed out of the technician's own stock, less those a corrected record gave back to them that
   * day (`uninstall`): a correction on a later day makes that day's figure go down, even below zero.
   */
  installedMeters: net,
  /** Seals clamped out of the technician's own stock, less those given back (as installedMeters). */
  sealsUsed: net,
  voidedMeters: count,
  voidedSeals: count,
  /** Removed meters the technician took from a door (bagged): once per meter and work order, a new bag label is not another. */
  removedTaken: count,
  /** Held at the end of the day. */
  onHandMeters: count,
  onHandSeals: count,
  /** Removed meters still with the technician at the end of the day. */
  toReturn: count,
});
export type ReconciliationRow = z.infer<typeof ReconciliationRow>;

export const RECONCILIATION_FLAGS = ['installed_not_issued', 'void_not_held', 'removed_not_returned', 'removed_no_label'] as const;
export const ReconciliationFlagCode = z.enum(RECONCILIATION_FLAGS);
export type ReconciliationFlagCode = z.infer<typeof ReconciliationFlagCode>;

export const ReconciliationFlag = z.object({
  code: ReconciliationFlagCode,
  technicianId: z.string(),
  technicianName: z.string(),
  /** `meter` (new), `seal`, or `removed` (an old meter). */
  itemKind: z.enum(['meter', 'seal', 'removed']),
  itemCode: z.string(),
  workOrderId: z.nullable(z.string()),
  /** The work order's code, for display. */
  workOrderCode: z.nullable(z.string()),
  /** When it happened: the completion's capture, the void, the removal. */
  at: z.string(),
  /** `removed_not_returned`: whole Vietnam days since the removal. */
  days: z.nullable(count),
  /** `void_not_held`: the void's photos (GET /photos/:id; the team's supervisors may see them). Empty otherwise. */
  photoIds: z.array(z.string()),
});
export type ReconciliationFlag = z.infer<typeof ReconciliationFlag>;

export const Reconciliation = z.object({
  date: IsoDate,
  teamId: z.string(),
  returnDays: count,
  /** The day's bounds as instants (start inclusive, end exclusive). */
  from: z.string(),
  to: z.string(),
  technicians: z.array(ReconciliationRow),
  flags: z.array(ReconciliationFlag),
});
export type Reconciliation = z.infer<typeof Reconciliation>;

/** A movement as the reconciliation reads it, with its item's kind and code. */
export interface MovementFact {
  itemId: string;
  seq: number;
  /** The item's StockKind. */
  itemKind: string;
  code: string;
  /** The MovementKind. */
  kind: string;
  from: string | null;
  to: string;
  at: string;
  workOrderId: string | null;
  workOrderCode: string | null;
}

/** A `stock.void` as recorded (stock_voids). */
export interface VoidFact {
  technicianId: string;
  kind: string;
  code: string;
  held: boolean;
  at: string;
  workOrderId: string | null;
  workOrderCode: string | null;
  photoIds: readonly string[];
}

/** A primary completion: what the technician says they installed and removed. */
export interface CompletionFact {
  workOrderId: string;
  workOrderCode: string;
  technicianId: string;
  capturedAt: string;
  installedSerial: string;
  sealCodes: readonly string[];
  removedSerial: string;
  bagLabel: string | null;
}

export interface ReconcileInput {
  date: string;
  returnDays: number;
  /** The rows, in this order. Flags of anyone else are left out. */
  technicians: readonly { id: string; name: string }[];
  /**
   * At least: every movement of the day; for every item a technician may hold at either end of the day, its
   * movements up to then (its latest before the day's start and end, and its `remove`); the `install` movements
   * of the day's completions' work orders (whenever they were written). More is harmless.
   */
  movements: readonly MovementFact[];
  /** The day's voids (others are ignored). */
  voids: readonly VoidFact[];
  /** The day's primary completions (others are ignored). */
  completions: readonly CompletionFact[];
  /**
   * The technicians ever issued stock (by the day's end). An unbacked install is flagged only for them, or when the
   * stock knows the item (it has an install movement at the order): a team that does not keep stock gets no flag
   * per swap, as the push raises no `STOCK_NOT_ISSUED` for them (design §6 "Stock at the door").
   */
  issuedTechnicians: ReadonlySet<string>;
}

const HOUR_MS = 3_600_000;

/** A Vietnam day's bounds as UTC instants: start inclusive, end (the next day's start) exclusive. UTC+7, no DST. */
export function vietnamDayBounds(date: string): { from: string; to: string } {
  const start = Date.parse(`${date}T00:00:00+07:00`);
  return { from: new Date(start).toISOString(), to: new Date(start + 24 * HOUR_MS).toISOString() };
}

const ms = (at: string) => Date.parse(at);

/** Each item's movements, highest `seq` first (duplicates by item and seq dropped). */
function byItem(movements: readonly MovementFact[]): Map<string, MovementFact[]> {
  const items = new Map<string, Map<number, MovementFact>>();
  for (const m of movements) {
    const seqs = items.get(m.itemId) ?? new Map<number, MovementFact>();
    seqs.set(m.seq, m);
    items.set(m.itemId, seqs);
  }
  return new Map([...items].map(([id, seqs]) => [id, [...seqs.values()].sort((a, b) => b.seq - a.seq)]));
}

/** The item's latest movement before `before` (ms), or undefined. */
const latestBefore = (history: readonly MovementFact[], before: number) => history.find((m) => ms(m.at) < before);

const emptyRow = (id: string, name: string): ReconciliationRow => ({
  technicianId: id,
  name,
  swaps: 0,
  openingMeters: 0,
  openingSeals: 0,
  issuedMeters: 0,
  issuedSeals: 0,
  returnedMeters: 0,
  returnedSeals: 0,
  returnedRemoved: 0,
  installedMeters: 0,
  sealsUsed: 0,
  voidedMeters: 0,
  voidedSeals: 0,
  removedTaken: 0,
  onHandMeters: 0,
  onHandSeals: 0,
  toReturn: 0,
});

/**
 * Whether a `remove` is the meter's removal at its work order: a second `remove` of the same meter for the same order
 * is a new bag label (the technician to themselves, design §6), not another meter taken from a door.
 */
const isRemoval = (history: readonly MovementFact[], m: MovementFact) =>
  m.from !== m.to && !history.some((o) => o.kind === 'remove' && o.seq < m.seq && m.workOrderId !== null && o.workOrderId === m.workOrderId);

const TECHNICIAN_PREFIX = 'technician:';
const technicianOf = (holder: string | null) => (holder?.startsWith(TECHNICIAN_PREFIX) ? holder.slice(TECHNICIAN_PREFIX.length) : null);

/** The reconciliation of one day: per technician the day's numbers, and the differences flagged. Pure. */
export function reconcile(input: ReconcileInput): { technicians: ReconciliationRow[]; flags: ReconciliationFlag[] } {
  const bounds = vietnamDayBounds(input.date);
  const [start, end] = [ms(bounds.from), ms(bounds.to)];
  const inDay = (at: string) => ms(at) >= start && ms(at) < end;
  const rows = new Map(input.technicians.map((t) => [t.id, emptyRow(t.id, t.name)]));
  const nameOf = (id: string) => rows.get(id)?.name ?? id;

  // The day's moves in and out of each technician's hands.
  const histories = byItem(input.movements);
  for (const history of histories.values()) {
    for (const m of history) {
      if (!inDay(m.at)) continue;
      const into = rows.get(technicianOf(m.to) ?? '');
      const outOf = rows.get(technicianOf(m.from) ?? '');
      const meter = m.itemKind === 'meter';
      const seal = m.itemKind === 'seal';
      if (m.kind === 'issue' && into !== undefined) {
        if (meter) into.issuedMeters += 1;
        if (seal) into.issuedSeals += 1;
      } else if (m.kind === 'remove' && into !== undefined) {
        if (m.itemKind === 'removed' && isRemoval(history, m)) into.removedTaken += 1;
      } else if (m.kind === 'return' && outOf !== undefined) {
        if (meter) outOf.returnedMeters += 1;
        if (seal) outOf.returnedSeals += 1;
        if (m.itemKind === 'removed') outOf.returnedRemoved += 1;
      } else if (m.kind === 'install' && outOf !== undefined) {
        if (meter) outOf.installedMeters += 1;
        if (seal) outOf.sealsUsed += 1;
      } else if (m.kind === 'void' && outOf !== undefined) {
        if (meter) outOf.voidedMeters += 1;
        if (seal) outOf.voidedSeals += 1;
      } else if (m.kind === 'uninstall' && into !== undefined) {
        // A corrected record gave back what its install took from this technician: it was not used after all.
        if (meter) into.installedMeters -= 1;
        if (seal) into.sealsUsed -= 1;
      }
    }
  }

  // What each holds at the start and the end of the day; removed meters overdue at its end.
  const flags: ReconciliationFlag[] = [];
  const dayNumber = isoDayNumber(input.date);
  for (const history of histories.values()) {
    const opening = latestBefore(history, start);
    const openRow = rows.get(technicianOf(opening?.to ?? null) ?? '');
    if (opening !== undefined && openRow !== undefined) {
      if (opening.itemKind === 'meter') openRow.openingMeters += 1;
      if (opening.itemKind === 'seal') openRow.openingSeals += 1;
    }
    const closing = latestBefore(history, end);
    const technicianId = technicianOf(closing?.to ?? null);
    const row = rows.get(technicianId ?? '');
    if (closing === undefined || technicianId === null || row === undefined) continue;
    if (closing.itemKind === 'meter') row.onHandMeters += 1;
    if (closing.itemKind === 'seal') row.onHandSeals += 1;
    if (closing.itemKind !== 'removed') continue;
    row.toReturn += 1;
    // Counted from the meter's removal, not from a later bag label.
    const removal = history.find((m) => m.kind === 'remove' && m.from !== m.to && ms(m.at) < end) ?? closing;
    const days = dayNumber - isoDayNumber(isoDayInVietnam(new Date(removal.at)));
    if (days > input.returnDays) {
      flags.push({
        code: 'removed_not_returned',
        technicianId,
        technicianName: row.name,
        itemKind: 'removed',
        itemCode: closing.code,
        workOrderId: removal.workOrderId,
        workOrderCode: removal.workOrderCode,
        at: removal.at,
        days,
        photoIds: [],
      });
    }
  }

  // The day's completions against their install movements: each item's latest at the order (an item a correction
  // dropped and a later one installed again came from where that last install took it).
  const installs = new Map<string, MovementFact>();
  for (const history of histories.values()) {
    for (const m of history) {
      const key = `${m.workOrderId ?? ''} ${m.itemKind} ${m.code}`;
      if (m.kind === 'install' && m.workOrderId !== null && !installs.has(key)) installs.set(key, m);
    }
  }
  for (const c of input.completions) {
    const row = rows.get(c.technicianId);
    if (row === undefined || !inDay(c.capturedAt)) continue;
    row.swaps += 1;
    const flag = (code: ReconciliationFlagCode, itemKind: ReconciliationFlag['itemKind'], itemCode: string): ReconciliationFlag => ({
      code,
      technicianId: c.technicianId,
      technicianName: row.name,
      itemKind,
      itemCode,
      workOrderId: c.workOrderId,
      workOrderCode: c.workOrderCode,
      at: c.capturedAt,
      days: null,
      photoIds: [],
    });
    const hand = technicianHolder(c.technicianId);
    const used: ['meter' | 'seal', string][] = [
      ['meter', normalizeStockCode(c.installedSerial)],
      ...c.sealCodes.map((s): ['seal', string] => ['seal', normalizeStockCode(s)]),
    ];
    for (const [kind, code] of used) {
      const install = installs.get(`${c.workOrderId} ${kind} ${code}`);
      // An item the stock does not know, installed by a technician never issued any: no stock kept, nothing to say.
      if (install === undefined && !input.issuedTechnicians.has(c.technicianId)) continue;
      if (install === undefined || install.from !== hand) flags.push(flag('installed_not_issued', kind, code));
    }
    if (c.bagLabel === null || c.bagLabel.trim() === '') flags.push(flag('removed_no_label', 'removed', normalizeStockCode(c.removedSerial)));
  }

  for (const v of input.voids) {
    if (v.held || !inDay(v.at) || !rows.has(v.technicianId)) continue;
    flags.push({
      code: 'void_not_held',
      technicianId: v.technicianId,
      technicianName: nameOf(v.technicianId),
      itemKind: v.kind === 'meter' ? 'meter' : 'seal',
      itemCode: v.code,
      workOrderId: v.workOrderId,
      workOrderCode: v.workOrderCode,
      at: v.at,
      days: null,
      photoIds: [...v.photoIds],
    });
  }

  const order = new Map(input.technicians.map((t, i) => [t.id, i]));
  flags.sort(
    (a, b) =>
      (order.get(a.technicianId) ?? 0) - (order.get(b.technicianId) ?? 0) ||
      ms(a.at) - ms(b.at) ||
      a.code.localeCompare(b.code) ||
      a.itemCode.localeCompare(b.itemCode),
  );
  return { technicians: [...rows.values()], flags };
}
