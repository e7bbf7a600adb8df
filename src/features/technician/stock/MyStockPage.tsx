import { useTranslation } from 'react-i18next';
import { formatCount } from '../../../domain/format/numberFormat';
import { compactCodes } from '../../../domain/stock/stock';
import { formatIsoDay } from '../../../domain/time/time';
import { useHeldItems } from '../../../local';
import { LastSynced } from '../workOrders/LastSynced';
import './stock.css';

/**
 * "Vật tư" on the technician's phone (issue 16 §4): the meters and seals they hold, as last pulled, readable offline.
 * Meters one by one with what the delivery said; seals as runs of consecutive codes with the pliers number.
 */
export function MyStockPage() {
  const { t, i18n } = useTranslation();
  const items = useHeldItems();
  if (items === undefined) return <p role="status">{t('detail.loading')}</p>;
  const meters = items.filter((i) => i.kind === 'meter');
  const seals = items.filter((i) => i.kind === 'seal');
  const n = (v: number) => formatCount(v, i18n.language);
  const pliers = [...new Set(seals.flatMap((s) => (s.pliersNumber === null ? [] : [s.pliersNumber])))];
  return (
    <section className="my-stock" aria-labelledby="my-stock-title">
      <h1 id="my-stock-title">{t('myStock.title')}</h1>
      <p className="my-stock__summary" role="status">
        {t('myStock.summary', { meters: n(meters.length), seals: n(seals.length) })}
      </p>
      <LastSynced />
      {items.length === 0 && <p>{t('myStock.empty')}</p>}
      {meters.length > 0 && (
        <>
          <h2>{t('myStock.meters', { count: meters.length })}</h2>
          <ul className="my-stock__list">
            {meters.map((m) => (
              <li key={m.id} className="my-stock__item">
                <span className="mono my-stock__code">{m.code}</span>
                <span>
                  {[
                    m.model,
                    m.phases === null ? null : t('myStock.phases', { phases: m.phases }),
                    m.verifiedOn === null ? null : t('myStock.verified', { day: formatIsoDay(m.verifiedOn) }),
                  ]
                    .filter((x) => x !== null)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {seals.length > 0 && (
        <>
          <h2>{t('myStock.seals', { count: seals.length })}</h2>
          {pliers.length > 0 && <p>{t('myStock.pliers', { pliers: pliers.join(', ') })}</p>}
          <ul className="my-stock__list">
            {compactCodes(seals.map((s) => s.code)).map((run) => (
              <li key={run.from} className="my-stock__item">
                <span className="mono my-stock__code">{run.count === 1 ? run.from : `${run.from} – ${run.to}`}</span>
                <span>{t('myStock.sealCount', { count: run.count })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
