import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatIsoDay } from '../../../domain/time/time';
import type { TodayListItem } from '../../../domain/workOrder/workOrderList';
import type { ReturnBadge } from '../../../local';
import { StatusChip } from './StatusChip';

interface WorkOrderRowProps {
  item: TodayListItem;
  badge?: ReturnBadge | undefined;
}

/**
 * Whether a row would look the same: every live-query run hands over new objects, and re-rendering 500 unchanged
 * rows (when a pull or the return badges arrive) blocks a cheap phone for a third of a second.
 */
function sameRow(a: WorkOrderRowProps, b: WorkOrderRowProps): boolean {
  const x = a.item.workOrder;
  const y = b.item.workOrder;
  return (
    a.item.overdue === b.item.overdue &&
    a.badge?.returnNote === b.badge?.returnNote &&
    a.badge?.amendPending === b.badge?.amendPending &&
    (x === y ||
      (x.id === y.id &&
        x.version === y.version &&
        x.status === y.status &&
        x.routeOrder === y.routeOrder &&
        x.plannedDate === y.plannedDate &&
        x.code === y.code &&
        x.customerName === y.customerName &&
        x.address === y.address &&
        x.oldMeterSerial === y.oldMeterSerial))
  );
}

/** One row of today's list: the whole row is the link to the work order. */
export const WorkOrderRow = memo(function WorkOrderRow({ item, badge }: WorkOrderRowProps) {
  const { t } = useTranslation();
  const { workOrder: wo, overdue } = item;
  // A returned record shows the first line of the supervisor's note: what to fix, before opening it.
  const returnNote = wo.status === 'returned' && badge?.returnNote != null ? badge.returnNote.split('\n')[0]?.trim() : undefined;
  return (
    <li>
      <Link className={`wo-row${overdue ? ' wo-row--overdue' : ''}`} to={`/work-orders/${wo.id}`} data-testid="work-order-row">
        <span className="wo-row__order" data-testid="route-order">
          <span className="visually-hidden">{t('workOrders.routeOrder')} </span>
          {wo.routeOrder ?? '–'}
        </span>
        <span className="wo-row__body">
          <span className="wo-row__name">{wo.customerName}</span>
          <span className="wo-row__address">{wo.address}</span>
          <span>
            {t('workOrders.meterSerial')}:{' '}
            <strong className="mono" data-testid="old-meter-serial">
              {wo.oldMeterSerial}
            </strong>
          </span>
          {returnNote !== undefined && returnNote !== '' && (
            <span className="wo-row__return" data-testid="return-note">
              {t('workOrders.returnNote', { note: returnNote })}
            </span>
          )}
          <span className="wo-row__meta">
            <StatusChip status={wo.status} />
            {badge?.amendPending === true && wo.status === 'completed' && <span className="flag flag--pending">{t('workOrders.amendPending')}</span>}
            {overdue && wo.plannedDate !== null && (
              <span className="flag flag--overdue">
                {t('workOrders.overdue')} · {t('workOrders.plannedFor', { date: formatIsoDay(wo.plannedDate) })}
              </span>
            )}
            <span className="wo-row__code">
              {t('workOrders.code')}:{' '}
              <span className="mono" data-testid="work-order-code">
                {wo.code}
              </span>
            </span>
          </span>
        </span>
      </Link>
    </li>
  );
}, sameRow);
