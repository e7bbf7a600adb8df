/**
 * Web-Mercator ("slippy map") tile arithmetic for the technician's offline map: which tiles cover a route,
 * and their URLs. Pure and zod-free so the service worker can import the constants without the schema library.
 */

/** Tiles the service worker keeps for offline maps (least recently used go first). */
export const MAX_CACHED_TILES = 2000;
/** Cache Storage name of the service worker's tile cache (bump the suffix to drop old tiles on a format change). */
export const TILE_CACHE_NAME = 'tiles-v1';

/** Zooms a route download covers: 13 shows the commune, 17 the houses. */
export const BULK_MIN_ZOOM = 13;
export const BULK_MAX_ZOOM = 17;
/** Most tiles one route download fetches: well inside the cache so it does not evict itself. */
export const BULK_TILE_CAP = 1500;
/** Margin around the route's points (metres), so the first and last stops are not on the map's edge. */
export const ROUTE_MARGIN_M = 300;

/** Web Mercator's latitude limit (degrees). */
const MAX_LATITUDE = 85.05112878;
const METRES_PER_DEGREE_LAT = 111_320;

export interface LngLatBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The tile holding a point at zoom `z` (x grows east, y grows south). */
export function tileOf(lng: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const clampedLat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const rad = (clampedLat * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, v));
  return { x: clamp(x), y: clamp(y) };
}

/** The tiles of zoom `z` covering a box (inclusive ranges; north is the smaller y). */
export function tileRange(box: LngLatBox, z: number): TileRange {
  const northWest = tileOf(box.minLng, box.maxLat, z);
  const southEast = tileOf(box.maxLng, box.minLat, z);
  return { z, minX: northWest.x, maxX: southEast.x, minY: northWest.y, maxY: southEast.y };
}

export function rangeSize(range: TileRange): number {
  return (range.maxX - range.minX + 1) * (range.maxY - range.minY + 1);
}

/** The box around points, widened by `marginM` metres on every side; null without points. */
export function boxAround(points: readonly { lat: number; lng: number }[], marginM = ROUTE_MARGIN_M): LngLatBox | null {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const dLat = marginM / METRES_PER_DEGREE_LAT;
  const midLat = ((minLat + maxLat) / 2) * (Math.PI / 180);
  const dLng = marginM / (METRES_PER_DEGREE_LAT * Math.max(0.01, Math.cos(midLat)));
  return { minLng: Math.min(...lngs) - dLng, minLat: minLat - dLat, maxLng: Math.max(...lngs) + dLng, maxLat: maxLat + dLat };
}

export interface TilePlan {
  /** Zoom ranges kept, lowest zoom first. */
  ranges: TileRange[];
  count: number;
  /** Highest zoom kept (below `maxZoom` when the cap cut the closest zooms). */
  maxZoom: number;
}

/**
 * The tiles to download for a box from `minZoom` to `maxZoom`, dropping the closest zooms (each holds about
 * four times the previous one) until the total fits `cap`. null when even `minZoom` alone exceeds it.
 */
export function planTiles(box: LngLatBox, minZoom = BULK_MIN_ZOOM, maxZoom = BULK_MAX_ZOOM, cap = BULK_TILE_CAP): TilePlan | null {
  const ranges: TileRange[] = [];
  let count = 0;
  for (let z = minZoom; z <= maxZoom; z++) {
    const range = tileRange(box, z);
    if (count + rangeSize(range) > cap) break;
    ranges.push(range);
    count += rangeSize(range);
  }
  const last = ranges.at(-1);
  return last === undefined ? null : { ranges, count, maxZoom: last.z };
}

/** Every tile of a plan, lowest zoom first (the overview arrives before the detail). */
export function* planCoords(plan: TilePlan): Generator<TileCoord> {
  for (const { z, minX, maxX, minY, maxY } of plan.ranges) {
    for (let x = minX; x <= maxX; x++) for (let y = minY; y <= maxY; y++) yield { z, x, y };
  }
}

/** A tile's URL from a Leaflet template: `{z}/{x}/{y}`, `{s}` picked as Leaflet does, `{r}` for standard density. */
export function tileUrl(template: string, { z, x, y }: TileCoord, subdomains = 'abc'): string {
  const s = subdomains.charAt(Math.abs(x + y) % subdomains.length);
  return template.replace(/\{z\}/g, String(z)).replace(/\{x\}/g, String(x)).replace(/\{y\}/g, String(y)).replace(/\{s\}/g, s).replace(/\{r\}/g, '');
}
