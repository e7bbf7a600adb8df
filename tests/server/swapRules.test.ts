import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFLICT_CODES, mostImportantConflict } from '../../src/domain/protocol/conflicts';
import { WORK_ORDER_STATUSES } from '../../src/domain/workOrder/workOrder';
import { decideSwap, type SwapSituation } from '../../server/services/mutations/swapRules';
import type { NewWorkOrder } from '../../server/store/records';
import { seededWorkOrders } from './demoData';
import { swapFor } from './syncFixtures';

const A = randomUUID();
const B = randomUUID();
function firstAssigned(): NewWorkOrder {
  const [wo] = seededWorkOrders().filter((o) => o.assigneeId !== null);
  if (!wo) throw new Error('no seeded order');
  return wo;
}
const base = firstAssigned();

function situation(
  overrides: Partial<SwapSituation> & { status?: SwapSituation['workOrder']['status']; assigneeId?: string | null } = {},
): SwapSituation {
  const { status = 'assigned', assigneeId = A, ...rest } = overrides;
  return {
    workOrder: { ...base, status, assigneeId },
    technicianId: A,
    primary: null,
    installedElsewhere: null,
    args: swapFor(base).args,
    ...rest,
  };
}

describe('the conflict table as a pure function', () => {
  it('completes an open work order of the technician without conflict', () => {
    expect(decideSwap(situation())).toMatchObject({ primary: true, status: 'completed', assigneeId: A, takeOver: false, conflicts: [], flags: [] });
  });

  it('takes a work order reassigned to someone who has not completed it back to the technician who did it', () => {
    const d = decideSwap(situation({ assigneeId: B }));
    expect(d).toMatchObject({ primary: true, status: 'completed', assigneeId: A, takeOver: true });
    expect(d.conflicts.map((c) => c.code)).toEqual(['WO_REASSIGNED']);
  });

  it('keeps a second completion beside the first, not primary, and asks for review', () => {
    const d = decideSwap(situation({ assigneeId: B, status: 'completed', primary: { id: randomUUID(), technicianId: B } }));
    expect(d).toMatchObject({ primary: false, status: 'needs_review', assigneeId: B, takeOver: false });
    expect(d.conflicts.map((c) => c.code)).toEqual(['DUPLICATE_COMPLETION']);
  });

  it('stores a completion of a cancelled work order and asks for review', () => {
    const d = decideSwap(situation({ status: 'cancelled' }));
    expect(d).toMatchObject({ primary: true, status: 'needs_review' });
    expect(d.conflicts.map((c) => c.code)).toEqual(['WO_CANCELLED']);
  });

  it('replaces the returned primary completion when its technician resubmits', () => {
    const previous = randomUUID();
    expect(decideSwap(situation({ status: 'returned', primary: { id: previous, technicianId: A } }))).toMatchObject({
      primary: true,
      demote: previous,
      status: 'completed',
      conflicts: [],
    });
  });

  it('compares serials normalised and flags each data-quality conflict', () => {
    const args = swapFor(base, { removedSerial: ` ${base.oldMeterSerial.toLowerCase()} ` }).args;
    expect(decideSwap(situation({ args: { ...args, removed: { ...args.removed, serial: base.oldMeterSerial } } })).conflicts).toEqual([]);
    const odd = swapFor(base, { removedSerial: 'ZZ999999', finalReading: 0 }).args;
    const d = decideSwap(situation({ args: odd, installedElsewhere: { workOrderId: randomUUID() } }));
    expect(d.conflicts.map((c) => c.code)).toEqual(['SERIAL_ALREADY_INSTALLED', 'METER_SERIAL_MISMATCH', 'READING_BELOW_LAST_BILLED']);
  });

  it('always lists conflicts in precedence order, at most one ownership conflict, and never two primaries', () => {
    const ownership = new Set(['WO_CANCELLED', 'DUPLICATE_COMPLETION', 'WO_REASSIGNED']);
    fc.assert(
      fc.property(
        fc.constantFrom(...WORK_ORDER_STATUSES),
        fc.constantFrom<string | null>(A, B, null),
        fc.constantFrom<string | null>(null, A, B),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (status, assigneeId, primaryBy, elsewhere, wrongSerial, lowReading) => {
          const args = swapFor(base, {
            ...(wrongSerial ? { removedSerial: 'ZZ999999' } : {}),
            ...(lowReading ? { finalReading: 0 } : {}),
          }).args;
          const d = decideSwap(
            situation({
              status,
              assigneeId,
              args,
              primary: primaryBy === null ? null : { id: randomUUID(), technicianId: primaryBy },
              installedElsewhere: elsewhere ? { workOrderId: randomUUID() } : null,
            }),
          );
          const codes = d.conflicts.map((c) => c.code);
          expect(codes).toEqual([...codes].sort((a, b) => CONFLICT_CODES.indexOf(a) - CONFLICT_CODES.indexOf(b)));
          expect(codes.filter((c) => ownership.has(c)).length).toBeLessThanOrEqual(1);
          expect(mostImportantConflict(d.conflicts)?.code).toBe(codes[0]);
          // A new primary completion exists only when the previous one is gone or demoted.
          if (d.primary && primaryBy !== null) expect(d.demote).not.toBeNull();
          expect(codes.includes('SERIAL_ALREADY_INSTALLED')).toBe(elsewhere);
          expect(codes.includes('METER_SERIAL_MISMATCH')).toBe(wrongSerial);
          expect(codes.includes('READING_BELOW_LAST_BILLED')).toBe(lowReading);
          expect(d.flags.slice(0, codes.length)).toEqual(codes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
