import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  reconcile,
  ReconciliationQuery,
  vietnamDayBounds,
  type CompletionFact,
  type MovementFact,
  type ReconcileInput,
  type VoidFact,
} from '../../src/domain/stock/reconciliation';

const DAY = '2026-12-08';
/** 10:00 in Vietnam on DAY. */
const at = (isoDay: string, hhmm = '10:00') => new Date(`${isoDay}T${hhmm}:00+07:00`).toISOString();
const T1 = 'technician:u1';
const WH = 'warehouse:team';

function movements() {
  const list: MovementFact[] = [];
  const seqs = new Map<string, number>();
  const holders = new Map<string, string>();
  const move = (itemKind: string, code: string, kind: string, to: string, when: string, extra: Partial<MovementFact> = {}): MovementFact => {
    const itemId = `${itemKind}:${code}`;
    const seq = (seqs.get(itemId) ?? 0) + 1;
    seqs.set(itemId, seq);
    const m: MovementFact = {
      itemId,
      seq,
      itemKind,
      code,
      kind,
      from: holders.get(itemId) ?? null,
      to,
      at: when,
      workOrderId: null,
      workOrderCode: null,
      ...extra,
    };
    holders.set(itemId, to);
    list.push(m);
    return m;
  };
  return { list, move };
}

const completion = (overrides: Partial<CompletionFact> = {}): CompletionFact => ({
  workOrderId: 'wo1',
  workOrderCode: 'WO-1',
  technicianId: 'u1',
  capturedAt: at(DAY, '09:00'),
  installedSerial: 'M1',
  sealCodes: ['S1'],
  removedSerial: 'old 1',
  bagLabel: 'BAG-1',
  ...overrides,
});

/** Both technicians were issued stock, unless a test says otherwise. */
const ISSUED: ReadonlySet<string> = new Set(['u1', 'u2']);
const run = (input: Omit<ReconcileInput, 'issuedTechnicians'> & Partial<Pick<ReconcileInput, 'issuedTechnicians'>>) =>
  reconcile({ issuedTechnicians: ISSUED, ...input });

const technicians = [
  { id: 'u1', name: 'Tech One' },
  { id: 'u2', name: 'Tech Two' },
];

describe('end-of-day stock reconciliation (issue 16 §4)', () => {
  it('reads the query: date required, returnDays 1..60 defaulting to 3', () => {
    expect(ReconciliationQuery.parse({ date: DAY })).toEqual({ date: DAY, returnDays: 3 });
    expect(ReconciliationQuery.parse({ date: DAY, returnDays: '7' }).returnDays).toBe(7);
    expect(ReconciliationQuery.safeParse({}).success).toBe(false);
    expect(ReconciliationQuery.safeParse({ date: '2026-02-30' }).success).toBe(false);
    expect(ReconciliationQuery.safeParse({ date: DAY, returnDays: '0' }).success).toBe(false);
    expect(ReconciliationQuery.safeParse({ date: DAY, returnDays: '61' }).success).toBe(false);
  });

  it('bounds a Vietnam day as UTC instants', () => {
    expect(vietnamDayBounds(DAY)).toEqual({ from: '2026-12-07T17:00:00.000Z', to: '2026-12-08T17:00:00.000Z' });
  });

  it('counts the day: issued, returned, installed, used, voided, removed, opening and closing', () => {
    const { list, move } = movements();
    const before = '2026-12-07';
    // Yesterday: two meters and three seals issued.
    for (const code of ['M0', 'M1']) {
      move('meter', code, 'delivery', WH, at(before, '07:00'));
      move('meter', code, 'issue', T1, at(before, '08:00'));
    }
    for (const code of ['S0', 'S1', 'S2']) {
      move('seal', code, 'delivery', WH, at(before, '07:00'));
      move('seal', code, 'issue', T1, at(before, '08:00'));
    }
    // Today: one more meter; M1 and S1 installed at wo1; S2 voided; M0 returned; a removed meter taken and one returned.
    move('meter', 'M2', 'delivery', WH, at(DAY, '06:00'));
    move('meter', 'M2', 'issue', T1, at(DAY, '07:00'));
    move('meter', 'M1', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S1', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S2', 'void', 'voided:team', at(DAY, '11:00'));
    move('meter', 'M0', 'return', WH, at(DAY, '17:00'));
    move('removed', 'OLD1', 'remove', T1, at(DAY, '09:00'), { workOrderId: 'wo1' });
    move('removed', 'OLD2', 'remove', T1, at(DAY, '10:00'), { workOrderId: 'wo2' });
    move('removed', 'OLD2', 'return', WH, at(DAY, '16:00'));
    // 23:59 is still the day; midnight is the next.
    move('seal', 'S9', 'delivery', WH, at(DAY, '06:00'));
    move('seal', 'S9', 'issue', T1, at(DAY, '23:59'));
    move('seal', 'S8', 'delivery', WH, at(DAY, '06:00'));
    move('seal', 'S8', 'issue', T1, at('2026-12-09', '00:00'));

    const { technicians: rows, flags } = run({
      date: DAY,
      returnDays: 3,
      technicians,
      movements: list,
      voids: [],
      completions: [completion({ workOrderId: 'wo1', removedSerial: 'old1' })],
    });
    expect(rows[0]).toEqual({
      technicianId: 'u1',
      name: 'Tech One',
      swaps: 1,
      openingMeters: 2,
      openingSeals: 3,
      issuedMeters: 1,
      issuedSeals: 1,
      returnedMeters: 1,
      returnedSeals: 0,
      returnedRemoved: 1,
      installedMeters: 1,
      sealsUsed: 1,
      voidedMeters: 0,
      voidedSeals: 1,
      removedTaken: 2,
      onHandMeters: 1,
      onHandSeals: 2,
      toReturn: 1,
    });
    expect(rows[1]).toMatchObject({ technicianId: 'u2', issuedMeters: 0, onHandMeters: 0 });
    expect(flags).toEqual([]);
  });

  it('flags an installed meter or seal the stock did not back, whoever held it', () => {
    const { list, move } = movements();
    move('meter', 'M1', 'delivery', WH, at(DAY, '06:00'));
    // Installed straight from the warehouse (never issued): the install came from elsewhere.
    move('meter', 'M1', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    const { flags } = run({
      date: DAY,
      returnDays: 3,
      technicians,
      movements: list,
      voids: [],
      // The seal has no movement at all; the serial is written with a space and lower case.
      completions: [completion({ installedSerial: 'm 1', sealCodes: ['s 7'] })],
    });
    expect(flags.map((f) => [f.code, f.itemKind, f.itemCode, f.workOrderCode, f.technicianName])).toEqual([
      ['installed_not_issued', 'meter', 'M1', 'WO-1', 'Tech One'],
      ['installed_not_issued', 'seal', 'S7', 'WO-1', 'Tech One'],
    ]);
  });

  it('flags an install movement of another work order as not backing this one', () => {
    const { list, move } = movements();
    move('meter', 'M1', 'delivery', WH, at(DAY, '06:00'));
    move('meter', 'M1', 'issue', T1, at(DAY, '07:00'));
    move('meter', 'M1', 'install', 'installed:wo9', at(DAY, '09:00'), { workOrderId: 'wo9' });
    const { flags } = run({ date: DAY, returnDays: 3, technicians, movements: list, voids: [], completions: [completion({ sealCodes: [] })] });
    expect(flags.map((f) => f.code)).toEqual(['installed_not_issued']);
  });

  it('flags a removed meter without a bag label and a void of a code not held; ignores other days and other teams', () => {
    const voids: VoidFact[] = [
      { technicianId: 'u1', kind: 'seal', code: 'S5', held: false, at: at(DAY, '12:00'), workOrderId: null, workOrderCode: null, photoIds: [] },
      { technicianId: 'u1', kind: 'seal', code: 'S6', held: true, at: at(DAY, '12:00'), workOrderId: null, workOrderCode: null, photoIds: [] },
      {
        technicianId: 'u1',
        kind: 'seal',
        code: 'S7',
        held: false,
        at: at('2026-12-09', '00:00'),
        workOrderId: null,
        workOrderCode: null,
        photoIds: [],
      },
      { technicianId: 'stranger', kind: 'seal', code: 'S8', held: false, at: at(DAY, '12:00'), workOrderId: null, workOrderCode: null, photoIds: [] },
    ];
    const { list, move } = movements();
    move('meter', 'M1', 'delivery', WH, at(DAY, '06:00'));
    move('meter', 'M1', 'issue', T1, at(DAY, '07:00'));
    move('meter', 'M1', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    const { flags, technicians: rows } = run({
      date: DAY,
      returnDays: 3,
      technicians,
      movements: list,
      voids,
      completions: [
        completion({ sealCodes: [], bagLabel: null, removedSerial: 'pc 0001' }),
        completion({ capturedAt: at('2026-12-07', '23:59'), workOrderId: 'wo2', bagLabel: null }),
      ],
    });
    expect(flags.map((f) => [f.code, f.itemKind, f.itemCode])).toEqual([
      ['removed_no_label', 'removed', 'PC0001'],
      ['void_not_held', 'seal', 'S5'],
    ]);
    expect(rows[0]?.swaps).toBe(1);
  });

  it('flags a removed meter still held more than returnDays Vietnam days after its removal', () => {
    const { list, move } = movements();
    // Removed 4 days before DAY at 23:30 Vietnam time (16:30 UTC the same date), and 3 days before.
    move('removed', 'OLD4', 'remove', T1, at('2026-12-04', '23:30'), { workOrderId: 'wo4', workOrderCode: 'WO-4' });
    move('removed', 'OLD3', 'remove', T1, at('2026-12-05', '00:30'), { workOrderId: 'wo3', workOrderCode: 'WO-3' });
    // Returned one day late: not flagged as of DAY.
    move('removed', 'OLD5', 'remove', T1, at('2026-12-01', '08:00'));
    move('removed', 'OLD5', 'return', WH, at(DAY, '08:00'));
    const input = { date: DAY, technicians, movements: list, voids: [], completions: [] };
    const three = run({ ...input, returnDays: 3 });
    expect(three.flags).toEqual([
      {
        code: 'removed_not_returned',
        technicianId: 'u1',
        technicianName: 'Tech One',
        itemKind: 'removed',
        itemCode: 'OLD4',
        workOrderId: 'wo4',
        workOrderCode: 'WO-4',
        at: at('2026-12-04', '23:30'),
        days: 4,
        photoIds: [],
      },
    ]);
    expect(three.technicians[0]).toMatchObject({ toReturn: 2, returnedRemoved: 1 });
    expect(run({ ...input, returnDays: 4 }).flags).toEqual([]);
    expect(run({ ...input, returnDays: 2 }).flags.map((f) => [f.itemCode, f.days])).toEqual([
      ['OLD4', 4],
      ['OLD3', 3],
    ]);
  });

  it('an uninstall gives back what a corrected record dropped: fewer installed, more held, the same day or a later one', () => {
    const { list, move } = movements();
    const before = '2026-12-07';
    for (const code of ['S1', 'S2']) {
      move('seal', code, 'delivery', WH, at(before, '07:00'));
      move('seal', code, 'issue', T1, at(before, '08:00'));
    }
    move('meter', 'M1', 'delivery', WH, at(before, '07:00'));
    move('meter', 'M1', 'issue', T1, at(before, '08:00'));
    // Yesterday's record installed M1 and S1; today's amend swaps S1 for S2 and drops M1 (a wrong serial corrected to
    // one the stock does not know).
    move('meter', 'M1', 'install', 'installed:wo1', at(before, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S1', 'install', 'installed:wo1', at(before, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S2', 'install', 'installed:wo1', at(DAY, '14:00'), { workOrderId: 'wo1' });
    move('seal', 'S1', 'uninstall', T1, at(DAY, '14:00'), { workOrderId: 'wo1' });
    move('meter', 'M1', 'uninstall', T1, at(DAY, '14:00'), { workOrderId: 'wo1' });
    const input = { returnDays: 3, technicians, movements: list, voids: [], completions: [] };
    expect(run({ ...input, date: before }).technicians[0]).toMatchObject({ installedMeters: 1, sealsUsed: 1, onHandMeters: 0, onHandSeals: 1 });
    // Today: one seal used, one given back (net 0); the meter given back (net −1); both back in hand.
    expect(run({ ...input, date: DAY }).technicians[0]).toMatchObject({
      openingMeters: 0,
      openingSeals: 1,
      installedMeters: -1,
      sealsUsed: 0,
      onHandMeters: 1,
      onHandSeals: 1,
    });
  });

  it('an uninstall to the warehouse or another technician counts for where the item went, not for whoever corrected', () => {
    const { list, move } = movements();
    move('seal', 'S1', 'delivery', WH, at(DAY, '06:00'));
    move('seal', 'S2', 'delivery', WH, at(DAY, '06:00'));
    move('seal', 'S2', 'issue', 'technician:u2', at(DAY, '07:00'));
    // u1's first record installed S1 straight from the warehouse and S2 from u2's hands; the correction gives both back.
    move('seal', 'S1', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S2', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S1', 'uninstall', WH, at(DAY, '15:00'), { workOrderId: 'wo1' });
    move('seal', 'S2', 'uninstall', 'technician:u2', at(DAY, '15:00'), { workOrderId: 'wo1' });
    const { technicians: rows } = run({ date: DAY, returnDays: 3, technicians, movements: list, voids: [], completions: [] });
    expect(rows[0]).toMatchObject({ sealsUsed: 0, onHandSeals: 0 });
    expect(rows[1]).toMatchObject({ issuedSeals: 1, sealsUsed: 0, onHandSeals: 1 });
  });

  it('a new bag label is not a second removed meter, and the days run from the removal', () => {
    const { list, move } = movements();
    // Removed 5 days before DAY, relabelled (technician to themselves) yesterday and again today.
    move('removed', 'OLD1', 'remove', T1, at('2026-12-03', '10:00'), { workOrderId: 'wo1', workOrderCode: 'WO-1' });
    move('removed', 'OLD1', 'remove', T1, at('2026-12-07', '10:00'), { workOrderId: 'wo1', workOrderCode: 'WO-1' });
    move('removed', 'OLD1', 'remove', T1, at(DAY, '10:00'), { workOrderId: 'wo1', workOrderCode: 'WO-1' });
    // Another old meter removed today at wo2 and relabelled an hour later.
    move('removed', 'OLD2', 'remove', T1, at(DAY, '11:00'), { workOrderId: 'wo2' });
    move('removed', 'OLD2', 'remove', T1, at(DAY, '12:00'), { workOrderId: 'wo2' });
    // A third removed at wo3 the day before, returned, and removed again at wo4 today: two removals.
    move('removed', 'OLD3', 'remove', T1, at('2026-12-07', '10:00'), { workOrderId: 'wo3' });
    move('removed', 'OLD3', 'return', WH, at('2026-12-07', '16:00'));
    move('removed', 'OLD3', 'remove', T1, at(DAY, '09:00'), { workOrderId: 'wo4' });
    const { technicians: rows, flags } = run({ date: DAY, returnDays: 3, technicians, movements: list, voids: [], completions: [] });
    expect(rows[0]).toMatchObject({ removedTaken: 2, toReturn: 3, returnedRemoved: 0 });
    expect(flags.map((f) => [f.code, f.itemCode, f.days, f.at])).toEqual([['removed_not_returned', 'OLD1', 5, at('2026-12-03', '10:00')]]);
    const yesterday = run({ date: '2026-12-07', returnDays: 3, technicians, movements: list, voids: [], completions: [] });
    expect(yesterday.technicians[0]).toMatchObject({ removedTaken: 1, returnedRemoved: 1, toReturn: 1 });
  });

  it('a resubmitted record: an item kept from the first record stays backed, one dropped and installed again counts from its last install', () => {
    const { list, move } = movements();
    const before = '2026-12-07';
    move('meter', 'M1', 'delivery', WH, at(before, '07:00'));
    move('meter', 'M1', 'issue', T1, at(before, '08:00'));
    move('seal', 'S1', 'delivery', WH, at(before, '07:00'));
    move('seal', 'S1', 'issue', 'technician:u2', at(before, '08:00'));
    // The first record (yesterday) installed M1 from u1 and S1 from u2; an amend dropped S1 (back to u2), who returned
    // it; issued to u1 today, the resubmission installs it again from u1's hands.
    move('meter', 'M1', 'install', 'installed:wo1', at(before, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S1', 'install', 'installed:wo1', at(before, '09:00'), { workOrderId: 'wo1' });
    move('seal', 'S1', 'uninstall', 'technician:u2', at(before, '15:00'), { workOrderId: 'wo1' });
    move('seal', 'S1', 'return', WH, at(before, '16:00'));
    move('seal', 'S1', 'issue', T1, at(DAY, '07:00'));
    move('seal', 'S1', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    const resubmitted = completion({ capturedAt: at(DAY, '09:00') });
    const { flags, technicians: rows } = run({ date: DAY, returnDays: 3, technicians, movements: list, voids: [], completions: [resubmitted] });
    expect(flags).toEqual([]);
    expect(rows[0]).toMatchObject({ swaps: 1, installedMeters: 0, sealsUsed: 1, onHandSeals: 0 });
  });

  it('flags an unbacked install only for a technician ever issued stock, or for an item the stock knows', () => {
    const { list, move } = movements();
    move('meter', 'M1', 'delivery', WH, at(DAY, '06:00'));
    move('meter', 'M1', 'install', 'installed:wo1', at(DAY, '09:00'), { workOrderId: 'wo1' });
    const input = { date: DAY, returnDays: 3, technicians, movements: list, voids: [] };
    // Never issued: the known meter (from the warehouse) is flagged, the unknown seal is not.
    const never = run({ ...input, completions: [completion({ sealCodes: ['S7'] })], issuedTechnicians: new Set() });
    expect(never.flags.map((f) => [f.itemKind, f.itemCode])).toEqual([['meter', 'M1']]);
    // Nothing the stock knows and never issued: nothing at all.
    const none = run({ ...input, completions: [completion({ installedSerial: 'X9', sealCodes: ['S7'] })], issuedTechnicians: new Set() });
    expect(none.flags).toEqual([]);
    // Issued once: both.
    const issued = run({ ...input, completions: [completion({ sealCodes: ['S7'] })] });
    expect(issued.flags.map((f) => [f.itemKind, f.itemCode])).toEqual([
      ['meter', 'M1'],
      ['seal', 'S7'],
    ]);
  });

  it('a void not held carries its photos', () => {
    const voids: VoidFact[] = [
      {
        technicianId: 'u1',
        kind: 'seal',
        code: 'S5',
        held: false,
        at: at(DAY, '12:00'),
        workOrderId: 'wo1',
        workOrderCode: 'WO-1',
        photoIds: ['p1', 'p2'],
      },
    ];
    const { flags } = run({ date: DAY, returnDays: 3, technicians, movements: [], voids, completions: [] });
    expect(flags.map((f) => [f.code, f.photoIds])).toEqual([['void_not_held', ['p1', 'p2']]]);
  });

  it('on hand is the sum of the movements: opening + in − out each day, and Σ over the days from nothing', () => {
    const DAYS = ['2026-12-06', '2026-12-07', '2026-12-08'];
    const holders = ['u1', 'u2'];
    const step = fc.record({
      item: fc.integer({ min: 0, max: 7 }),
      action: fc.constantFrom('issue', 'return', 'install', 'void', 'remove', 'uninstall', 'relabel'),
      tech: fc.constantFrom(...holders),
      day: fc.integer({ min: 0, max: 2 }),
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        // Steps in time order; each applies only where it makes sense for the item's holder.
        const sorted = [...steps].sort((a, b) => a.day - b.day || a.minute - b.minute);
        const { list, move } = movements();
        const holder = new Map<string, string>();
        // Where each item's install took it from (an uninstall goes back there).
        const installedFrom = new Map<string, string>();
        const kindOf = (i: number) => (i < 3 ? 'meter' : i < 6 ? 'seal' : 'removed');
        sorted.forEach((s, n) => {
          const day = DAYS[s.day] ?? DAY;
          const when = new Date(Date.parse(`${day}T00:00:00+07:00`) + s.minute * 60_000 + n).toISOString();
          const kind = kindOf(s.item);
          const code = `${kind}${s.item}`;
          const id = `${kind}:${code}`;
          const now = holder.get(id);
          const hand = `technician:${s.tech}`;
          let to: string | null = null;
          if (kind === 'removed') {
            if (s.action === 'remove' && (now === undefined || now === WH)) to = hand;
            else if (s.action === 'return' && now?.startsWith('technician:')) to = WH;
            if (to !== null) move(kind, code, s.action, to, when, { workOrderId: `wo${n}` });
            // A new bag label: the technician to themselves, for the order of the last removal.
            const last = list.filter((m) => m.itemId === id && m.kind === 'remove').pop();
            if (s.action === 'relabel' && now?.startsWith('technician:') && last !== undefined) {
              move(kind, code, 'remove', now, when, { workOrderId: last.workOrderId });
            }
          } else {
            if (now === undefined) move(kind, code, 'delivery', WH, when);
            const current = holder.get(id) ?? WH;
            if (s.action === 'issue' && current === WH) to = hand;
            else if (s.action === 'return' && current.startsWith('technician:')) to = WH;
            else if (s.action === 'install' && current.startsWith('technician:')) to = `installed:wo${n}`;
            else if (s.action === 'void' && current.startsWith('technician:')) to = 'voided:team';
            else if (s.action === 'uninstall' && current.startsWith('installed:')) to = installedFrom.get(id) ?? WH;
            if (s.action === 'install' && to !== null) installedFrom.set(id, current);
            if (to !== null) move(kind, code, s.action, to, when);
          }
          if (to !== null) holder.set(id, to);
          else if (now === undefined && kind !== 'removed') holder.set(id, WH);
        });
        const total = new Map<string, { meters: number; seals: number; removed: number }>();
        for (const date of DAYS) {
          const { technicians: rows } = run({
            date,
            returnDays: 3,
            technicians: holders.map((id) => ({ id, name: id })),
            movements: list,
            voids: [],
            completions: [],
          });
          for (const r of rows) {
            expect(r.onHandMeters).toBe(r.openingMeters + r.issuedMeters - r.returnedMeters - r.installedMeters - r.voidedMeters);
            expect(r.onHandSeals).toBe(r.openingSeals + r.issuedSeals - r.returnedSeals - r.sealsUsed - r.voidedSeals);
            const t = total.get(r.technicianId) ?? { meters: 0, seals: 0, removed: 0 };
            t.meters += r.issuedMeters - r.returnedMeters - r.installedMeters - r.voidedMeters;
            t.seals += r.issuedSeals - r.returnedSeals - r.sealsUsed - r.voidedSeals;
            t.removed += r.removedTaken - r.returnedRemoved;
            total.set(r.technicianId, t);
            expect(r.onHandMeters).toBe(t.meters);
            expect(r.onHandSeals).toBe(t.seals);
            expect(r.toReturn).toBe(t.removed);
          }
        }
        // And the last day's end is where the items are now.
        for (const id of holders) {
          const held = [...holder.entries()].filter(([, h]) => h === `technician:${id}`);
          expect(total.get(id)).toEqual({
            meters: held.filter(([i]) => i.startsWith('meter:')).length,
            seals: held.filter(([i]) => i.startsWith('seal:')).length,
            removed: held.filter(([i]) => i.startsWith('removed:')).length,
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
