import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import { validateFailure } from '../../../domain/capture/failureValidation';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import { useDevice } from '../../../local';
import { SaveState, StorageLine } from './CaptureFooter';
import { FailureForm } from './FailureForm';
import type { DraftEditor } from './useDraftEditor';
import { focusFirstError, type StepNavigation } from './useStepNavigation';
import { draftPhotoIds } from '../../../domain/capture/swapDraft';

/** The failed-visit screen: the form, then record it or go back to the swap where it was left. */
export function FailureFlow({ editor, workOrder, me, nav }: { editor: DraftEditor; workOrder: WorkOrder; me: Me; nav: StepNavigation }) {
  const { t } = useTranslation();
  const device = useDevice();
  const [busy, setBusy] = useState(false);
  const all = validateFailure(editor.draft);
  const issues = nav.attempted('failure') ? all : [];

  const submit = async () => {
    const errors = validateFailure(editor.current());
    if (errors.length > 0) {
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
      {issues.length > 0 && (
        <p className="notice notice--error" role="alert">
          {t('capture.flow.fixErrors', { count: issues.length })}
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
        <button
          type="button"
          className="button button--secondary"
          onClick={() => editor.update((d) => ({ ...d, failure: { ...d.failure, active: false } }))}
        >
          {t('capture.failure.cancel')}
        </button>
        <button type="button" className="button button--danger capture__next" aria-busy={busy} disabled={busy} onClick={() => void submit()}>
          {t('capture.failure.submit')}
        </button>
      </nav>
    </div>
  );
}
