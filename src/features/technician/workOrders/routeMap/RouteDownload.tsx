import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteStop } from '../../../../domain/map/dayRoute';
import type { MapConfig } from '../../../../domain/map/mapConfig';
import { boxAround, planCoords, planTiles, tileUrl } from '../../../../domain/map/tiles';
import { downloadTiles, type TileFetcher } from '../../../../sync/tileDownload';

type State =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; count: number }
  | { phase: 'failed'; done: number }
  | { phase: 'tooLarge' };

/**
 * "Tải bản đồ tuyến": only rendered when the tile source permits bulk download (MapConfig.bulkDownload).
 * Fetches the tiles covering the day's stops for zooms 13–17 (fewer zooms when the area is large), with progress.
 */
export function RouteDownload({ stops, config, fetchTile }: { stops: readonly RouteStop[]; config: MapConfig; fetchTile?: TileFetcher }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  if (!config.bulkDownload) return null;

  const start = async () => {
    const box = boxAround(stops);
    const plan = box === null ? null : planTiles(box);
    if (plan === null) {
      setState({ phase: 'tooLarge' });
      return;
    }
    const urls = [...planCoords(plan)].map((coord) => tileUrl(config.tileUrl, coord));
    abort.current = new AbortController();
    setState({ phase: 'running', done: 0, total: urls.length });
    const result = await downloadTiles(urls, {
      ...(fetchTile === undefined ? {} : { fetchTile }),
      signal: abort.current.signal,
      onProgress: (done, total) => setState({ phase: 'running', done, total }),
    });
    setState(result.ok ? { phase: 'done', count: result.done } : { phase: 'failed', done: result.done });
  };

  return (
    <div className="route-download">
      {state.phase === 'running' ? (
        <>
          <progress
            className="route-download__bar"
            max={state.total}
            value={state.done}
            aria-label={t('capture.routeMap.downloading', { done: state.done, total: state.total })}
          />
          <p role="status">{t('capture.routeMap.downloading', { done: state.done, total: state.total })}</p>
          <button type="button" className="button button--secondary button--block" onClick={() => abort.current?.abort()}>
            {t('capture.routeMap.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="button button--secondary button--block" onClick={() => void start()}>
          {t('capture.routeMap.download')}
        </button>
      )}
      {state.phase === 'done' && <p role="status">{t('capture.routeMap.downloaded', { count: state.count })}</p>}
      {state.phase === 'failed' && (
        <p className="notice notice--warning" role="alert">
          {t('capture.routeMap.downloadFailed', { done: state.done })}
        </p>
      )}
      {state.phase === 'tooLarge' && (
        <p className="notice notice--warning" role="alert">
          {t('capture.routeMap.tooLarge')}
        </p>
      )}
    </div>
  );
}
