import { distanceMeters } from './geo';

/** One place to visit: a work order's id and coordinates. */
export interface RouteStop {
  id: string;
  lat: number;
  lng: number;
}

export interface PlanVisitingOrderOptions {
  /** Full 2-opt passes at most; each pass is O(n²), so 500 stops stay well under a second. */
  maxPasses?: number;
}

/** 2-opt passes before the planner stops improving (the result is always valid, only maybe less short). */
export const ROUTE_MAX_PASSES = 50;

/** Improvements smaller than this (metres) are ignored, so floating-point noise cannot make 2-opt cycle. */
const IMPROVEMENT_EPSILON_M = 1e-6;

function distanceMatrix(stops: readonly RouteStop[]): Float64Array[] {
  const rows = stops.map(() => new Float64Array(stops.length));
  for (let i = 0; i < stops.length; i += 1) {
    for (let j = i + 1; j < stops.length; j += 1) {
      const d = distanceMeters(stops[i] as RouteStop, stops[j] as RouteStop);
      (rows[i] as Float64Array)[j] = d;
      (rows[j] as Float64Array)[i] = d;
    }
  }
  return rows;
}

function pathLength(order: readonly number[], dist: readonly Float64Array[]): number {
  let total = 0;
  for (let k = 1; k < order.length; k += 1) total += (dist[order[k - 1] as number] as Float64Array)[order[k] as number] as number;
  return total;
}

/** Greedy tour from stop 0: always the nearest unvisited stop; ties go to the earlier stop in the input. */
function nearestNeighbour(dist: readonly Float64Array[]): number[] {
  const n = dist.length;
  const visited = new Uint8Array(n);
  const order = [0];
  visited[0] = 1;
  for (let step = 1; step < n; step += 1) {
    const from = dist[order[step - 1] as number] as Float64Array;
    let best = -1;
    for (let j = 0; j < n; j += 1) {
      if (visited[j] === 0 && (best === -1 || (from[j] as number) < (from[best] as number))) best = j;
    }
    visited[best] = 1;
    order.push(best);
  }
  return order;
}

/**
 * 2-opt on an open path whose first stop stays fixed: reverses order[i..j] whenever that shortens the path.
 * Scans in index order and takes the first improvement, so the result depends only on the input.
 */
function twoOpt(order: number[], dist: readonly Float64Array[], maxPasses: number): number[] {
  const n = order.length;
  const d = (a: number, b: number) => (dist[order[a] as number] as Float64Array)[order[b] as number] as number;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    let improved = false;
    for (let i = 1; i < n - 1; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        const removed = d(i - 1, i) + (j + 1 < n ? d(j, j + 1) : 0);
        const added = d(i - 1, j) + (j + 1 < n ? d(i, j + 1) : 0);
        if (added < removed - IMPROVEMENT_EPSILON_M) {
          for (let a = i, b = j; a < b; a += 1, b -= 1) [order[a], order[b]] = [order[b] as number, order[a] as number];
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return order;
}

/** Length in metres of visiting `stops` in the given order (straight lines, open path). */
export function routeLength(stops: readonly RouteStop[]): number {
  let total = 0;
  for (let k = 1; k < stops.length; k += 1) total += distanceMeters(stops[k - 1] as RouteStop, stops[k] as RouteStop);
  return total;
}

/**
 * A visiting order for `stops` starting at the first one: nearest neighbour, then 2-opt on straight-line
 * distance. Pure and deterministic; never longer than the input order (which it returns when it cannot beat it).
 * O(n²) memory and time per pass: meant for one assignment (at most ASSIGN_MAX_WORK_ORDERS stops).
 */
export function planVisitingOrder(stops: readonly RouteStop[], options: PlanVisitingOrderOptions = {}): string[] {
  if (stops.length <= 2) return stops.map((s) => s.id);
  const dist = distanceMatrix(stops);
  const planned = twoOpt(nearestNeighbour(dist), dist, options.maxPasses ?? ROUTE_MAX_PASSES);
  const identity = stops.map((_, i) => i);
  const best = pathLength(planned, dist) <= pathLength(identity, dist) ? planned : identity;
  return best.map((i) => (stops[i] as RouteStop).id);
}
