import { MapConfig } from '../domain/map/mapConfig';
import type { KeyValueStore } from '../platform';
import type { ApiClient } from './api';
import { ENDPOINTS, routePath } from '../domain/protocol/endpoints';

/** Device setting holding the last map config the server gave, so the route map works offline. */
export const MAP_CONFIG_KEY = 'meterswap.mapConfig';

/** The cached map config; null when none was stored or it no longer parses. */
export function readCachedMapConfig(settings: KeyValueStore): MapConfig | null {
  const raw = settings.get(MAP_CONFIG_KEY);
  if (raw === null) return null;
  try {
    const parsed = MapConfig.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Asks the server for the map config and caches it; on any failure (offline, signed out) the cached one stands. */
export async function refreshMapConfig(api: Pick<ApiClient, 'call'>, settings: KeyValueStore): Promise<MapConfig | null> {
  // The light route table, not callEndpoint: this runs on the technician's first screen, which must not load every schema.
  const result = await api.call(ENDPOINTS['mapConfig.get'].method, routePath('mapConfig.get'), {}, MapConfig);
  if (!result.ok) return readCachedMapConfig(settings);
  settings.set(MAP_CONFIG_KEY, JSON.stringify(result.value));
  return result.value;
}
