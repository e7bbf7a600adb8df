import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReviewCode } from '../../src/domain/protocol/conflicts';
import type { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';
import { decideSwap, type SwapSituation } from '../../server/services/mutations/swapRules';
import type { NewWorkOrder } from '../../server/store/records';
import { seededWorkOrders } from './demoData';
import { swapFor } from './syncFixtures';

/*
 * The property the model codebases test for their conflict rules (Excalidraw's reconcile): the order in which two
 * devices' completions of one work order reach the server does not change where the work order ends up.
 *
 * The state is folded here the way swapComplete's store() applies a decision (server/services/mutations/swapComplete.ts):
 * the completion is stored with decision.primary (a demoted one loses it), one review item per conflict plus a
 * COMPLETION item for a primary, and the work order takes decision.status and decision.assigneeId.
 *
 * Order-dependent by design (design §6: the first completion to arrive is the one that counts), so not asserted:
 * - which completion is primary, and so the final assignee (a completion off the assignment takes the work order over);
 * - WO_REASSIGNED: it is raised only when the off-assignment completion arrives first, i.e. while it is still the one
 *   that takes the work order over; arriving second it is a DUPLICATE_COMPLETION instead.
 * Order-independent, asserted: the final status; the set of stored completions, exactly one primary; each
 * completion's data-quality conflicts and flags (meter identity, billing reading, warnings); the review items'
 * codes other than WO_REASSIGNED, counted (one COMPLETION, one DUPLICATE_COMPLETION, WO_CANCELLED once if cancelled);
 * and WO_REASSIGNED at most once, on the primary completion.
 * Not covered: visit.fail's rule lives inline in its handler (server/services/mutations/visitFail.ts), not as a pure
 * function, so a completion racing a failed visit is left to the HTTP tests.
 */

const A = randomUUID();
const B = randomUUID();
const OWNERSHIP_ONLY: readonly ReviewCode[] = ['WO_REASSIGNED'];

function firstAssigned(): NewWorkOrder {
  const [wo] = seededWorkOrders().filter((o) => o.assigneeId !== null && o.lastBilledReading !== null);
  if (!wo) throw new Error('no seeded order with a billed reading');
  return wo;
}
const base = firstAssigned();

interface Arrival {
  technicianId: string;
  /** A removed serial other than the work order's (METER_SERIAL_MISMATCH). */
  wrongSerial: boolean;
  /** A final reading below the last billed one (READING_BELOW_LAST_BILLED). */
  belowBilled: boolean;
}

interface Stored {
  id: string;
  technicianId: string;
  primary: boolean;
  flags: string[];
}

interface State {
  status: WorkOrderStatus;
  assigneeId: string | null;
  completions: Stored[];
  reviews: { completionId: string; code: ReviewCode }[];
}

function argsFor(arrival: Arrival, completionId: string): SwapSituation['args'] {
  return swapFor(base, {
    completionId,
    ...(arrival.wrongSerial ? { removedSerial: `${base.oldMeterSerial}9` } : {}),
    ...(arrival.belowBilled ? { finalReading: Math.max(0, (base.lastBilledReading ?? 0) - 10) } : {}),
  }).args;
}

function arrive(state: State, arrival: Arrival, completionId: string): State {
  const primary = state.completions.find((c) => c.primary) ?? null;
  const decision = decideSwap({
    workOrder: { ...base, status: state.status, assigneeId: state.assigneeId },
    technicianId: arrival.technicianId,
    primary: primary === null ? null : { id: primary.id, technicianId: primary.technicianId },
    installedElsewhere: null,
    args: argsFor(arrival, completionId),
  });
  const kept = state.completions.map((c) => (c.id === decision.demote ? { ...c, primary: false } : c));
  return {
    status: decision.status,
    assigneeId: decision.assigneeId,
    completions: [...kept, { id: completionId, technicianId: arrival.technicianId, primary: decision.primary, flags: decision.flags }],
    reviews: [
      ...state.reviews,
      ...decision.conflicts.map((c) => ({ completionId, code: c.code })),
      ...(decision.primary ? [{ completionId, code: 'COMPLETION' as const }] : []),
    ],
  };
}

/** What must not depend on the arrival order (see the comment at the top). */
function orderFree(state: State) {
  const byId = [...state.completions].sort((a, b) => a.id.localeCompare(b.id));
  return {
    status: state.status,
    completions: byId.map((c) => ({ id: c.id, technicianId: c.technicianId, flags: c.flags.filter((f) => !OWNERSHIP_FLAGS.has(f)).sort() })),
    primaries: state.completions.filter((c) => c.primary).length,
    codes: state.reviews
      .map((r) => r.code)
      .filter((code) => !OWNERSHIP_ONLY.includes(code))
      .sort(),
  };
}
const OWNERSHIP_FLAGS = new Set<string>(['WO_CANCELLED', 'DUPLICATE_COMPLETION', 'WO_REASSIGNED']);

const arrival = fc.record({ technicianId: fc.constantFrom(A, B), wrongSerial: fc.boolean(), belowBilled: fc.boolean() });
const start = fc.record({
  status: fc.constantFrom<WorkOrderStatus>('assigned', 'in_progress', 'cancelled'),
  // B is the current assignee after a reassignment from A, or nobody after it was taken off A.
  assigneeId: fc.constantFrom<string | null>(B, A, null),
});

describe('two devices completing the same work order', () => {
  it('end in the same status, completions and review codes whichever arrives first', () => {
    fc.assert(
      fc.property(start, arrival, arrival, (initial, first, second) => {
        const empty: State = { ...initial, completions: [], reviews: [] };
        const [idFirst, idSecond] = [randomUUID(), randomUUID()];
        const inOrder = arrive(arrive(empty, first, idFirst), second, idSecond);
        const reversed = arrive(arrive(empty, second, idSecond), first, idFirst);

        expect(orderFree(reversed)).toEqual(orderFree(inOrder));
        for (const state of [inOrder, reversed]) {
          expect(orderFree(state).primaries).toBe(1);
          const reassigned = state.reviews.filter((r) => r.code === 'WO_REASSIGNED');
          expect(reassigned.length).toBeLessThanOrEqual(1);
          for (const r of reassigned) expect(state.completions.find((c) => c.id === r.completionId)?.primary).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leave the work order for a supervisor with both completions stored, whichever arrives first', () => {
    const reassignedAway: State = { status: 'assigned', assigneeId: B, completions: [], reviews: [] };
    const byA: Arrival = { technicianId: A, wrongSerial: false, belowBilled: false };
    const byB: Arrival = { technicianId: B, wrongSerial: false, belowBilled: false };
    const aFirst = arrive(arrive(reassignedAway, byA, 'a'), byB, 'b');
    const bFirst = arrive(arrive(reassignedAway, byB, 'b'), byA, 'a');
    expect([aFirst.status, bFirst.status]).toEqual(['needs_review', 'needs_review']);
    // The order-dependent part, spelled out: the first to arrive is primary; A arriving first also takes the order over.
    expect(aFirst.completions.filter((c) => c.primary).map((c) => c.id)).toEqual(['a']);
    expect(bFirst.completions.filter((c) => c.primary).map((c) => c.id)).toEqual(['b']);
    expect(aFirst.reviews.map((r) => r.code).sort()).toEqual(['COMPLETION', 'DUPLICATE_COMPLETION', 'WO_REASSIGNED']);
    expect(bFirst.reviews.map((r) => r.code).sort()).toEqual(['COMPLETION', 'DUPLICATE_COMPLETION']);
  });
});
