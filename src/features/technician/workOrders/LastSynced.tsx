import { useTranslation } from 'react-i18next';
import { formatTimeThenDate } from '../../../domain/time/timeDisplay';
import { useLastPulledAt } from '../../../local';

/** When this device last received the server's data ("Cập nhật lúc 14:05 24/11/2026"), where the technician judges it: the list and the outbox. */
export function LastSynced() {
  const { t } = useTranslation();
  const lastPulledAt = useLastPulledAt();
  // Nothing while it is read: a line that appears does not push the list down once it is there.
  if (lastPulledAt === undefined) return <p className="last-synced" aria-hidden="true" />;
  return (
    <p className="last-synced" data-testid="last-synced">
      {lastPulledAt === null ? t('shell.neverSynced') : t('shell.lastSynced', { time: formatTimeThenDate(new Date(lastPulledAt)) })}
    </p>
  );
}
