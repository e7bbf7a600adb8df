import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import { useToday } from '../../../platform/PlatformContext';
import { fetchRoadmap, fetchRoadmapCommunes, roadmapLetterUrl } from '../../../consoleApi/roadmaps';
import { fetchTechnicians } from '../../../consoleApi/technicians';
import { EmptyState } from '../kit/EmptyState';
import { formatCount } from '../kit/format';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './roadmap.css';
import { CommunePicker } from './CommunePicker';
import { HamletTable } from './HamletTable';
import { PlanPanel } from './PlanPanel';
import { PublicLinks } from './PublicLinks';
import { vietnamDayOff, type DayOffCheck } from './workingDays';

/**
 * The commune's replacement roadmap (/console/roadmap, issue 15 §1): pick a commune, see its orders by hamlet,
 * propose dates from the technicians and a capacity, adjust, confirm; once confirmed, download the letter to the
 * commune's People's Committee (issue 15 §2).
 */
export function RoadmapPage({ dayOff = vietnamDayOff }: { me: Me; dayOff?: DayOffCheck }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const today = useToday();
  const communes = useApiData('roadmap-communes', () => fetchRoadmapCommunes(api));
  const technicians = useApiData('technicians', () => fetchTechnicians(api));
  const [commune, setCommune] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // A commune picked moves the reader to it: on a phone the picker's cards fill more than a screen.
  const communeTitle = useRef<HTMLHeadingElement>(null);
  const [picked, setPicked] = useState(0);
  useEffect(() => {
    if (picked > 0) communeTitle.current?.focus();
  }, [picked]);
  const roadmap = useApiData(commune === null ? null : `roadmap:${commune}`, () => fetchRoadmap(api, commune ?? ''));
  const communeList = currentValue(communes.state)?.communes;
  // The last good answer may be another commune's while this one loads.
  const shown = currentValue(roadmap.state);
  const current = shown?.commune === commune ? shown : undefined;
  const summary = communeList?.find((c) => c.commune === commune);
  const plannable = current?.hamlets.reduce((sum, h) => sum + h.plannable, 0) ?? summary?.plannable ?? 0;

  return (
    <div className="kit-page roadmap-page">
      <h1 className="page-title">{t('console.roadmap.title')}</h1>
      <p className="kit-muted">{t('console.roadmap.intro')}</p>
      {communes.state.status === 'error' && <ErrorBanner error={communes.state.error} onRetry={communes.reload} />}
      {communeList === undefined ? (
        communes.state.status === 'loading' && <LoadingLine />
      ) : communeList.length === 0 ? (
        <EmptyState>{t('console.roadmap.communes.empty')}</EmptyState>
      ) : (
        <CommunePicker
          communes={communeList}
          value={commune}
          onChange={(next) => {
            setCommune(next);
            setDone(null);
            setPicked((n) => n + 1);
          }}
        />
      )}
      {communeList !== undefined && communeList.length > 0 && commune === null && <p className="kit-muted">{t('console.roadmap.communes.choose')}</p>}
      {commune !== null && (
        <section className="roadmap-commune-view" aria-labelledby="roadmap-commune-title">
          <h2 id="roadmap-commune-title" className="roadmap-subtitle" tabIndex={-1} ref={communeTitle}>
            {commune}
          </h2>
          {roadmap.state.status === 'error' && <ErrorBanner error={roadmap.state.error} onRetry={roadmap.reload} />}
          {current === undefined ? (
            roadmap.state.status === 'loading' && <LoadingLine />
          ) : current.hamlets.length === 0 ? (
            <EmptyState>{t('console.roadmap.hamlets.empty', { commune })}</EmptyState>
          ) : (
            <HamletTable roadmap={current} />
          )}
          {current !== undefined && current.hamlets.length > 0 && <PublicLinks roadmap={current} />}
          {done !== null && (
            <p className="notice notice--info" role="status">
              {done}
            </p>
          )}
          {current?.confirmedAt != null && (
            <div className="roadmap-letter" role="group" aria-label={t('console.letter.download.title')}>
              <p className="kit-muted">{t('console.letter.download.hint', { commune })}</p>
              <div className="button-row">
                <a className="button button--secondary" href={roadmapLetterUrl(commune, 'pdf')} download>
                  {t('console.letter.download.pdf')}
                </a>
                <a className="button button--secondary" href={roadmapLetterUrl(commune, 'docx')} download>
                  {t('console.letter.download.docx')}
                </a>
              </div>
            </div>
          )}
          {technicians.state.status === 'error' && <ErrorBanner error={technicians.state.error} onRetry={technicians.reload} />}
          {current !== undefined &&
            (plannable === 0 ? (
              <EmptyState>{t('console.roadmap.plan.nothing')}</EmptyState>
            ) : (
              <PlanPanel
                key={commune}
                commune={commune}
                technicians={currentValue(technicians.state)?.items ?? []}
                today={today}
                dayOff={dayOff}
                onConfirmed={(count) => {
                  setDone(t('console.roadmap.proposal.done', { orders: formatCount(count, i18n.language), commune }));
                  roadmap.reload();
                  communes.reload();
                }}
              />
            ))}
        </section>
      )}
    </div>
  );
}
