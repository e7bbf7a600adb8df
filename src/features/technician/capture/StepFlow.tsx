import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftIssue } from '../../../domain/capture/draftIssues';
import { SWAP_STEPS, type SwapStep } from '../../../domain/capture/swapDraft';
import { stepOfField, validateStep, type SwapContext } from '../../../domain/capture/swapValidation';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import { useHeldStock, useInstalledSerialsUsedToday } from '../../../local';
import { useToday } from '../../../platform/PlatformContext';
import { CaptureFooter } from './CaptureFooter';
import { CaptureHeader } from './CaptureHeader';
import { CashlessStep } from './steps/CashlessStep';
import { HandoverStep } from './steps/HandoverStep';
import { InstalledMeterStep } from './steps/InstalledMeterStep';
import { LocationStep } from './steps/LocationStep';
import { RemovedMeterStep } from './steps/RemovedMeterStep';
import type { StepProps } from './stepTypes';
import type { DraftEditor } from './useDraftEditor';
import { focusFirstError, useStepNavigation, type StepNavigation } from './useStepNavigation';

const STEP_SCREENS: Record<SwapStep, (props: StepProps) => React.JSX.Element> = {
  removed: RemovedMeterStep,
  installed: InstalledMeterStep,
  location: LocationStep,
  handover: HandoverStep,
  cashless: CashlessStep,
};

/**
 * The validation context (serials already used today, the technician's stock) and the step navigation over one draft.
 * `judgeStock` false for a correction: the meter of a record already sent has left the stock since.
 */
export function useSwapSteps(editor: DraftEditor, workOrder: WorkOrder, judgeStock = true): { ctx: SwapContext; nav: StepNavigation } {
  const today = useToday();
  const installedSerialsUsedToday = useInstalledSerialsUsedToday(today, workOrder.id);
  const held = useHeldStock(workOrder.id);
  const ctx: SwapContext = { workOrder, installedSerialsUsedToday, stock: judgeStock ? held : undefined, today };
  return { ctx, nav: useStepNavigation(editor, ctx) };
}

export interface StepFlowProps {
  editor: DraftEditor;
  workOrder: WorkOrder;
  steps: { ctx: SwapContext; nav: StepNavigation };
  className: string;
  /**
   * Completes the draft once everything typed is on disk: the field issues when validation refused it, else null
   * (done, or refused for a reason the caller shows itself).
   */
  finish: () => Promise<readonly DraftIssue[] | null>;
  finishLabel?: string;
  onFail?: () => void;
  /** Under the header (the amendment's banner). */
  banner?: ReactNode;
  /** Under the last step's screen (the amendment's reason). */
  lastStepExtra?: ReactNode;
  /** Above the list of earlier steps to fix (a refusal the caller shows). */
  notice?: ReactNode;
  /** Above the footer (the amendment's cancel button). */
  beforeFooter?: ReactNode;
}

/**
 * The five steps of a swap over one draft, shared by the capture and the amendment: the step's screen, its issues
 * (warnings always, errors once the technician tried to go on), back / next / finish, and after a refused finish the
 * issues of this step focused and buttons to the earlier steps that have some.
 */
export function StepFlow({
  editor,
  workOrder,
  steps,
  className,
  finish,
  finishLabel,
  onFail,
  banner,
  lastStepExtra,
  notice,
  beforeFooter,
}: StepFlowProps) {
  const { t } = useTranslation();
  const { ctx, nav } = steps;
  const [finishIssues, setFinishIssues] = useState<readonly DraftIssue[]>([]);
  const [finishing, setFinishing] = useState(false);
  const step = editor.draft.step;
  const all = validateStep(step, editor.draft, ctx);
  const issues = nav.attempted(step) ? all : all.filter((i) => i.level === 'warning');
  const Screen = STEP_SCREENS[step];
  const index = SWAP_STEPS.indexOf(step);
  const isLast = index === SWAP_STEPS.length - 1;

  const onFinish = async () => {
    setFinishing(true);
    await editor.flush();
    const refused = await finish();
    setFinishing(false);
    if (refused === null) return;
    nav.markAttempted(...SWAP_STEPS);
    const here = refused.filter((i) => stepOfField(i.field) === step);
    setFinishIssues(refused.filter((i) => stepOfField(i.field) !== step));
    setTimeout(() => focusFirstError(here), 0);
  };

  const otherSteps = [...new Set(finishIssues.map((i) => stepOfField(i.field)))];
  const errorCount = issues.filter((i) => i.level === 'error').length;
  return (
    <div className={className}>
      <CaptureHeader step={step} workOrder={workOrder} />
      {banner}
      {errorCount > 0 && (
        <p className="notice notice--error" role="alert">
          {t('capture.flow.fixErrors', { count: errorCount })}
        </p>
      )}
      <div className="capture__body">
        <Screen editor={editor} workOrder={workOrder} issues={issues} />
        {isLast && lastStepExtra}
      </div>
      {notice}
      {otherSteps.length > 0 && (
        <div className="notice notice--error" role="alert">
          <p>{t('capture.flow.fixEarlier')}</p>
          {otherSteps.map((s) => (
            <button
              key={s}
              type="button"
              className="button button--secondary button--block"
              onClick={() => void nav.goTo(s).then(() => setFinishIssues([]))}
            >
              {t('capture.flow.goToStep', { step: t(`capture.steps.${s}`) })}
            </button>
          ))}
        </div>
      )}
      {beforeFooter}
      <CaptureFooter
        editor={editor}
        canGoBack={index > 0}
        isLast={isLast}
        busy={finishing}
        finishLabel={finishLabel}
        onBack={() => void nav.back()}
        onNext={() => void nav.next()}
        onFinish={() => void onFinish()}
        onFail={onFail}
      />
    </div>
  );
}
