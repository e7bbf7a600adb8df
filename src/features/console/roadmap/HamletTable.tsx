import { useTranslation } from 'react-i18next';
import type { Roadmap } from '../../../domain/campaign/roadmap';
import { formatIsoDay } from '../../../domain/time/time';
import { formatTimeThenDate } from '../../../domain/time/timeDisplay';
import { formatCount } from '../kit/format';

const COUNTS = ['total', 'plannable', 'inHand', 'failed', 'cancelled', 'unplanned'] as const;

/** The commune's hamlets in visiting order: counts by state and the planned dates of the orders not yet started. */
export function HamletTable({ roadmap }: { roadmap: Roadmap }) {
  const { t, i18n } = useTranslation();
  const n = (count: number) => formatCount(count, i18n.language);
  return (
    <>
      <div className="kit-table-scroll" tabIndex={0}>
        <table className="kit-table roadmap-table">
          <caption>{t('console.roadmap.hamlets.caption', { commune: roadmap.commune })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.roadmap.hamlets.name')}</th>
              {COUNTS.map((c) => (
                <th key={c} scope="col" className="kit-num">
                  {t(`console.roadmap.hamlets.${c}`)}
                </th>
              ))}
              <th scope="col">{t('console.roadmap.hamlets.dates')}</th>
            </tr>
          </thead>
          <tbody>
            {roadmap.hamlets.map((hamlet) => (
              <tr key={hamlet.name}>
                <th scope="row">{hamlet.name}</th>
                {COUNTS.map((c) => (
                  <td key={c} className="kit-num">
                    {n(hamlet[c])}
                  </td>
                ))}
                <td className="roadmap-dates">
                  {hamlet.firstDate === null || hamlet.lastDate === null
                    ? t('console.roadmap.hamlets.none')
                    : hamlet.firstDate === hamlet.lastDate
                      ? formatIsoDay(hamlet.firstDate)
                      : t('console.roadmap.hamlets.range', { from: formatIsoDay(hamlet.firstDate), to: formatIsoDay(hamlet.lastDate) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {roadmap.confirmedAt !== null && (
        <p className="kit-muted">
          {t('console.roadmap.hamlets.confirmedBy', {
            at: formatTimeThenDate(new Date(roadmap.confirmedAt)),
            name: roadmap.confirmedBy ?? '—',
            capacity: roadmap.capacityPerDay ?? '—',
          })}
        </p>
      )}
    </>
  );
}
