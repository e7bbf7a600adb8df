import { useState } from 'react';
import { hasErrors, type DraftIssue } from '../../../domain/capture/draftIssues';
import { SWAP_STEPS, type SwapStep } from '../../../domain/capture/swapDraft';
import { validateStep, type SwapContext } from '../../../domain/capture/swapValidation';
import { fieldId } from './issueText';
import { saveSignatureImages } from './fields/signatureExport';
import type { DraftEditor } from './useDraftEditor';

/** Focuses the input (or the first control inside the group) of the first field with an error. */
export function focusFirstError(issues: readonly DraftIssue[]): void {
  const first = issues.find((i) => i.level === 'error');
  if (first === undefined) return;
  const target = document.getElementById(fieldId(first.field)) ?? document.querySelector(`[data-field="${first.field}"]`);
  if (!(target instanceof HTMLElement)) return;
  const focusable = target.matches('input, select, textarea, button') ? target : target.querySelector<HTMLElement>('input, select, textarea, button');
  // Focusing scrolls the field into view too.
  focusable?.focus();
}

export interface StepNavigation {
  /** Errors of a step are shown only after the technician tried to leave it (or to finish). */
  attempted: (step: SwapStep | 'failure') => boolean;
  markAttempted: (...steps: (SwapStep | 'failure')[]) => void;
  next: () => Promise<void>;
  back: () => Promise<void>;
  goTo: (step: SwapStep) => Promise<void>;
}

export function useStepNavigation(editor: DraftEditor, ctx: SwapContext): StepNavigation {
  const [attemptedSteps, setAttempted] = useState<ReadonlySet<string>>(new Set());
  const markAttempted = (...steps: string[]) => setAttempted((prev) => new Set([...prev, ...steps]));

  const goTo = async (step: SwapStep) => {
    editor.update((d) => ({ ...d, step }));
    await editor.flush();
    window.scrollTo({ top: 0 });
    document.getElementById('capture-step-title')?.focus();
  };

  const next = async () => {
    const step = editor.current().step;
    if (step === 'handover') await saveSignatureImages(editor);
    const issues = validateStep(step, editor.current(), ctx);
    if (hasErrors(issues)) {
      markAttempted(step);
      // After React has rendered the messages.
      setTimeout(() => focusFirstError(issues), 0);
      return;
    }
    const following = SWAP_STEPS[SWAP_STEPS.indexOf(step) + 1];
    if (following !== undefined) await goTo(following);
  };

  const back = async () => {
    const previous = SWAP_STEPS[SWAP_STEPS.indexOf(editor.current().step) - 1];
    if (previous !== undefined) await goTo(previous);
  };

  return { attempted: (step) => attemptedSteps.has(step), markAttempted, next, back, goTo };
}
