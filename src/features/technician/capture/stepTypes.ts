import type { DraftIssue } from '../../../domain/capture/draftIssues';
import type { WorkOrder } from '../../../domain/workOrder/workOrder';
import type { DraftEditor } from './useDraftEditor';

/** What every step screen gets from the flow. */
export interface StepProps {
  editor: DraftEditor;
  workOrder: WorkOrder;
  /** The issues to show: warnings always, errors once the technician tried to go on. */
  issues: readonly DraftIssue[];
}
