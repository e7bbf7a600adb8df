import { MAX_CACHED_TILES, type MapConfig } from '../../src/domain/map/mapConfig';
import type { Config } from '../config';
import { route, type Api } from '../http/route';

/** Where map tiles come from (issue 5, offline maps): the same answer for every signed-in role; devices cache it. */
export function mapConfigRoutes(api: Api, config: Pick<Config, 'tileUrl' | 'tileAttribution' | 'tileBulkDownload'>): void {
  const answer: MapConfig = {
    tileUrl: config.tileUrl,
    attribution: config.tileAttribution,
    bulkDownload: config.tileBulkDownload,
    maxCachedTiles: MAX_CACHED_TILES,
  };
  route(api, 'mapConfig.get', () => answer);
}
