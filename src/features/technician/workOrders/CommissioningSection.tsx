import { useTranslation } from 'react-i18next';
import type { WorkOrderStatus } from '../../../domain';
import { formatReading } from '../../../domain/format/numberFormat';
import { formatDateTime } from '../../../domain/time/time';
import { useCommissioning } from '../../../local';

/** Statuses after a swap: the new meter is then waiting for, or has, the head-end's confirmation. */
const SWAPPED: readonly WorkOrderStatus[] = ['completed', 'approved'];

/**
 * "Xác nhận đo xa" (issue 17): whether the head-end system has read the new meter, as the last pull brought it. A
 * swapped order the device has no word on yet shows "chờ xác nhận"; nothing shows before the swap.
 */
export function CommissioningSection({ workOrderId, status }: { workOrderId: string; status: WorkOrderStatus }) {
  const { t, i18n } = useTranslation();
  const commissioning = useCommissioning(workOrderId);
  if (commissioning === undefined || (commissioning === null && !SWAPPED.includes(status))) return null;
  const state = commissioning?.state ?? 'awaiting';
  const values = {
    total: formatReading(commissioning?.firstReadTotal ?? 0, i18n.resolvedLanguage ?? i18n.language),
    time: commissioning?.firstReadAt == null ? '—' : formatDateTime(new Date(commissioning.firstReadAt)),
  };
  return (
    <section className={`card wo-commissioning wo-commissioning--${state}`} aria-labelledby="wo-commissioning" data-testid="commissioning-section">
      <h2 id="wo-commissioning" className="card__title">
        {t('detail.commissioning.title')}
      </h2>
      <p data-testid="commissioning-state" data-state={state}>
        {t(`detail.commissioning.${state}`, values)}
      </p>
    </section>
  );
}
