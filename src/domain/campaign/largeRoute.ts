import { distanceMeters } from '../map/geo';
import { planVisitingOrder, type RouteStop } from '../map/visitingOrder';

/**
 * A visiting order for groups of any size. planVisitingOrder (nearest neighbour + 2-opt) is O(n²) in time and
 * memory: fine for one assignment, not for a hamlet of 5,000 households. Above EXACT_ROUTE_MAX_STOPS the stops
 * are laid along a Hilbert curve (near-linear, and neighbours on the curve are neighbours on the ground), cut
 * into stretches of ROUTE_CHUNK_STOPS, and each stretch gets planVisitingOrder from the stop nearest to where the
 * previous one ended: O(n · ROUTE_CHUNK_STOPS) per 2-opt pass.
 */

/** Groups up to this size get planVisitingOrder whole (its 2-opt stays well under a second). */
export const EXACT_ROUTE_MAX_STOPS = 400;
/** Stops per stretch of a larger group. */
export const ROUTE_CHUNK_STOPS = 200;
/** Cells per side of the Hilbert grid (2^16: about 0.2 m in a commune 10 km across). */
const HILBERT_ORDER = 16;

/** Position of cell (x, y) along the Hilbert curve filling a 2^order square (the classic xy2d). */
function hilbertIndex(x: number, y: number, order: number): number {
  let d = 0;
  let rx: number;
  let ry: number;
  for (let s = 2 ** (order - 1); s >= 1; s /= 2) {
    rx = (x & s) > 0 ? 1 : 0;
    ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      [x, y] = [y, x];
    }
  }
  return d;
}

function byId(a: RouteStop, b: RouteStop): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The stops along a Hilbert curve over their bounding square (east-west scaled to metres); ties by id. */
export function hilbertOrder(stops: readonly RouteStop[]): RouteStop[] {
  if (stops.length === 0) return [];
  const cosLat = Math.cos((stops.reduce((sum, s) => sum + s.lat, 0) / stops.length) * (Math.PI / 180));
  const xs = stops.map((s) => s.lng * cosLat);
  const ys = stops.map((s) => s.lat);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const side = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY) || 1;
  const cells = 2 ** HILBERT_ORDER - 1;
  const keyed = stops.map((stop, i) => ({
    stop,
    key: hilbertIndex(
      Math.round((((xs[i] as number) - minX) / side) * cells),
      Math.round((((ys[i] as number) - minY) / side) * cells),
      HILBERT_ORDER,
    ),
  }));
  keyed.sort((a, b) => a.key - b.key || byId(a.stop, b.stop));
  return keyed.map((k) => k.stop);
}

/** The index of the stop nearest to `from`; ties go to the smaller id. */
export function nearestStop(stops: readonly RouteStop[], from: { lat: number; lng: number }): number {
  let best = 0;
  let bestDistance = Infinity;
  stops.forEach((stop, i) => {
    const d = distanceMeters(stop, from);
    if (d < bestDistance || (d === bestDistance && stop.id < (stops[best] as RouteStop).id)) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/** planVisitingOrder starting from stops[start]. */
function planFrom(stops: readonly RouteStop[], start: number): RouteStop[] {
  const first = stops[start] as RouteStop;
  const rest = stops.filter((_, i) => i !== start);
  const byIdMap = new Map(stops.map((s) => [s.id, s]));
  return planVisitingOrder([first, ...rest]).map((id) => byIdMap.get(id) as RouteStop);
}

/**
 * A short visiting order for `stops` (ids unique, sorted by id for determinism) entering at the stop nearest to
 * `entry`: the whole group by planVisitingOrder when small, else Hilbert stretches chained end to start.
 */
export function visitingOrderFrom(stops: readonly RouteStop[], entry: { lat: number; lng: number }): RouteStop[] {
  if (stops.length === 0) return [];
  if (stops.length <= EXACT_ROUTE_MAX_STOPS) return planFrom(stops, nearestStop(stops, entry));
  let curve = hilbertOrder(stops);
  // Walk the curve from the end nearer the entry.
  const head = curve[0] as RouteStop;
  const tail = curve[curve.length - 1] as RouteStop;
  if (distanceMeters(tail, entry) < distanceMeters(head, entry)) curve = curve.reverse();
  const route: RouteStop[] = [];
  let from = entry;
  for (let i = 0; i < curve.length; i += ROUTE_CHUNK_STOPS) {
    const chunk = curve.slice(i, i + ROUTE_CHUNK_STOPS);
    const planned = planFrom(chunk, nearestStop(chunk, from));
    route.push(...planned);
    from = planned[planned.length - 1] as RouteStop;
  }
  return route;
}
