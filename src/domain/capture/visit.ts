import * as z from 'zod/mini';

/** What a failed-visit reason requires as evidence (domain.md, "Failed-visit reasons"). */
export interface FailureEvidence {
  photo: boolean;
  note: boolean;
}

/** KV01–KV11 and KV99; labels live in i18n under `failureReasons.<code>`. */
export const FAILURE_REASONS = {
  KV01: { photo: true, note: false },
  KV02: { photo: false, note: true },
  KV03: { photo: true, note: false },
  KV04: { photo: true, note: true },
  KV05: { photo: false, note: true },
  KV06: { photo: true, note: false },
  KV07: { photo: true, note: false },
  KV08: { photo: false, note: true },
  KV09: { photo: false, note: true },
  KV10: { photo: true, note: false },
  KV11: { photo: false, note: false },
  KV99: { photo: false, note: true },
} as const satisfies Record<string, FailureEvidence>;

export type FailureReason = keyof typeof FAILURE_REASONS;
export const FAILURE_REASON_CODES = Object.keys(FAILURE_REASONS) as FailureReason[];
export const FailureReasonSchema = z.enum(FAILURE_REASON_CODES as [FailureReason, ...FailureReason[]]);

/** After this many failed visits a work order is escalated to the supervisor. */
export const MAX_FAILED_VISITS_BEFORE_ESCALATION = 3;

/** Evidence still missing for a failed visit: empty when it can be saved. */
export function missingFailureEvidence(reason: FailureReason, evidence: { note: string; photoCount: number }): ('photo' | 'note')[] {
  const rule: FailureEvidence = FAILURE_REASONS[reason];
  const missing: ('photo' | 'note')[] = [];
  if (rule.photo && evidence.photoCount === 0) missing.push('photo');
  if (rule.note && evidence.note.trim() === '') missing.push('note');
  return missing;
}

export const SEAL_CONDITIONS = ['intact', 'broken', 'missing'] as const;
export const SealCondition = z.enum(SEAL_CONDITIONS);
export type SealCondition = z.infer<typeof SealCondition>;

/** Payment methods (design §5); `cash` is the one the programme moves households away from. */
export const CASHLESS_METHODS = [
  'cash',
  'auto_debit',
  'collection_order',
  'payment_order',
  'internet_banking',
  'mobile_banking',
  'e_wallet',
  'utility_app',
] as const;
export const PaymentMethod = z.enum(CASHLESS_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** E-wallet providers offered in the picker; free text is allowed too. */
export const E_WALLET_PROVIDERS = ['MoMo', 'ZaloPay', 'VNPay', 'Viettel Money', 'ShopeePay', 'Payoo'] as const;

/** A household counts as a new cashless payer when it moves from cash to any other method with consent. */
export function isNewCashlessEnrolment(cashless: {
  currentMethod: PaymentMethod;
  enrolledMethod?: PaymentMethod | undefined;
  consent: boolean;
}): boolean {
  return cashless.currentMethod === 'cash' && cashless.enrolledMethod !== undefined && cashless.enrolledMethod !== 'cash' && cashless.consent;
}
