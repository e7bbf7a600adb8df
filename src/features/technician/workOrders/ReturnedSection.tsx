import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../../domain/time/time';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import { useCaptureMessages } from '../../../i18n/capture/useCaptureMessages';
import { type ReturnInfo, useAmendDraft, useDevice, useReturnInfo } from '../../../local';

/**
 * "Bị trả lại": the supervisor's note (what to fix), when it was returned, and the big "Sửa và gửi lại"
 * button that reopens the record for correction (or "Tiếp tục sửa" when a correction is open).
 */
export function ReturnedSection({ wo }: { wo: WorkOrder }) {
  useCaptureMessages();
  const { t } = useTranslation();
  const device = useDevice();
  const navigate = useNavigate();
  const info = useReturnInfo(wo.id);
  const amend = useAmendDraft(wo.id);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  if (info === undefined || amend === undefined) return null;
  const capturePath = `/work-orders/${wo.id}/capture`;
  const note = info.review?.note?.trim() ?? '';
  const resolvedAt = info.review?.resolvedAt ?? null;

  const start = async () => {
    setBusy(true);
    const result = await device.amend.start(wo);
    setBusy(false);
    if (result.ok) void navigate(capturePath);
    else setMissing(true);
  };

  return (
    <section className="card wo-returned" aria-labelledby="wo-returned" data-testid="returned-section">
      <h2 id="wo-returned" className="card__title">
        {t('capture.amend.title')}
      </h2>
      <p>{resolvedAt === null ? t('capture.amend.returned') : t('capture.amend.returnedAt', { time: formatDateTime(new Date(resolvedAt)) })}</p>
      <div className="wo-returned__note" data-testid="return-note">
        <p className="wo-returned__label">{t('capture.amend.noteLabel')}</p>
        <p className="wo-returned__text">{note === '' ? t('capture.amend.noNote') : note}</p>
      </div>
      {info.amendmentStatus === 'rejected' && <AmendmentStatus info={info} />}
      {amend !== null ? (
        <Link className="button button--primary button--block button--big" to={capturePath}>
          {t('capture.amend.continue')}
        </Link>
      ) : (
        <button
          type="button"
          className="button button--primary button--block button--big"
          aria-busy={busy}
          disabled={busy || !info.canAmend}
          onClick={() => void start()}
        >
          {busy ? t('capture.amend.starting') : t('capture.amend.action')}
        </button>
      )}
      {(missing || !info.canAmend) && amend === null && (
        <p className="notice notice--warning" role="alert">
          {t('capture.amend.noRecord')}
        </p>
      )}
    </section>
  );
}

/** Under a corrected record: the latest correction and whether it has left the device. */
export function AmendmentStatus({ info }: { info: ReturnInfo }) {
  const { t } = useTranslation();
  const { amendment, amendmentStatus } = info;
  if (amendment === null) return null;
  return (
    <div className="wo-amended" data-testid="amendment-status">
      <p>{t('capture.amend.amendedAt', { time: formatDateTime(new Date(amendment.at)), reason: amendment.reason })}</p>
      {amendmentStatus === 'rejected' ? (
        <p className="notice notice--error">{t('capture.amend.rejected')}</p>
      ) : (
        <p className={`flag ${amendmentStatus === 'pending' ? 'flag--pending' : 'flag--sent'}`}>
          {amendmentStatus === 'pending' ? t('capture.amend.pending') : t('capture.amend.sent')}
        </p>
      )}
    </div>
  );
}

/** The correction status of a work order's record, when it was corrected on this device. */
export function AmendmentStatusFor({ workOrderId }: { workOrderId: string }) {
  const info = useReturnInfo(workOrderId);
  return info === undefined ? null : <AmendmentStatus info={info} />;
}
