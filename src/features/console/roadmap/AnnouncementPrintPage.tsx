import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ANNOUNCEMENT_SYLLABLES_PER_MINUTE, buildAnnouncements } from '../../../domain/campaign/announcement';
import { formatNumber } from '../../../domain/format/numberFormat';
import type { Me } from '../../../domain/users/auth';
import { announcementTxtUrl } from '../../../consoleApi/announcements';
import { fetchRoadmap } from '../../../consoleApi/roadmaps';
import { fetchTeamSettings } from '../../../consoleApi/teamSettings';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './announcementPrint.css';

/** What the announcement names as the speaker when the signed-in user has no team (an admin). */
const NO_TEAM = 'Điện lực';

/** "2026-12-07" → "07/12/2026" */
const shortDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * The loudspeaker announcement to print (/console/roadmap/announcement?commune=…, issue 15 §2): each week of the
 * confirmed roadmap in large type, one week per printed page. The text is built by the same pure builder as
 * `announcement.txt` (src/domain/campaign/announcement.ts) from the roadmap the screen already reads.
 */
export function AnnouncementPrintPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const [params] = useSearchParams();
  const commune = params.get('commune') ?? '';
  const [typed, setTyped] = useState<string | null>(null);
  const phoneId = useId();
  const roadmap = useApiData(commune === '' ? null : `roadmap:${commune}`, () => fetchRoadmap(api, commune));
  const current = currentValue(roadmap.state);
  // The team's contact number of its letter settings ("Thiết lập công văn") until the user types another, or none.
  const teamId = me.teamId;
  const settings = useApiData(teamId === null ? null : `team-settings:${teamId}`, () => fetchTeamSettings(api, teamId ?? ''));
  const phone = typed ?? currentValue(settings.state)?.settings.contactPhone ?? '';
  const validPhone = /^[0-9+().\s-]*$/.test(phone) ? phone : '';
  const weeks = useMemo(
    () => (current === undefined ? [] : buildAnnouncements({ roadmap: current, teamName: me.teamName ?? NO_TEAM, phone: validPhone })),
    [current, me.teamName, validPhone],
  );

  if (commune === '') return <EmptyState>{t('console.roadmapPublic.announcement.noCommune')}</EmptyState>;
  return (
    <div className="kit-page announcement-print">
      <div className="announcement-print__controls">
        <Link to="/console/roadmap">{t('console.roadmapPublic.announcement.back')}</Link>
        <h1 className="page-title">
          {t('console.roadmapPublic.announcement.title')}: {commune}
        </h1>
        <p className="kit-muted">{t('console.roadmapPublic.announcement.intro')}</p>
        <div className="announcement-print__phone">
          <label htmlFor={phoneId}>{t('console.roadmapPublic.announcement.phone')}</label>
          <input
            id={phoneId}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            maxLength={30}
            value={phone}
            aria-describedby={`${phoneId}-hint`}
            onChange={(event) => setTyped(event.target.value)}
          />
          <p id={`${phoneId}-hint`} className="kit-muted">
            {t('console.roadmapPublic.announcement.phoneHint')}
          </p>
        </div>
        <p className="announcement-print__actions">
          <button type="button" className="button button--primary" onClick={() => window.print()} disabled={weeks.length === 0}>
            {t('console.roadmapPublic.announcement.print')}
          </button>
          <a className="button button--secondary" href={announcementTxtUrl(commune, { phone: validPhone })} download>
            {t('console.roadmapPublic.announcement.download')}
          </a>
        </p>
      </div>
      {roadmap.state.status === 'error' && <ErrorBanner error={roadmap.state.error} onRetry={roadmap.reload} />}
      {current === undefined ? (
        roadmap.state.status === 'loading' && <LoadingLine />
      ) : weeks.length === 0 ? (
        <EmptyState>{t('errors.ROADMAP_NOT_PLANNED')}</EmptyState>
      ) : (
        weeks.map((week) => (
          <section key={week.week} className="announcement-week" aria-labelledby={`week-${week.week}`}>
            <h2 id={`week-${week.week}`} className="announcement-week__title">
              {t('console.roadmapPublic.announcement.week', {
                week: week.week,
                days: week.firstDate === week.lastDate ? shortDate(week.firstDate) : `${shortDate(week.firstDate)} – ${shortDate(week.lastDate)}`,
              })}
            </h2>
            <p className="announcement-week__length kit-muted">
              {t('console.roadmapPublic.announcement.length', {
                syllables: week.syllables,
                minutes: formatNumber(week.syllables / ANNOUNCEMENT_SYLLABLES_PER_MINUTE, i18n.language, { maxFractionDigits: 1 }),
              })}
            </p>
            <div className="announcement-week__text">
              {week.text.split('\n').map((line, i) => (
                <p key={i}>{line}</p>
              ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
}
