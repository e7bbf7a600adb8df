import * as z from 'zod/mini';

// Defined beside the tile arithmetic, which the service worker imports without zod.
export { MAX_CACHED_TILES } from './tiles';

/**
 * Answer of `GET /api/v1/map/config` (any signed-in user): where map tiles come from. `bulkDownload` is true only
 * when the operator's tile source permits downloading a route's area ahead of time (OpenStreetMap's public
 * tiles do not: `TILE_BULK_DOWNLOAD` must stay unset for them).
 */
export const MapConfig = z.object({
  /** Leaflet URL template: `{z}/{x}/{y}`, optionally `{s}`. */
  tileUrl: z.string(),
  attribution: z.string(),
  bulkDownload: z.boolean(),
  maxCachedTiles: z.number().check(z.int(), z.positive()),
});
export type MapConfig = z.infer<typeof MapConfig>;
