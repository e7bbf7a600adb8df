import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hasErrors } from '../../../domain/capture/draftIssues';
import type { Me } from '../../../domain/users/auth';
import { validateFailure } from '../../../domain/capture/failureValidation';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import { useDevice } from '../../../local';
import { SaveState, StorageLine } from './CaptureFooter';
import { FailureForm } from './FailureForm';
import type { DraftEditor } from './useDraftEditor';
import { focusFirstError, type StepNavigation } from './useStepNavigation';
import { draftPhotoIds } from '../../../domain/capture/swapDraft';

/**
 * The failed-visit screen: the form, then record it, or leave it: back to the swap where it was left, or, when it was
 * opened from the work order without a start, back to the work order.
 */
export function FailureFlow({ editor, workOrder, me, nav }: { editor: DraftEditor; workOrder: WorkOrder; me: Me; nav: StepNavigation }) {
  const { t } = useTranslation();
  const device = useDevice();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const all = validateFailure(editor.draft, workOrder);
  // As on every step: warnings at once, errors once the technician tried to record.
  const issues = nav.attempted('failure') ? all : all.filter((i) => i.level === 'warning');
  const errorCount = issues.filter((i) => i.level === 'error').length;
  const started = editor.draft.started;

  const submit = async () => {
    const errors = validateFailure(editor.current(), workOrder);
    if (hasErrors(errors)) {
      nav.markAttempted('failure');
      setTimeout(() => focusFirstError(errors), 0);
      return;
    }
    setBusy(true);
    await editor.flush();
    const result = await device.recordFailedVisit({ workOrder, technicianName: me.displayName });
    setBusy(false);
    if (!result.ok) {
      nav.markAttempted('failure');
      setTimeout(() => focusFirstError(result.error), 0);
    }
  };

  // Opened from the work order: nothing to go back to but the work order (an untouched form leaves nothing behind).
  const leave = async () => {
    await editor.flush();
    await device.closeUnstartedVisit(workOrder.id);
    void navigate(`/work-orders/${workOrder.id}`, { replace: true });
  };

  return (
    <div className="capture">
      <header className="capture__head">
        <h2 id="capture-step-title" className="capture__title capture__title--danger" tabIndex={-1}>
          {t('capture.failure.title')}
        </h2>
        <p className="capture__customer">
          {workOrder.customerName} · <span className="mono">{workOrder.customerCode}</span>
        </p>
      </header>
      {errorCount > 0 && (
        <p className="notice notice--error" role="alert">
          {t('capture.flow.fixErrors', { count: errorCount })}
        </p>
      )}
      <div className="capture__body">
        <FailureForm editor={editor} workOrder={workOrder} issues={issues} />
      </div>
      <div className="capture__aside">
        <SaveState editor={editor} />
        <StorageLine photoCount={draftPhotoIds(editor.draft).length} />
      </div>
      <nav className="capture__nav" aria-label={t('capture.failure.title')}>
        {started ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => editor.update((d) => ({ ...d, failure: { ...d.failure, active: false } }))}
          >
            {t('capture.failure.cancel')}
          </button>
        ) : (
          <button type="button" className="button button--secondary" onClick={() => void leave()}>
            {t('capture.flow.toDetail')}
          </button>
        )}
        <button type="button" className="button button--danger capture__next" aria-busy={busy} disabled={busy} onClick={() => void submit()}>
          {t('capture.failure.submit')}
        </button>
      </nav>
    </div>
  );
}
