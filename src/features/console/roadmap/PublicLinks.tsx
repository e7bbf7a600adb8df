import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Roadmap } from '../../../domain/campaign/roadmap';
import { publicPageUrl } from '../../../consoleApi/announcements';
import './publicLinks.css';

/** The commune's documents for its people (issue 15 §2): the loudspeaker announcement to print and the public page. */
export function PublicLinks({ roadmap }: { roadmap: Roadmap }) {
  const { t } = useTranslation();
  return (
    <p className="roadmap-public-links">
      {roadmap.days.length > 0 && (
        <Link
          className="button button--secondary"
          to={`/console/roadmap/announcement?${new URLSearchParams({ commune: roadmap.commune }).toString()}`}
        >
          {t('console.roadmapPublic.printAnnouncement')}
        </Link>
      )}
      <a
        className="button button--secondary"
        href={publicPageUrl(roadmap.commune, roadmap.province)}
        target="_blank"
        rel="noopener"
        title={t('console.roadmapPublic.publicPageHint')}
      >
        {t('console.roadmapPublic.publicPage')}
      </a>
    </p>
  );
}
