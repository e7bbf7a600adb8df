import { useTranslation } from 'react-i18next';
import type { DrawMode } from './DrawTool';
import { WORK_ORDER_STATUSES } from '../../../domain/workOrder/workOrder';
import { GROUP_COLOR, STATUS_COLOR, STATUS_GROUPS } from './pointIndex';

const MODES: readonly DrawMode[] = ['pan', 'rect', 'polygon', 'cluster'];
const HINT: Partial<Record<DrawMode, 'rectHint' | 'polygonHint' | 'clusterHint'>> = {
  rect: 'rectHint',
  polygon: 'polygonHint',
  cluster: 'clusterHint',
};

/** Selection tools (move, rectangle, polygon, cluster), the commune progress layer toggle, and the legend. */
export function MapToolbar({
  mode,
  onMode,
  showProgress,
  onShowProgress,
}: {
  mode: DrawMode;
  onMode: (mode: DrawMode) => void;
  showProgress: boolean;
  onShowProgress: (show: boolean) => void;
}) {
  const { t } = useTranslation();
  const hint = HINT[mode];
  return (
    <div className="map-toolbar">
      <div className="map-toolbar__modes" role="group" aria-label={t('console.map.tools.label')}>
        {MODES.map((m) => (
          <button key={m} type="button" className="map-toolbar__mode" aria-pressed={mode === m} onClick={() => onMode(m)}>
            {t(`console.map.tools.${m}`)}
          </button>
        ))}
      </div>
      <label className="map-toolbar__toggle">
        <input type="checkbox" checked={showProgress} onChange={(e) => onShowProgress(e.target.checked)} />
        {t('console.map.tools.progress')}
      </label>
      {hint && <p className="map-toolbar__hint">{t(`console.map.tools.${hint}`)}</p>}
    </div>
  );
}

/** What the colours mean; it sits over the map's top-right corner and opens on demand. */
export function MapLegend() {
  const { t } = useTranslation();
  return (
    <details className="map-legend">
      <summary>{t('console.map.legend')}</summary>
      <div className="map-legend__body">
        <p className="map-legend__heading">{t('console.map.legendPoints')}</p>
        <ul>
          {WORK_ORDER_STATUSES.map((status) => (
            <li key={status}>
              <span className="map-swatch" style={{ background: STATUS_COLOR[status] }} aria-hidden="true" />
              {t(`status.${status}`)}
            </li>
          ))}
        </ul>
        <p className="map-legend__heading">{t('console.map.legendClusters')}</p>
        <ul>
          {STATUS_GROUPS.map((group) => (
            <li key={group}>
              <span className="map-swatch" style={{ background: GROUP_COLOR[group] }} aria-hidden="true" />
              {t(`console.map.groups.${group}`)}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
