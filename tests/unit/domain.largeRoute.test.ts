import { describe, expect, it } from 'vitest';
import { EXACT_ROUTE_MAX_STOPS, hilbertOrder, visitingOrderFrom } from '../../src/domain/campaign/largeRoute';
import { planVisitingOrder, routeLength, type RouteStop } from '../../src/domain/map/visitingOrder';

/** A deterministic scatter of stops over about 2 km × 2 km (a linear congruential generator, no Math.random). */
function scatter(n: number, seed: number): RouteStop[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: n }, (_, i) => ({ id: `s${String(i).padStart(5, '0')}`, lat: 19.8 + next() * 0.02, lng: 105.7 + next() * 0.02 }));
}

describe('visiting order for a large group', () => {
  const stops = scatter(1200, 42);
  const entry = { lat: 19.79, lng: 105.69 };

  it('visits every stop once, entering at the stop nearest to where the crew comes from', () => {
    const route = visitingOrderFrom(stops, entry);
    expect(route.map((s) => s.id).sort()).toEqual(stops.map((s) => s.id));
    const nearest = [...stops].sort((a, b) => Math.hypot(a.lat - entry.lat, a.lng - entry.lng) - Math.hypot(b.lat - entry.lat, b.lng - entry.lng))[0];
    expect(route[0]).toEqual(nearest);
  });

  it('stays within a few percent of the whole-group 2-opt route, and far shorter than the curve alone', () => {
    expect(stops.length).toBeGreaterThan(EXACT_ROUTE_MAX_STOPS);
    const route = routeLength(visitingOrderFrom(stops, stops[0] as RouteStop));
    const byId = new Map(stops.map((s) => [s.id, s]));
    const exact = routeLength(planVisitingOrder(stops).map((id) => byId.get(id) as RouteStop));
    expect(route).toBeLessThan(exact * 1.15);
    expect(route).toBeLessThan(routeLength(hilbertOrder(stops)) * 0.95);
    expect(route).toBeLessThan(routeLength(stops) * 0.2);
  });

  it('lays the stops along the curve whatever order they came in', () => {
    expect(hilbertOrder([...stops].reverse())).toEqual(hilbertOrder(stops));
  });
});
