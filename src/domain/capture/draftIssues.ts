/**
 * What is wrong (error: blocks going on) or worth a second look (warning: shown, never blocks) in a
 * draft, tied to the field it is about so the screen can put the message next to it. The message
 * itself lives in i18n under `capture.issues.<code>`, with `params` interpolated.
 */
export type IssueLevel = 'error' | 'warning';

export const ISSUE_CODES = [
  'required',
  'too_long',
  'serial_format',
  'serial_mismatch',
  'serial_mismatch_note',
  'serial_used_today',
  'serial_same_as_removed',
  'reading_format',
  'reading_too_large',
  'registers_incomplete',
  'registers_sum',
  'below_last_billed',
  'below_last_billed_reason',
  'initial_high',
  'seal_condition_required',
  'seals_required',
  'seal_beads',
  'photo_required',
  'photo_limit',
  'gps_missing',
  'gps_low_accuracy',
  'gps_far',
  'gps_note_required',
  'phone_format',
  'signature_required',
  'technician_confirm',
  'provider_missing',
  'consent_missing',
  'failure_evidence_photo',
  'failure_evidence_note',
  'failure_called',
  'failure_gps',
  'manufacture_year',
  'date_format',
  'verification_future',
  'verification_old',
  'ratio_format',
  'accuracy_class_format',
  'multiplier_format',
  'seal_codes_count',
  /** Stock rule (issue 16 §3, ./stockRule.ts). */
  'stock_serial_not_held',
  'stock_phases_mismatch',
  'stock_verification_expired',
  'stock_seal_not_held',
  'stock_seal_used',
  'stock_seal_voided',
  'stock_note_required',
  'invalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface DraftIssue {
  /** Dotted path in the draft, e.g. `removed.readings.total` or `installed.seals.0.code`. */
  field: string;
  code: IssueCode;
  level: IssueLevel;
  params?: Record<string, string | number>;
}

export function error(field: string, code: IssueCode, params?: DraftIssue['params']): DraftIssue {
  return params === undefined ? { field, code, level: 'error' } : { field, code, level: 'error', params };
}

export function warning(field: string, code: IssueCode, params?: DraftIssue['params']): DraftIssue {
  return params === undefined ? { field, code, level: 'warning' } : { field, code, level: 'warning', params };
}

export function hasErrors(issues: readonly DraftIssue[]): boolean {
  return issues.some((issue) => issue.level === 'error');
}

/** Issues about one field (exact path), errors first. */
export function issuesFor(issues: readonly DraftIssue[], field: string): DraftIssue[] {
  return issues.filter((i) => i.field === field).sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
}

/** Checks a free-text field's length; `max` in characters after trimming. */
export function checkLength(field: string, value: string, max: number): DraftIssue[] {
  return value.trim().length > max ? [error(field, 'too_long', { max })] : [];
}
