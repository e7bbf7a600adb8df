import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planVisitingOrder, routeLength, type RouteStop } from '../../src/domain/map/visitingOrder';

/** Stops in a small area of Thanh Hóa, with ids in input order. */
const stopsArb = fc
  .array(fc.tuple(fc.double({ min: 19.7, max: 19.9, noNaN: true }), fc.double({ min: 105.7, max: 105.9, noNaN: true })), {
    minLength: 0,
    maxLength: 40,
  })
  .map((coords): RouteStop[] => coords.map(([lat, lng], i) => ({ id: `wo-${i}`, lat, lng })));

function inOrder(stops: readonly RouteStop[], ids: readonly string[]): RouteStop[] {
  const byId = new Map(stops.map((s) => [s.id, s]));
  return ids.map((id) => {
    const stop = byId.get(id);
    if (!stop) throw new Error(`planVisitingOrder returned an unknown id ${id}`);
    return stop;
  });
}

describe('planVisitingOrder', () => {
  it('returns a permutation of the input ids that starts at the first stop', () => {
    fc.assert(
      fc.property(stopsArb, (stops) => {
        const route = planVisitingOrder(stops);
        expect([...route].sort()).toEqual(stops.map((s) => s.id).sort());
        if (stops.length > 0) expect(route[0]).toBe(stops[0]?.id);
      }),
    );
  });

  it('is never longer than visiting the stops in input order', () => {
    fc.assert(
      fc.property(stopsArb, (stops) => {
        const route = planVisitingOrder(stops);
        expect(routeLength(inOrder(stops, route))).toBeLessThanOrEqual(routeLength(stops) + 1e-6);
      }),
    );
  });

  it('gives the same order for the same input', () => {
    fc.assert(
      fc.property(stopsArb, (stops) => {
        expect(planVisitingOrder(stops.map((s) => ({ ...s })))).toEqual(planVisitingOrder(stops));
      }),
    );
  });

  it('walks points on a line from one end instead of zig-zagging', () => {
    // Input order zig-zags along one street; the plan from the westmost stop walks east.
    const lngs = [105.8, 105.84, 105.81, 105.83, 105.82];
    const stops = lngs.map((lng, i) => ({ id: `s${i}`, lat: 19.8, lng }));
    expect(planVisitingOrder(stops)).toEqual(['s0', 's2', 's4', 's3', 's1']);
    expect(routeLength(inOrder(stops, planVisitingOrder(stops)))).toBeLessThan(routeLength(stops));
  });

  it('uncrosses a crossing that nearest neighbour leaves behind (2-opt)', () => {
    // Nearest neighbour from A takes B, then C, ... and would cross itself; 2-opt removes the crossing.
    const stops: RouteStop[] = [
      { id: 'A', lat: 0, lng: 0 },
      { id: 'B', lat: 0, lng: 0.01 },
      { id: 'C', lat: 0.012, lng: 0.0 },
      { id: 'D', lat: 0.012, lng: 0.011 },
      { id: 'E', lat: 0.006, lng: 0.03 },
    ];
    const route = planVisitingOrder(stops);
    const length = routeLength(inOrder(stops, route));
    // Brute force over the 24 orders that keep A first: the planner finds the optimum on this small case.
    const rest = stops.slice(1);
    const permutations = (items: RouteStop[]): RouteStop[][] =>
      items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]));
    const optimum = Math.min(...permutations(rest).map((p) => routeLength([stops[0] as RouteStop, ...p])));
    expect(length).toBeCloseTo(optimum, 3);
  });

  it('keeps ties in input order', () => {
    // Two stops at the same place: the earlier one in the input comes first.
    const stops = [
      { id: 'start', lat: 10, lng: 106 },
      { id: 'twin-1', lat: 10.01, lng: 106 },
      { id: 'twin-2', lat: 10.01, lng: 106 },
    ];
    expect(planVisitingOrder(stops)).toEqual(['start', 'twin-1', 'twin-2']);
  });

  it('plans 500 stops quickly', () => {
    const stops = Array.from({ length: 500 }, (_, i) => ({
      id: `w${i}`,
      lat: 19 + ((i * 7919) % 1000) / 5000,
      lng: 105 + ((i * 104729) % 1000) / 5000,
    }));
    const started = performance.now();
    const route = planVisitingOrder(stops);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(routeLength(inOrder(stops, route))).toBeLessThan(routeLength(stops));
  });
});
