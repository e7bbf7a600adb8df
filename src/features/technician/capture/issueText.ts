import type { TFunction } from 'i18next';
import type { DraftIssue } from '../../../domain/capture/draftIssues';

/** The sentence for an issue: what is wrong and what to do (capture.issues.<code>). */
export function issueText(t: TFunction, issue: DraftIssue): string {
  return t(`capture.issues.${issue.code}`, issue.params ?? {});
}

/** DOM id of the input for a draft field path (`removed.readings.total` → `f-removed-readings-total`). */
export function fieldId(field: string): string {
  return `f-${field.replace(/\./g, '-')}`;
}
