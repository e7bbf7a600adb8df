import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CaptureHeader } from './CaptureHeader';
import { useToday } from '../../platform/PlatformContext';
import type { Me } from '../../domain/auth';
import type { DraftIssue } from '../../domain/draftIssues';
import { SWAP_STEPS, type SwapStep } from '../../domain/swapDraft';
import { stepOfField, validateStep } from '../../domain/swapValidation';
import type { WorkOrder } from '../../domain/workOrder';
import { type AmendDraft, type AmendRefusal, LatestWriter, type SaveDraftResult, useDevice, useInstalledSerialsUsedToday, useReturnInfo } from '../../local';
import { CaptureFooter } from './CaptureFooter';
import { CashlessStep } from './CashlessStep';
import { TextField } from './fields';
import { HandoverStep } from './HandoverStep';
import { InstalledMeterStep } from './InstalledMeterStep';
import { LocationStep } from './LocationStep';
import { RemovedMeterStep } from './RemovedMeterStep';
import type { StepProps } from './stepTypes';
import { useDraftEditor } from './useDraftEditor';
import { focusFirstError, useStepNavigation } from './useStepNavigation';

const STEP_SCREENS: Record<SwapStep, (props: StepProps) => React.JSX.Element> = {
  removed: RemovedMeterStep,
  installed: InstalledMeterStep,
  location: LocationStep,
  handover: HandoverStep,
  cashless: CashlessStep,
};

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
  const installedSerialsUsedToday = useInstalledSerialsUsedToday(useToday(), workOrder.id);
  const ctx = { workOrder, installedSerialsUsedToday };
  const nav = useStepNavigation(editor, ctx);
  const [finishIssues, setFinishIssues] = useState<DraftIssue[]>([]);
  const [refusal, setRefusal] = useState<Exclude<AmendRefusal['code'], 'invalid'> | null>(null);
  const [finishing, setFinishing] = useState(false);
  const step = editor.draft.step;
  const all = validateStep(step, editor.draft, ctx);
  const issues = nav.attempted(step) ? all : all.filter((i) => i.level === 'warning');
  const Screen = STEP_SCREENS[step];
  const index = SWAP_STEPS.indexOf(step);
  const isLast = index === SWAP_STEPS.length - 1;

  const finish = async () => {
    setFinishing(true);
    setRefusal(null);
    await editor.flush();
    await reason.flush();
    const result = await device.amend.finish({ workOrder, technicianName: me.displayName, installedSerialsUsedToday });
    setFinishing(false);
    if (result.ok) return;
    if (result.error.code !== 'invalid') {
      setRefusal(result.error.code);
      return;
    }
    nav.markAttempted(...SWAP_STEPS);
    const here = result.error.issues.filter((i) => stepOfField(i.field) === step);
    setFinishIssues(result.error.issues.filter((i) => stepOfField(i.field) !== step));
    setTimeout(() => focusFirstError(here), 0);
  };

  const cancel = () => {
    if (window.confirm(t('capture.amend.cancelConfirm'))) void device.amend.cancel(workOrder.id);
  };

  const otherSteps = [...new Set(finishIssues.map((i) => stepOfField(i.field)))];
  const note = info?.review?.note ?? null;
  return (
    <div className="capture capture--amend">
      <CaptureHeader step={step} workOrder={workOrder} />
      <section className="notice notice--warning amend__banner" aria-label={t('capture.amend.banner')} data-testid="amend-banner">
        <p className="amend__banner-title">{t('capture.amend.banner')}</p>
        {info !== undefined && (
          <p className="amend__note">
            {t('capture.amend.noteLabel')}: {note !== null && note.trim() !== '' ? note : t('capture.amend.noNote')}
          </p>
        )}
      </section>
      {issues.some((i) => i.level === 'error') && (
        <p className="notice notice--error" role="alert">
          {t('capture.flow.fixErrors', { count: issues.filter((i) => i.level === 'error').length })}
        </p>
      )}
      <div className="capture__body">
        <Screen editor={editor} workOrder={workOrder} issues={issues} />
        {isLast && (
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
        )}
      </div>
      {refusal !== null && (
        <p className="notice notice--error" role="alert" data-testid="amend-refusal">
          {t(REFUSAL_KEYS[refusal])}
        </p>
      )}
      {otherSteps.length > 0 && (
        <div className="notice notice--error" role="alert">
          <p>{t('capture.flow.fixEarlier')}</p>
          {otherSteps.map((s) => (
            <button key={s} type="button" className="button button--secondary button--block" onClick={() => void nav.goTo(s).then(() => setFinishIssues([]))}>
              {t('capture.flow.goToStep', { step: t(`capture.steps.${s}`) })}
            </button>
          ))}
        </div>
      )}
      <button type="button" className="button button--secondary button--block amend__cancel" onClick={cancel}>
        {t('capture.amend.cancel')}
      </button>
      <CaptureFooter
        editor={editor}
        canGoBack={index > 0}
        isLast={isLast}
        busy={finishing}
        finishLabel={t('capture.amend.send')}
        onBack={() => void nav.back()}
        onNext={() => void nav.next()}
        onFinish={() => void finish()}
      />
    </div>
  );
}
