import type { RoadmapConfirmRequest, RoadmapDay, RoadmapProposal } from '../../../domain/campaign/roadmap';
import { isIsoDay, type DayOff, type DayOffCheck } from './workingDays';

/** One technician's day of the proposal as the supervisor may adjust it (date and technician). */
export interface DayRow extends RoadmapDay {
  /** Stable through edits: the proposal's position. */
  key: string;
}

/** What stops a confirmation. */
export type DayProblem = 'invalidDate' | 'past' | 'duplicate' | 'technician';

export interface DayCheck {
  problems: DayProblem[];
  /** Sunday or holiday: said, not blocking (a team may work a Sunday to catch up). */
  dayOff: DayOff | null;
}

export interface PlanCheck {
  byKey: ReadonlyMap<string, DayCheck>;
  blocked: boolean;
}

export function rowsOf(proposal: RoadmapProposal): DayRow[] {
  return proposal.days.map((day, index) => ({ ...day, key: String(index) }));
}

/**
 * Checks the adjusted days before they are sent: a day before `today` or not a date, a technician not among the
 * chosen ones, two rows for the same technician on the same day (the server would refuse them, and the day would
 * hold twice the capacity) block; a Sunday or a holiday only warns.
 */
export function checkDays(rows: readonly DayRow[], today: string, technicianIds: readonly string[], dayOff: DayOffCheck): PlanCheck {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const slot = `${row.date}|${row.technicianId}`;
    seen.set(slot, (seen.get(slot) ?? 0) + 1);
  }
  const byKey = new Map<string, DayCheck>();
  let blocked = false;
  for (const row of rows) {
    const problems: DayProblem[] = [];
    const valid = isIsoDay(row.date);
    if (!valid) problems.push('invalidDate');
    else if (row.date < today) problems.push('past');
    if (!technicianIds.includes(row.technicianId)) problems.push('technician');
    else if (valid && (seen.get(`${row.date}|${row.technicianId}`) ?? 0) > 1) problems.push('duplicate');
    if (problems.length > 0) blocked = true;
    byKey.set(row.key, { problems, dayOff: valid ? dayOff(row.date) : null });
  }
  return { byKey, blocked };
}

/** The rows in the order they are sent: by date (the table's order is the supervisor's; the server needs none). */
export function sentOrder(rows: readonly DayRow[]): DayRow[] {
  return [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function confirmRequestOf(commune: string, capacityPerDay: number, rows: readonly DayRow[]): RoadmapConfirmRequest {
  const days = sentOrder(rows).map(({ date, technicianId, hamlets, orderIds }) => ({ date, technicianId, hamlets, orderIds }));
  return { commune, capacityPerDay, days };
}

/**
 * The rows a refused confirmation names: its field errors point at `days.<i>…` of the request, which was sent in
 * `sentOrder`.
 */
export function refusedRowKeys(sent: readonly DayRow[], fieldErrors: readonly { path: string }[] | undefined): Set<string> {
  const keys = new Set<string>();
  for (const error of fieldErrors ?? []) {
    const index = /^days\.(\d+)(?:\.|$)/.exec(error.path)?.[1];
    const row = index === undefined ? undefined : sent[Number(index)];
    if (row !== undefined) keys.add(row.key);
  }
  return keys;
}

export function orderCount(days: readonly { orderIds: readonly string[] }[]): number {
  return days.reduce((sum, day) => sum + day.orderIds.length, 0);
}
