import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWaitingCount } from '../../../local';
import './outbox.css';

/** Header badge: how many records and photos wait to be sent; opens the end-of-day view. */
export function OutboxBadge() {
  const { t } = useTranslation();
  const waiting = useWaitingCount();
  // Until the count is read, an invisible stand-in of the same size holds its place: the header's buttons
  // would otherwise narrow when the badge arrives and the page under them jump (a layout shift on every start).
  if (waiting === undefined) {
    return (
      <span className="outbox-badge outbox-badge--pending" aria-hidden="true">
        {t('outbox.badgeAllSent')}
      </span>
    );
  }
  return (
    <Link to="/outbox" className={waiting > 0 ? 'outbox-badge outbox-badge--waiting' : 'outbox-badge'} data-testid="outbox-badge">
      {waiting > 0 ? t('outbox.badge', { count: waiting }) : t('outbox.badgeAllSent')}
      {/* The name starts with the words on screen, so voice control finds it by them (WCAG 2.5.3). */}
      <span className="visually-hidden"> – {t('outbox.badgeLabel', { count: waiting })}</span>
    </Link>
  );
}
