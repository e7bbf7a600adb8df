import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CaptureHeader } from './CaptureHeader';
import { useToday } from '../../platform/PlatformContext';
import type { Me } from '../../domain/auth';
import type { DraftIssue } from '../../domain/draftIssues';
import { SWAP_STEPS, type SwapDraft, type SwapStep } from '../../domain/swapDraft';
import { stepOfField, validateStep } from '../../domain/swapValidation';
import type { WorkOrder } from '../../domain/workOrder';
import { useDevice, useInstalledSerialsUsedToday } from '../../local';
import { CaptureFooter } from './CaptureFooter';
import { CashlessStep } from './CashlessStep';
import { FailureFlow } from './FailureFlow';
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

/** The five steps of a swap, or the failed-visit form, over one draft that is saved as it changes. */
export function CaptureFlow({ initial, workOrder, me }: { initial: SwapDraft; workOrder: WorkOrder; me: Me }) {
  const { t } = useTranslation();
  const device = useDevice();
  const editor = useDraftEditor(initial);
  const installedSerialsUsedToday = useInstalledSerialsUsedToday(useToday(), workOrder.id);
  const ctx = { workOrder, installedSerialsUsedToday };
  const nav = useStepNavigation(editor, ctx);
  const [finishIssues, setFinishIssues] = useState<DraftIssue[]>([]);
  const [finishing, setFinishing] = useState(false);
  const step = editor.draft.step;

  if (editor.draft.failure.active) return <FailureFlow editor={editor} workOrder={workOrder} me={me} nav={nav} />;

  const all = validateStep(step, editor.draft, ctx);
  const issues = nav.attempted(step) ? all : all.filter((i) => i.level === 'warning');
  const Screen = STEP_SCREENS[step];
  const index = SWAP_STEPS.indexOf(step);

  const finish = async () => {
    setFinishing(true);
    await editor.flush();
    const result = await device.completeSwap({ workOrder, technicianName: me.displayName, installedSerialsUsedToday });
    setFinishing(false);
    if (result.ok) return;
    nav.markAttempted(...SWAP_STEPS);
    const here = result.error.filter((i) => stepOfField(i.field) === step);
    setFinishIssues(result.error.filter((i) => stepOfField(i.field) !== step));
    setTimeout(() => focusFirstError(here), 0);
  };

  const otherSteps = [...new Set(finishIssues.map((i) => stepOfField(i.field)))];
  return (
    <div className="capture">
      <CaptureHeader step={step} workOrder={workOrder} />
      {issues.some((i) => i.level === 'error') && (
        <p className="notice notice--error" role="alert">
          {t('capture.flow.fixErrors', { count: issues.filter((i) => i.level === 'error').length })}
        </p>
      )}
      <div className="capture__body">
        <Screen editor={editor} workOrder={workOrder} issues={issues} />
      </div>
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
      <CaptureFooter
        editor={editor}
        canGoBack={index > 0}
        isLast={index === SWAP_STEPS.length - 1}
        busy={finishing}
        onBack={() => void nav.back()}
        onNext={() => void nav.next()}
        onFinish={() => void finish()}
        onFail={() => editor.update((d) => ({ ...d, failure: { ...d.failure, active: true } }))}
      />
    </div>
  );
}
