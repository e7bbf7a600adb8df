import { useTranslation } from 'react-i18next';
import type { WorkOrderStatus } from '../../../domain';

/** Status in words (never colour alone: sunlight and colour-blind users). */
export function StatusChip({ status }: { status: WorkOrderStatus }) {
  const { t } = useTranslation();
  return <span className={`chip chip--${status}`}>{t(`status.${status}`)}</span>;
}
