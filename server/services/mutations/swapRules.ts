import { CONFLICT_CODES, type ConflictCode } from '../../../src/domain/protocol/conflicts';
import { positionFlags } from '../../../src/domain/capture/positionRule';
import { normalizeMeterSerial } from '../../../src/domain/capture/identifiers';
import type { SwapCompleteArgs } from '../../../src/domain/protocol/mutations';
import { checkRegisters, isBelowLastBilled, isInitialReadingHigh } from '../../../src/domain/capture/readings';
import type { WorkOrderStatus } from '../../../src/domain/workOrder/workOrder';
import type { StoredWorkOrder } from '../../store/records';

/** What the server knows when a completion arrives (read under the work order's lock). */
export interface SwapSituation {
  workOrder: Pick<StoredWorkOrder, 'status' | 'assigneeId' | 'oldMeterSerial' | 'lastBilledReading' | 'lat' | 'lng'>;
  technicianId: string;
  /** The work order's primary completion so far, if any. */
  primary: { id: string; technicianId: string } | null;
  /** A primary completion of another work order that installed the same serial, if any. */
  installedElsewhere: { workOrderId: string } | null;
  args: SwapCompleteArgs;
}

export interface SwapConflict {
  code: ConflictCode;
  detail: string;
}

export interface SwapDecision {
  /** Whether this completion is the one that counts for the work order. */
  primary: boolean;
  /** A previous primary completion this one replaces (resubmission of a returned record). */
  demote: string | null;
  status: WorkOrderStatus;
  assigneeId: string | null;
  /** WO_REASSIGNED: the work order goes back to the technician who did the work, ending the current assignment. */
  takeOver: boolean;
  /** Most important first (CONFLICT_CODES order); one review item each. */
  conflicts: SwapConflict[];
  /** Conflict codes and warnings noted on the completion. */
  flags: string[];
}

/** Who owns the work order decides the first, exclusive, group of conflicts. */
function ownership(s: SwapSituation): Omit<SwapDecision, 'conflicts' | 'flags'> & { conflict: SwapConflict | null } {
  const { workOrder: wo, technicianId, primary } = s;
  const resubmission = wo.status === 'returned' && wo.assigneeId === technicianId;
  const keep = { status: wo.status, assigneeId: wo.assigneeId, takeOver: false, demote: null };
  if (wo.status === 'cancelled') {
    return {
      ...keep,
      primary: primary === null,
      status: 'needs_review',
      conflict: { code: 'WO_CANCELLED', detail: 'The work order was cancelled, but the meter was swapped: decide what to keep.' },
    };
  }
  if (primary !== null && !resubmission) {
    const who = primary.technicianId === technicianId ? 'this technician' : 'another technician';
    return {
      ...keep,
      primary: false,
      status: 'needs_review',
      conflict: {
        code: 'DUPLICATE_COMPLETION',
        detail: `The work order already has a completion by ${who}; this one is stored beside it, not counted.`,
      },
    };
  }
  const demote = resubmission && primary !== null ? primary.id : null;
  if (wo.assigneeId === technicianId) {
    return { primary: true, demote, status: 'completed', assigneeId: technicianId, takeOver: false, conflict: null };
  }
  const what = wo.assigneeId === null ? 'taken off this technician' : 'reassigned to another technician, who had not completed it';
  return {
    primary: true,
    demote,
    status: 'completed',
    assigneeId: technicianId,
    takeOver: true,
    conflict: { code: 'WO_REASSIGNED', detail: `The work order was ${what}; this completion counts and the other assignment was ended.` },
  };
}

/** Data-quality conflicts: independent of each other and of ownership. */
function dataQuality(s: SwapSituation): SwapConflict[] {
  const { args, workOrder: wo } = s;
  const found: SwapConflict[] = [];
  if (s.installedElsewhere !== null) {
    found.push({
      code: 'SERIAL_ALREADY_INSTALLED',
      detail: `Meter ${args.installed.serial} is already recorded as installed for another work order.`,
    });
  }
  const expected = normalizeMeterSerial(wo.oldMeterSerial);
  if (normalizeMeterSerial(args.removed.serial) !== expected) {
    found.push({ code: 'METER_SERIAL_MISMATCH', detail: `Removed meter ${args.removed.serial}; the work order names ${expected}.` });
  }
  if (isBelowLastBilled(args.removed.readings.total, wo.lastBilledReading)) {
    const reason = args.removed.belowLastBilledReason === undefined ? 'no reason given' : `reason: ${args.removed.belowLastBilledReason}`;
    found.push({
      code: 'READING_BELOW_LAST_BILLED',
      detail: `Final reading ${args.removed.readings.total} is below the last billed ${wo.lastBilledReading ?? 0} (${reason}).`,
    });
  }
  return found;
}

/** Warnings that do not need a review item but are kept with the record. */
function warnings(s: SwapSituation): string[] {
  const { args, workOrder: wo } = s;
  // The position rule the device applied (checkPosition), as flags: the same judgement a failed visit gets.
  const flags = positionFlags(args.gps, wo);
  if (isInitialReadingHigh(args.installed.readings.total)) flags.push('initial_reading_high');
  for (const [meter, readings] of [
    ['removed', args.removed.readings],
    ['installed', args.installed.readings],
  ] as const) {
    const check = checkRegisters(readings);
    if (check === 'incomplete' || check === 'sum_mismatch') flags.push(`${meter}_registers_${check}`);
  }
  return flags;
}

/**
 * The conflict table of design §6 as one pure function. Several conflicts may hold at once (say a reassigned
 * work order whose removed serial differs): each becomes a review item, listed most important first.
 */
export function decideSwap(s: SwapSituation): SwapDecision {
  const { conflict, ...decision } = ownership(s);
  const all = [...(conflict === null ? [] : [conflict]), ...dataQuality(s)];
  const conflicts = [...all].sort((a, b) => CONFLICT_CODES.indexOf(a.code) - CONFLICT_CODES.indexOf(b.code));
  return { ...decision, conflicts, flags: [...conflicts.map((c) => c.code), ...warnings(s)] };
}

/**
 * The decision with the stock's conflict added (issue 16 §3): judged apart, once the stock is locked and read, and
 * listed last as CONFLICT_CODES orders it; the completion's flags name it with the other conflicts.
 */
export function withStockConflict(decision: SwapDecision, stock: SwapConflict | null): SwapDecision {
  if (stock === null) return decision;
  const conflicts = [...decision.conflicts, stock].sort((a, b) => CONFLICT_CODES.indexOf(a.code) - CONFLICT_CODES.indexOf(b.code));
  const warnings = decision.flags.filter((f) => !(CONFLICT_CODES as readonly string[]).includes(f));
  return { ...decision, conflicts, flags: [...conflicts.map((c) => c.code), ...warnings] };
}
