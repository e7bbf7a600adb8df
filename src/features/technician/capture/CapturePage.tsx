import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Me } from '../../../domain/users/auth';
import { useAmendDraft, useSwapDraft, useWorkOrder, useWorkOrderRecords } from '../../../local';
import { AmendFlow } from './AmendFlow';
import { BackIcon } from '../../../ui/icons';
import { CaptureDevicesProvider, type CaptureDevices } from './CaptureDevices';
import { CaptureFlow } from './CaptureFlow';
import { DoneView } from './DoneView';
import { GeoWatchProvider } from './fields/GeoWatch';
import { useCaptureMessages } from '../../../i18n/capture/useCaptureMessages';
import './capture.css';

/**
 * /work-orders/:id/capture: the swap in progress (resumes at the saved step with the saved photos),
 * the correction of a returned record (an amendment is open), or, once recorded, what became of it.
 */
export function CapturePage({ me, devices }: { me: Me; devices?: CaptureDevices }) {
  useCaptureMessages();
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const workOrder = useWorkOrder(id);
  const draft = useSwapDraft(id);
  const records = useWorkOrderRecords(id);
  const amend = useAmendDraft(id);

  if (workOrder === undefined || draft === undefined || records === undefined || amend === undefined)
    return <p role="status">{t('detail.loading')}</p>;
  if (workOrder === null) {
    return (
      <p className="notice notice--warning" role="alert">
        {t('detail.notFound')}
      </p>
    );
  }
  if (amend !== null) {
    return (
      <CaptureDevicesProvider devices={devices}>
        <GeoWatchProvider>
          <AmendFlow key={amend.original.completionId} amend={amend} workOrder={workOrder} me={me} />
        </GeoWatchProvider>
      </CaptureDevicesProvider>
    );
  }
  if (draft === null) {
    const last = records.at(-1);
    if (last !== undefined) return <DoneView record={last} />;
    return (
      <div className="capture">
        <p className="notice notice--warning">{t('capture.flow.notStarted')}</p>
        <Link className="button button--secondary" to={`/work-orders/${id}`}>
          <BackIcon /> {t('capture.flow.toDetail')}
        </Link>
      </div>
    );
  }
  return (
    <CaptureDevicesProvider devices={devices}>
      <GeoWatchProvider>
        <CaptureFlow key={draft.completionId} initial={draft} workOrder={workOrder} me={me} />
      </GeoWatchProvider>
    </CaptureDevicesProvider>
  );
}
