import { useTranslation } from 'react-i18next';
import { SWAP_STEPS, type SwapStep } from '../../../domain/capture/swapDraft';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';

/** "Bước n/5", the progress bar, the step's title (focused on step change) and whose meter it is. */
export function CaptureHeader({ step, workOrder }: { step: SwapStep; workOrder: WorkOrder }) {
  const { t } = useTranslation();
  const index = SWAP_STEPS.indexOf(step);
  return (
    <header className="capture__head">
      <p className="capture__progress">{t('capture.flow.progress', { current: index + 1, total: SWAP_STEPS.length })}</p>
      <ol className="capture__bar" aria-hidden="true">
        {SWAP_STEPS.map((s, i) => (
          <li key={s} className={i <= index ? 'capture__bar-done' : undefined} />
        ))}
      </ol>
      <h2 id="capture-step-title" className="capture__title" tabIndex={-1}>
        {t(`capture.steps.${step}`)}
      </h2>
      <p className="capture__customer">
        {workOrder.customerName} · <span className="mono">{workOrder.customerCode}</span>
      </p>
    </header>
  );
}
