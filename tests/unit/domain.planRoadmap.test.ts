import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonWorkingDay } from '../../src/domain/campaign/holidays';
import { planRoadmap, type PlanInput, type PlanOrder } from '../../src/domain/campaign/planRoadmap';
import { OTHER_HAMLET, RoadmapProposal } from '../../src/domain/campaign/roadmap';
import { addDays } from '../../src/domain/time/isoDay';

const HAMLETS = ['Thôn 1', 'Thôn 2', 'Thôn Đông', 'Ấp Tân Lợi', OTHER_HAMLET];

const orderArb = fc.record({
  id: fc.uuid({ version: 4 }),
  hamlet: fc.constantFrom(...HAMLETS),
  // Half of them on a few shared points, as when addresses were geocoded to the hamlet's centre: ties to break.
  lat: fc.oneof(fc.double({ min: 19.7, max: 19.9, noNaN: true }), fc.constantFrom(19.75, 19.8, 19.85)),
  lng: fc.oneof(fc.double({ min: 105.6, max: 105.8, noNaN: true }), fc.constantFrom(105.65, 105.7)),
});

const inputArb: fc.Arbitrary<PlanInput> = fc.record({
  orders: fc.uniqueArray(orderArb, { selector: (o) => o.id, maxLength: 250 }),
  technicianIds: fc.uniqueArray(fc.uuid({ version: 4 }), { minLength: 1, maxLength: 5 }),
  capacityPerDay: fc.integer({ min: 1, max: 20 }),
  // The campaign's years, Tết weeks included.
  startDate: fc.integer({ min: 0, max: 365 * 5 }).map((n) => addDays('2025-01-01', n)),
});

function hamletRuns(hamlets: readonly string[]): string[] {
  return hamlets.filter((h, i) => i === 0 || hamlets[i - 1] !== h);
}

describe('planning a commune', () => {
  it('plans every order once, within capacity, on working days from the start, one day per technician and date', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planRoadmap(input);
        const planned = plan.days.flatMap((d) => d.orderIds);
        expect([...planned].sort()).toEqual(input.orders.map((o) => o.id).sort());
        const seen = new Set<string>();
        for (const day of plan.days) {
          expect(day.orderIds.length).toBeGreaterThanOrEqual(1);
          expect(day.orderIds.length).toBeLessThanOrEqual(input.capacityPerDay);
          expect(nonWorkingDay(day.date)).toBeNull();
          expect(day.date >= input.startDate).toBe(true);
          expect(input.technicianIds).toContain(day.technicianId);
          const key = `${day.date} ${day.technicianId}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
        // It parses as the wire answer says it should.
        expect(() =>
          RoadmapProposal.parse({
            commune: 'Hà Trung',
            startDate: input.startDate,
            capacityPerDay: input.capacityPerDay,
            technicianIds: input.technicianIds,
            ...plan,
          }),
        ).not.toThrow();
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it('uses as few working days as capacity allows, each full but the last', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planRoadmap(input);
        const dates = [...new Set(plan.days.map((d) => d.date))];
        expect(dates).toHaveLength(Math.ceil(input.orders.length / (input.capacityPerDay * input.technicianIds.length)));
        expect([...dates].sort()).toEqual(dates);
        plan.days.slice(0, -1).forEach((day) => expect(day.orderIds).toHaveLength(input.capacityPerDay));
        expect(plan.endDate).toBe(dates[dates.length - 1] ?? null);
        // On a date the technicians take their stretches in the order given.
        for (const date of dates) {
          const technicians = plan.days.filter((d) => d.date === date).map((d) => d.technicianId);
          expect(technicians).toEqual(input.technicianIds.slice(0, technicians.length));
        }
      }),
      { numRuns: 150, seed: 16 },
    );
  });

  it('visits each hamlet in one stretch, the other hamlet last, and sums each hamlet right', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planRoadmap(input);
        const hamletOf = new Map(input.orders.map((o) => [o.id, o.hamlet]));
        const dateOf = new Map(plan.days.flatMap((d) => d.orderIds.map((id) => [id, d.date] as const)));
        const sequence = plan.days.flatMap((d) => d.orderIds);
        const runs = hamletRuns(sequence.map((id) => hamletOf.get(id) ?? ''));
        expect(new Set(runs).size).toBe(runs.length);
        if (runs.includes(OTHER_HAMLET)) expect(runs[runs.length - 1]).toBe(OTHER_HAMLET);
        expect(plan.hamlets.map((h) => h.name)).toEqual(runs);
        for (const hamlet of plan.hamlets) {
          const dates = sequence.filter((id) => hamletOf.get(id) === hamlet.name).map((id) => dateOf.get(id) ?? '');
          expect(hamlet.count).toBe(dates.length);
          expect(hamlet.firstDate).toBe(dates[0]);
          expect(hamlet.lastDate).toBe(dates[dates.length - 1]);
        }
        for (const day of plan.days) expect(day.hamlets).toEqual(hamletRuns(day.orderIds.map((id) => hamletOf.get(id) ?? '')));
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('lists exactly the days it skips before the last one', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planRoadmap(input);
        const expected = [];
        if (plan.endDate !== null)
          for (let date = input.startDate; date < plan.endDate; date = addDays(date, 1)) {
            const skipped = nonWorkingDay(date);
            if (skipped !== null) expected.push(skipped);
          }
        expect(plan.skippedDays).toEqual(expected);
      }),
      { numRuns: 150, seed: 18 },
    );
  });

  it('gives the same plan whatever order the orders come in', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, salt) => {
        const shuffled = [...input.orders].sort((a, b) => ((a.id.charCodeAt(3) * salt) % 7) - ((b.id.charCodeAt(3) * salt) % 7)).reverse();
        expect(planRoadmap({ ...input, orders: shuffled })).toEqual(planRoadmap(input));
      }),
      { numRuns: 60, seed: 19, endOnFailure: true },
    );
  });
});

describe('planning examples', () => {
  const tech = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
  function orders(n: number, hamlet: string, lat: number, lng: number): PlanOrder[] {
    return Array.from({ length: n }, (_, i) => ({
      id: `${hamlet}-${String(i).padStart(4, '0')}`,
      hamlet,
      lat: lat + (i % 5) * 0.0005,
      lng: lng + Math.floor(i / 5) * 0.0005,
    }));
  }

  it('skips the Tết week and its Sundays', () => {
    const plan = planRoadmap({
      orders: orders(3, 'Thôn 1', 19.8, 105.7),
      technicianIds: tech.slice(0, 1),
      capacityPerDay: 1,
      startDate: '2026-02-14',
    });
    expect(plan.days.map((d) => d.date)).toEqual(['2026-02-14', '2026-02-21', '2026-02-23']);
    expect(plan.skippedDays).toEqual([
      { date: '2026-02-15', reason: 'sunday' },
      ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({
        date,
        reason: 'holiday',
        holiday: 'Tết Nguyên đán',
      })),
      { date: '2026-02-22', reason: 'sunday' },
    ]);
    expect(plan.endDate).toBe('2026-02-23');
  });

  it('starts on the Monday when asked to start on a Sunday, and says why', () => {
    const plan = planRoadmap({ orders: orders(40, 'Thôn 1', 19.8, 105.7), technicianIds: tech, capacityPerDay: 15, startDate: '2026-12-06' });
    expect(plan.skippedDays).toEqual([{ date: '2026-12-06', reason: 'sunday' }]);
    expect(plan.days.map((d) => [d.date, d.technicianId, d.orderIds.length])).toEqual([
      ['2026-12-07', tech[0], 15],
      ['2026-12-07', tech[1], 15],
      ['2026-12-08', tech[0], 10],
    ]);
    expect(plan.hamlets).toEqual([{ name: 'Thôn 1', count: 40, firstDate: '2026-12-07', lastDate: '2026-12-08' }]);
  });

  it('sweeps the hamlets from the one farthest from the centre, nearest next, the other hamlet last', () => {
    // Along one road west to east: Tây (far west), Giữa, Đông; the other hamlet's orders are in the middle.
    const input = [
      ...orders(10, 'Thôn Giữa', 19.8, 105.7),
      ...orders(10, 'Thôn Đông', 19.8, 105.73),
      ...orders(10, 'Thôn Tây', 19.8, 105.6),
      ...orders(10, OTHER_HAMLET, 19.8, 105.7),
    ];
    const plan = planRoadmap({ orders: input, technicianIds: tech.slice(0, 1), capacityPerDay: 15, startDate: '2026-12-07' });
    expect(plan.hamlets.map((h) => h.name)).toEqual(['Thôn Tây', 'Thôn Giữa', 'Thôn Đông', OTHER_HAMLET]);
    // A day may end one hamlet and start the next.
    expect(plan.days[0]?.hamlets).toEqual(['Thôn Tây', 'Thôn Giữa']);
    // Thôn Tây is entered at its western edge.
    expect(plan.days[0]?.orderIds[0]).toMatch(/^Thôn Tây-000[0-4]$/);
  });

  it('plans nothing for a commune with nothing to plan', () => {
    expect(planRoadmap({ orders: [], technicianIds: tech, capacityPerDay: 15, startDate: '2026-12-06' })).toEqual({
      days: [],
      hamlets: [],
      skippedDays: [],
      endDate: null,
    });
  });

  it('refuses no technicians, a capacity below one, twice the same order', () => {
    const some = orders(3, 'Thôn 1', 19.8, 105.7);
    expect(() => planRoadmap({ orders: some, technicianIds: [], capacityPerDay: 15, startDate: '2026-12-07' })).toThrow(RangeError);
    expect(() => planRoadmap({ orders: some, technicianIds: tech, capacityPerDay: 0, startDate: '2026-12-07' })).toThrow(RangeError);
    expect(() => planRoadmap({ orders: some, technicianIds: tech, capacityPerDay: 1.5, startDate: '2026-12-07' })).toThrow(RangeError);
    expect(() => planRoadmap({ orders: [...some, ...some], technicianIds: tech, capacityPerDay: 15, startDate: '2026-12-07' })).toThrow(RangeError);
    expect(() => planRoadmap({ orders: some, technicianIds: tech, capacityPerDay: 15, startDate: '2026-02-30' })).toThrow(RangeError);
  });

  it('plans 5,000 orders in one hamlet without the O(n²) route (which takes tens of seconds there)', () => {
    const big = Array.from({ length: 5000 }, (_, i) => ({
      id: `o-${String(i).padStart(5, '0')}`,
      hamlet: 'Thôn 1',
      lat: 19.8 + ((i * 7919) % 5000) / 100_000,
      lng: 105.7 + ((i * 104_729) % 5000) / 100_000,
    }));
    const started = performance.now();
    const plan = planRoadmap({ orders: big, technicianIds: tech, capacityPerDay: 15, startDate: '2026-12-07' });
    // A generous bound for a shared 2-core machine; it takes about 0.1 s warm.
    expect(performance.now() - started).toBeLessThan(4000);
    expect(plan.days.flatMap((d) => d.orderIds)).toHaveLength(5000);
  });
});
