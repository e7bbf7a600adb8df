import { PositionField } from '../fields/PositionField';
import type { StepProps } from '../stepTypes';

/**
 * Step 3, location: the live accuracy, the fix kept for the record (the best one while this step is open; the
 * start's until then), warnings from the position rule, retry, or a reason to continue anyway.
 */
export function LocationStep({ editor, workOrder, issues }: StepProps) {
  return (
    <PositionField
      fixField="location.fix"
      noteField="location.note"
      kept={editor.draft.location.fix}
      fallback={editor.draft.startGps}
      note={editor.draft.location.note}
      workOrder={workOrder}
      issues={issues}
      onFix={(fix) => editor.update((d) => ({ ...d, location: { ...d.location, fix } }))}
      onNote={(note) => editor.update((d) => ({ ...d, location: { ...d.location, note } }))}
      testId="recorded-fix"
    />
  );
}
