import type { TFunction } from 'i18next';
import type { ReviewRecordItem, ReviewRecordView } from '../../../domain/console/reviews';
import { CONFLICT_CODES, REVIEW_CODES } from '../../../domain/protocol/conflicts';
import { reviewCodeLabel } from './reviewText';

/** The record's flags (every item but its `COMPLETION` one), most important first as the server lists them. */
export function flagsOf(record: ReviewRecordView): ReviewRecordItem[] {
  return record.items.filter((item) => item.code !== 'COMPLETION');
}

/** What the list says of a record: its most important flag, or that it waits for đối soát. */
export function recordHeadline(t: TFunction, record: ReviewRecordView): string {
  const [first] = flagsOf(record);
  return reviewCodeLabel(t, first?.code ?? 'COMPLETION');
}

/** Whether a completion's flag is a conflict of design §6 (a review item of its own) rather than a warning. */
export function isConflictCode(flag: string): boolean {
  return (CONFLICT_CODES as readonly string[]).includes(flag);
}

/** Warnings the server notes on a completion (design §6) that need no decision. */
const WARNINGS = [
  'gps_far_from_site',
  'gps_low_accuracy',
  'initial_reading_high',
  'removed_registers_incomplete',
  'removed_registers_sum_mismatch',
  'installed_registers_incomplete',
  'installed_registers_sum_mismatch',
] as const;

/** A completion's flag (a conflict code or a warning such as `gps_far_from_site`) in words, never as a raw code. */
export function completionFlagLabel(t: TFunction, flag: string): string {
  if ((REVIEW_CODES as readonly string[]).includes(flag)) return reviewCodeLabel(t, flag);
  const warning = WARNINGS.find((w) => w === flag);
  return warning === undefined ? t('console.reviews.codes.other', { code: flag }) : t(`console.reviews.warnings.${warning}`);
}
