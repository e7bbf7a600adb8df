import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { WorkOrder } from '../../../domain';
import { formatIsoDay } from '../../../domain/time/time';
import { useDisplayStatus, useWorkOrder } from '../../../local';
import { DetailList, type DetailItem } from './DetailList';
import { formatCoordinates, formatReading } from '../../../domain/format/numberFormat';
import { geoUri, telUri, webMapUrl } from './mapLinks';
import { BackIcon, MapPinIcon, PhoneIcon } from '../../../ui/icons';
import { RouteMapSection } from './routeMap/RouteMapSection';
import { CommissioningSection } from './CommissioningSection';
import { NoticeSection } from './NoticeSection';
import { ReturnedSection } from './ReturnedSection';
import { StartSection } from './StartSection';
import { StatusChip } from './StatusChip';
import './workOrders.css';

export function WorkOrderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const workOrder = useWorkOrder(id);

  // Back through history keeps the list's search and filter; a deep link has no history to go back to.
  const back = () => void (location.key === 'default' ? navigate('/') : navigate(-1));

  return (
    <article className="wo-detail">
      <button type="button" className="button button--secondary wo-detail__back" onClick={back}>
        <BackIcon /> {t('detail.back')}
      </button>
      {workOrder === undefined && <p role="status">{t('detail.loading')}</p>}
      {workOrder === null && (
        <p className="notice notice--warning" role="alert">
          {t('detail.notFound')}
        </p>
      )}
      {workOrder != null && <DetailBody wo={workOrder} />}
    </article>
  );
}

function DetailBody({ wo }: { wo: WorkOrder }) {
  const { t, i18n } = useTranslation();
  const none = t('detail.none');
  const status = useDisplayStatus(wo) ?? wo.status;

  const customer: DetailItem[] = [
    { label: t('detail.customerCode'), value: wo.customerCode, mono: true },
    { label: t('detail.address'), value: wo.address },
    { label: t('detail.phone'), value: wo.phone ?? none, mono: wo.phone !== null },
  ];
  const meter: DetailItem[] = [
    { label: t('detail.meterSerial'), value: wo.oldMeterSerial, mono: true, large: true },
    { label: t('detail.meterType'), value: wo.oldMeterType ?? none },
    { label: t('detail.phases'), value: t('detail.phasesValue', { count: wo.phases }) },
    {
      label: t('detail.lastBilledReading'),
      value: wo.lastBilledReading === null ? none : formatReading(wo.lastBilledReading, i18n.resolvedLanguage ?? i18n.language),
      mono: wo.lastBilledReading !== null,
    },
    { label: t('detail.reason'), value: wo.reason ?? none },
  ];
  const place: DetailItem[] = [
    { label: t('detail.station'), value: wo.stationCode ?? none, mono: wo.stationCode !== null },
    { label: t('detail.route'), value: wo.routeCode ?? none, mono: wo.routeCode !== null },
    { label: t('detail.routeOrder'), value: wo.routeOrder === null ? none : String(wo.routeOrder) },
    { label: t('detail.plannedDate'), value: wo.plannedDate === null ? none : formatIsoDay(wo.plannedDate) },
    { label: t('detail.code'), value: wo.code, mono: true },
  ];

  return (
    <>
      <header className="wo-detail__head">
        <h1 className="page-title">{wo.customerName}</h1>
        <p className="wo-detail__status">
          <span className="visually-hidden">{t('detail.status')}: </span>
          <StatusChip status={status} />
        </p>
      </header>

      {status === 'returned' ? <ReturnedSection wo={wo} /> : <StartSection wo={wo} />}
      <CommissioningSection workOrderId={wo.id} status={status} />

      <section className="card" aria-labelledby="wo-customer">
        <h2 id="wo-customer" className="card__title">
          {t('detail.customer')}
        </h2>
        <DetailList items={customer} />
        {wo.phone !== null && (
          <a className="button button--call button--block" href={telUri(wo.phone)}>
            <PhoneIcon /> {t('detail.callLabel', { phone: wo.phone })}
          </a>
        )}
        <NoticeSection wo={wo} />
      </section>

      <section className="card" aria-labelledby="wo-meter">
        <h2 id="wo-meter" className="card__title">
          {t('detail.oldMeter')}
        </h2>
        <DetailList items={meter} />
      </section>

      <section className="card" aria-labelledby="wo-place">
        <h2 id="wo-place" className="card__title">
          {t('detail.place')}
        </h2>
        <DetailList items={place} />
      </section>

      <section className="card" aria-labelledby="wo-location">
        <h2 id="wo-location" className="card__title">
          {t('detail.location')}
        </h2>
        <DetailList items={[{ label: t('detail.coordinates'), value: formatCoordinates(wo.lat, wo.lng), mono: true }]} />
        <div className="button-row">
          <a className="button button--primary" href={geoUri(wo.lat, wo.lng)}>
            <MapPinIcon /> {t('detail.openMap')}
          </a>
          <a className="button button--secondary" href={webMapUrl(wo.lat, wo.lng)} target="_blank" rel="noopener noreferrer">
            {t('detail.openMapWeb')}
          </a>
        </div>
      </section>

      <RouteMapSection workOrderId={wo.id} />
    </>
  );
}
