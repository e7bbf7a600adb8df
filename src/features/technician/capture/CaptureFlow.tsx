import type { Me } from '../../../domain/users/auth';
import type { SwapDraft } from '../../../domain/capture/swapDraft';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import { useDevice } from '../../../local';
import { FailureFlow } from './FailureFlow';
import { StepFlow, useSwapSteps } from './StepFlow';
import { useDraftEditor } from './useDraftEditor';

/** The five steps of a swap, or the failed-visit form, over one draft that is saved as it changes. */
export function CaptureFlow({ initial, workOrder, me }: { initial: SwapDraft; workOrder: WorkOrder; me: Me }) {
  const device = useDevice();
  const editor = useDraftEditor(initial);
  const steps = useSwapSteps(editor, workOrder);

  // A draft opened for a failed visit from the work order has no start, hence no swap steps to show.
  if (editor.draft.failure.active || !editor.draft.started) return <FailureFlow editor={editor} workOrder={workOrder} me={me} nav={steps.nav} />;

  const finish = async () => {
    const result = await device.completeSwap({
      workOrder,
      technicianName: me.displayName,
      installedSerialsUsedToday: steps.ctx.installedSerialsUsedToday,
    });
    return result.ok ? null : result.error;
  };
  return (
    <StepFlow
      className="capture"
      editor={editor}
      workOrder={workOrder}
      steps={steps}
      finish={finish}
      onFail={() => editor.update((d) => ({ ...d, failure: { ...d.failure, active: true } }))}
    />
  );
}
