import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { SWAP_STEPS } from '../../../domain/capture/swapDraft';
import { formatDateTime } from '../../../domain/time/time';
import { OPEN_STATUSES, type WorkOrder } from '../../../domain/workOrder/workOrder';
import { useCaptureMessages } from '../../../i18n/capture/useCaptureMessages';
import { useDevice, useSwapDraft, useWorkOrderRecords } from '../../../local';
import { AmendmentStatusFor } from './ReturnedSection';
import { browserGeolocation, type DeviceGeolocation } from '../../../platform/geolocation';
import { requestPersistentStorage } from '../../../platform/persistence';

/** Check-in waits at most this long for a GPS fix before starting without one (the location step asks again). */
export const START_GPS_TIMEOUT_MS = 10_000;

/**
 * The work order's own progress on this device: "Bắt đầu" (check-in with GPS) or "Không thực hiện được" (the
 * failed-visit form, with no start recorded), "Tiếp tục" at the saved step, or the completed record (read-only)
 * and failed visits.
 */
export function StartSection({ wo, geolocation = browserGeolocation }: { wo: WorkOrder; geolocation?: DeviceGeolocation }) {
  useCaptureMessages();
  const { t } = useTranslation();
  const device = useDevice();
  const navigate = useNavigate();
  const draft = useSwapDraft(wo.id);
  const records = useWorkOrderRecords(wo.id);
  const [starting, setStarting] = useState(false);
  const [opening, setOpening] = useState(false);
  if (draft === undefined || records === undefined) return null;

  const swap = records.find((r) => r.kind === 'swap');
  const failures = records.flatMap((r) => (r.kind === 'failedVisit' ? [r] : []));
  const capturePath = `/work-orders/${wo.id}/capture`;

  const start = async () => {
    setStarting(true);
    // From here the device holds field evidence: ask (again, now signed in and engaged) not to be evicted.
    void requestPersistentStorage();
    const position = await geolocation.current({ timeoutMs: START_GPS_TIMEOUT_MS });
    // Without a fix the visit starts anyway: the location step asks again, where the technician can retry.
    await device.startVisit({ workOrder: wo, gps: position.ok ? position.fix : undefined });
    setStarting(false);
    void navigate(capturePath);
  };

  // A failed visit needs no start: nothing was started on site, so nothing is recorded until the form is.
  const fail = async () => {
    setOpening(true);
    void requestPersistentStorage();
    await device.openFailedVisit({ workOrder: wo });
    setOpening(false);
    void navigate(capturePath);
  };

  const startButton = (
    <button
      type="button"
      className="button button--primary button--block button--big"
      aria-busy={starting}
      disabled={starting || opening}
      onClick={() => void start()}
    >
      {starting ? t('capture.start.starting') : t('capture.start.start')}
    </button>
  );

  return (
    <section className="card wo-start" aria-labelledby="wo-start">
      <h2 id="wo-start" className="card__title">
        {t('capture.start.title')}
      </h2>
      {failures.map((f) => (
        <p key={f.id} className="notice notice--warning">
          {t('capture.start.failedVisit', {
            time: formatDateTime(new Date(f.args.at)),
            reason: `${f.args.reason} – ${t(`capture.failureReasons.${f.args.reason}`)}`,
          })}
        </p>
      ))}
      {swap !== undefined ? (
        <>
          <p className="wo-start__done">{t('capture.start.completed', { time: formatDateTime(new Date(swap.createdAt)) })}</p>
          <AmendmentStatusFor workOrderId={wo.id} />
          <p>{t('capture.start.readOnly')}</p>
          <Link className="button button--primary button--block" to={`/work-orders/${wo.id}/handover`}>
            {t('capture.start.viewRecord')}
          </Link>
        </>
      ) : draft !== null && !draft.started ? (
        <>
          <p className="wo-start__progress">{t('capture.start.failureOpen')}</p>
          <Link className="button button--danger button--block button--big" to={capturePath}>
            {t('capture.start.continueFailure')}
          </Link>
          <p>{t('capture.start.startHint')}</p>
          {startButton}
        </>
      ) : draft !== null ? (
        <>
          <p className="wo-start__progress">
            {draft.failure.active
              ? t('capture.start.failureOpen')
              : t('capture.start.inProgress', {
                  current: SWAP_STEPS.indexOf(draft.step) + 1,
                  total: SWAP_STEPS.length,
                  step: t(`capture.steps.${draft.step}`),
                })}
          </p>
          <Link className="button button--primary button--block button--big" to={capturePath}>
            {t('capture.start.continue')}
          </Link>
        </>
      ) : OPEN_STATUSES.includes(wo.status) ? (
        <>
          <p>{t('capture.start.startHint')}</p>
          {startButton}
          <p>{t('capture.start.failHint')}</p>
          <button
            type="button"
            className="button button--danger-outline button--block"
            aria-busy={opening}
            disabled={starting || opening}
            onClick={() => void fail()}
          >
            {t('capture.flow.fail')}
          </button>
        </>
      ) : (
        <p>{t('capture.start.notOpen')}</p>
      )}
    </section>
  );
}
