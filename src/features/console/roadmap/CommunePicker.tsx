import { useTranslation } from 'react-i18next';
import type { RoadmapCommune } from '../../../domain/campaign/roadmap';
import { formatIsoDay, isoDayInVietnam } from '../../../domain/time/time';
import { formatCount } from '../kit/format';

interface Props {
  communes: readonly RoadmapCommune[];
  value: string | null;
  onChange: (commune: string) => void;
}

/** The team's communes as buttons with their counts, and whether a roadmap was confirmed. */
export function CommunePicker({ communes, value, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const n = (count: number) => formatCount(count, i18n.language);
  return (
    <section className="roadmap-communes" aria-labelledby="roadmap-communes-title">
      <h2 id="roadmap-communes-title" className="roadmap-subtitle">
        {t('console.roadmap.communes.label')}
      </h2>
      <ul className="roadmap-communes__list">
        {communes.map((c) => (
          <li key={c.commune}>
            <button type="button" className="roadmap-commune" aria-pressed={c.commune === value} onClick={() => onChange(c.commune)}>
              <span className="roadmap-commune__name">
                {c.commune}
                {c.province !== '' && <span className="roadmap-commune__province"> ({c.province})</span>}
              </span>
              <span className="roadmap-commune__counts">
                {t('console.roadmap.communes.counts', {
                  total: n(c.total),
                  plannable: n(c.plannable),
                  planned: n(c.planned),
                  done: n(c.done),
                  hamlets: n(c.hamlets),
                })}
              </span>
              <span className={c.confirmedAt === null ? 'roadmap-commune__state' : 'roadmap-commune__state roadmap-commune__state--ok'}>
                {c.confirmedAt === null
                  ? t('console.roadmap.communes.notConfirmed')
                  : t('console.roadmap.communes.confirmed', { date: formatIsoDay(isoDayInVietnam(new Date(c.confirmedAt))) })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
