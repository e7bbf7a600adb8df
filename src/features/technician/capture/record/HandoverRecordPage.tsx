import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { type RecordRow, usePhotoUrl, useWorkOrderRecords } from '../../../../local';
import { BackIcon } from '../../../../ui/icons';
import { PrintIcon } from '../fields/captureIcons';
import { HandoverRecord } from './HandoverRecord';
import { MissingPhoto } from '../fields/MissingPhoto';
import { useCaptureMessages } from '../../../../i18n/capture/useCaptureMessages';
import '../capture.css';
import './record.css';

type SwapRecord = Extract<RecordRow, { kind: 'swap' }>;

function RecordPhoto({ photoId, alt }: { photoId: string; alt: string }) {
  const url = usePhotoUrl(photoId);
  return <li className="record__photo">{url === null ? <MissingPhoto photoId={photoId} alt={alt} /> : <img src={url} alt={alt} />}</li>;
}

/**
 * /work-orders/:id/handover: the handover record, read-only, on the whole screen (no app header),
 * printable from the device (print stylesheet), with no network.
 */
export function HandoverRecordPage() {
  useCaptureMessages();
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const records = useWorkOrderRecords(id);
  const record = records?.find((r): r is SwapRecord => r.kind === 'swap');
  const back = () => void (location.key === 'default' ? navigate(`/work-orders/${id}`) : navigate(-1));
  const photos = record === undefined ? [] : [...record.args.removed.photoIds, ...record.args.installed.photoIds];

  return (
    <div className="record-page">
      <div className="record-page__bar no-print">
        <button type="button" className="button button--secondary" onClick={back}>
          <BackIcon /> {t('capture.record.back')}
        </button>
        {record !== undefined && (
          <>
            <button type="button" className="button button--primary" onClick={() => window.print()}>
              <PrintIcon /> {t('capture.record.print')}
            </button>
            {document.fullscreenEnabled && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void document.documentElement.requestFullscreen().catch(() => undefined)}
              >
                {t('capture.record.fullscreen')}
              </button>
            )}
          </>
        )}
      </div>
      <main className="record-page__main" id="main">
        {records === undefined && <p role="status">{t('detail.loading')}</p>}
        {records !== undefined && record === undefined && (
          <p className="notice notice--warning" role="alert">
            {t('capture.record.notFound')}
          </p>
        )}
        {record !== undefined && (
          <>
            <HandoverRecord record={record} />
            <section className="record__photos no-print" aria-labelledby="record-photos">
              <h2 id="record-photos" className="record__meter-title">
                {t('capture.record.photos')}
              </h2>
              <ul className="record__photo-grid">
                {photos.map((photoId, i) => (
                  <RecordPhoto key={photoId} photoId={photoId} alt={`${t('capture.record.photos')} ${i + 1}`} />
                ))}
              </ul>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
