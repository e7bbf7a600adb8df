import * as z from 'zod/mini';

/**
 * Business conflicts of design §6, most important first. A completion that meets several of them gets a review
 * item for each; the push result names the first of this list as `conflict` (and all of them in `conflicts`).
 * Why this order: conflicts about who owns the work order change its state and need a supervisor's decision
 * before anything else (cancelled, a second completion, a reassignment); then the installed meter's identity,
 * which involves another customer's record; then the removed meter's identity; then the billing reading; last the
 * stock (a meter or seal the technician was not issued).
 */
export const CONFLICT_CODES = [
  'WO_CANCELLED',
  'DUPLICATE_COMPLETION',
  'WO_REASSIGNED',
  'SERIAL_ALREADY_INSTALLED',
  'METER_SERIAL_MISMATCH',
  'READING_BELOW_LAST_BILLED',
  /**
   * The installed meter or a seal was not in the technician's hands when the record arrived (not in stock, in the
   * warehouse, another technician's, installed or voided already), or the meter does not fit the order's phases or
   * its verification had run out (issue 16 §3).
   */
  'STOCK_NOT_ISSUED',
] as const;
export const ConflictCode = z.enum(CONFLICT_CODES);
export type ConflictCode = z.infer<typeof ConflictCode>;

/**
 * A `stock.void` of a code the technician did not hold: applied (field evidence), answered with this conflict code but
 * no review item; the supervisor's reconciliation flags it (issue 16 §4).
 */
export const STOCK_VOID_NOT_HELD = 'STOCK_VOID_NOT_HELD';

/** The most important of several conflicts (CONFLICT_CODES order), or undefined for none. */
export function mostImportantConflict<T extends { code: ConflictCode }>(conflicts: readonly T[]): T | undefined {
  return [...conflicts].sort((a, b) => CONFLICT_CODES.indexOf(a.code) - CONFLICT_CODES.indexOf(b.code))[0];
}

/**
 * Why a pushed mutation was rejected for good (its seq is consumed and its payload kept, design §5).
 * `VALIDATION_FAILED` carries the fields at fault in `errors`.
 */
export const REJECTION_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_MUTATION',
  'UNKNOWN_WORK_ORDER',
  'NOT_ASSIGNED',
  /** A completionId or visitId already names a record of another technician or work order. */
  'ID_ALREADY_USED',
  /** completion.amend on a completion that is not the caller's own primary completion of a returned work order. */
  'NOT_AMENDABLE',
] as const;
export const RejectionCode = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof RejectionCode>;

/**
 * Review item codes: the conflicts above; `ESCALATED` for a work order with too many failed visits;
 * `COMMISSIONING_MISMATCH`: the head-end's first reading of the new meter disagrees with the record (issue 17);
 * `COMPLETION`: a primary completion (or a resubmitted one) waiting for the supervisor's đối soát. */
export const REVIEW_CODES = [...CONFLICT_CODES, 'ESCALATED', 'COMMISSIONING_MISMATCH', 'COMPLETION'] as const;
export const ReviewCode = z.enum(REVIEW_CODES);
export type ReviewCode = z.infer<typeof ReviewCode>;

export const REVIEW_STATUSES = ['open', 'approved', 'returned'] as const;
export const ReviewStatus = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof ReviewStatus>;
