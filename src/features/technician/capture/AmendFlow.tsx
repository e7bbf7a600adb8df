import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import { type AmendDraft, type AmendRefusal, LatestWriter, type SaveDraftResult, useDevice, useReturnInfo } from '../../../local';
import { TextField } from './fields/fields';
import { StepFlow, useSwapSteps } from './StepFlow';
import { useDraftEditor } from './useDraftEditor';

const REFUSAL_KEYS = {
  nothing_changed: 'capture.amend.nothingChanged',
  reason_required: 'capture.amend.reasonRequired',
  no_draft: 'capture.amend.noDraft',
} as const;

/** "Lý do sửa": written as it is typed, like the draft (see useDraftEditor); `flush` waits until it is on disk. */
function useAmendReason(workOrderId: string, initial: string) {
  const device = useDevice();
  const [reason, setReason] = useState(initial);
  // One writer for the screen's life: the device and the work order do not change while it is open.
  const [writer] = useState(() => new LatestWriter<string, SaveDraftResult>((text) => device.amend.saveReason(workOrderId, text)));
  const change = (next: string) => {
    setReason(next);
    void writer.submit(next).catch((cause: unknown) => console.error('could not save the reason', cause));
  };
  return { reason, change, flush: () => writer.idle() };
}

/**
 * Correcting a record the supervisor returned: the five capture steps over a copy of the record, the
 * supervisor's note on top, "Lý do sửa" on the last step, and "Gửi lại" (no failed visit: it happened).
 */
export function AmendFlow({ amend, workOrder, me }: { amend: AmendDraft; workOrder: WorkOrder; me: Me }) {
  const { t } = useTranslation();
  const device = useDevice();
  const editor = useDraftEditor(amend.draft, device.amend.saveDraft);
  const reason = useAmendReason(workOrder.id, amend.reason);
  const info = useReturnInfo(workOrder.id);
  const steps = useSwapSteps(editor, workOrder, false);
  const [refusal, setRefusal] = useState<Exclude<AmendRefusal['code'], 'invalid'> | null>(null);

  const finish = async () => {
    setRefusal(null);
    await reason.flush();
    const result = await device.amend.finish({
      workOrder,
      technicianName: me.displayName,
      installedSerialsUsedToday: steps.ctx.installedSerialsUsedToday,
    });
    if (result.ok) return null;
    if (result.error.code === 'invalid') return result.error.issues;
    setRefusal(result.error.code);
    return null;
  };

  const cancel = () => {
    if (window.confirm(t('capture.amend.cancelConfirm'))) void device.amend.cancel(workOrder.id);
  };

  const note = info?.review?.note ?? null;
  return (
    <StepFlow
      className="capture capture--amend"
      editor={editor}
      workOrder={workOrder}
      steps={steps}
      finish={finish}
      finishLabel={t('capture.amend.send')}
      banner={
        <section className="notice notice--warning amend__banner" aria-label={t('capture.amend.banner')} data-testid="amend-banner">
          <p className="amend__banner-title">{t('capture.amend.banner')}</p>
          {info !== undefined && (
            <p className="amend__note">
              {t('capture.amend.noteLabel')}: {note !== null && note.trim() !== '' ? note : t('capture.amend.noNote')}
            </p>
          )}
        </section>
      }
      lastStepExtra={
        <TextField
          field="amend.reason"
          label={t('capture.amend.reasonLabel')}
          hint={t('capture.amend.reasonHint')}
          value={reason.reason}
          multiline
          issues={[]}
          onChange={(value) => {
            reason.change(value);
            if (refusal === 'reason_required') setRefusal(null);
          }}
        />
      }
      notice={
        refusal !== null && (
          <p className="notice notice--error" role="alert" data-testid="amend-refusal">
            {t(REFUSAL_KEYS[refusal])}
          </p>
        )
      }
      beforeFooter={
        <button type="button" className="button button--secondary button--block amend__cancel" onClick={cancel}>
          {t('capture.amend.cancel')}
        </button>
      }
    />
  );
}
