/**
 * "Tải bản đồ tuyến": fetches a route's tiles ahead of time so the service worker's tile cache holds them.
 * Only ever started when the map config says the tile source permits bulk download. Two requests at a time
 * (a tile server is shared), stopping at the first failure: a half-downloaded area is still useful, and
 * hammering a failing server is not.
 */

/** Concurrent tile requests of a route download. */
export const TILE_DOWNLOAD_CONCURRENCY = 2;

/** Fetches one tile; true when it arrived. Through the page's fetch, so the service worker caches it. */
export type TileFetcher = (url: string) => Promise<boolean>;

export const browserTileFetcher: TileFetcher = async (url) => {
  try {
    // no-cors: most tile servers send no CORS headers; the opaque answer is what the cache keeps.
    const res = await fetch(url, { mode: 'no-cors', credentials: 'omit' });
    return res.type === 'opaque' || res.ok;
  } catch {
    return false;
  }
};

export type TileDownloadResult =
  { ok: true; done: number } | { ok: false; done: number; failedUrl: string } | { ok: false; done: number; cancelled: true };

export async function downloadTiles(
  urls: readonly string[],
  options: { fetchTile?: TileFetcher; onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<TileDownloadResult> {
  const { fetchTile = browserTileFetcher, onProgress, signal } = options;
  // Shared by the workers (an object, so each sees the others' progress and first failure).
  const run: { next: number; done: number; failedUrl: string | null } = { next: 0, done: 0, failedUrl: null };
  const worker = async () => {
    while (run.failedUrl === null && signal?.aborted !== true && run.next < urls.length) {
      const url = urls[run.next++] ?? '';
      if (!(await fetchTile(url))) {
        run.failedUrl ??= url;
        return;
      }
      run.done++;
      onProgress?.(run.done, urls.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(TILE_DOWNLOAD_CONCURRENCY, urls.length) }, worker));
  const { done, failedUrl } = run;
  if (failedUrl !== null) return { ok: false, done, failedUrl };
  if (signal?.aborted === true) return { ok: false, done, cancelled: true };
  return { ok: true, done };
}
