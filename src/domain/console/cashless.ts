import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';
import { ImportQuery } from '../workOrder/imports';

/*
 * Cashless payment, claimed and real (issue 15 §4). "Claimed" is what technicians record on the swap
 * (handover.cashless); "real" is what the billing system says each household paid with, imported per billing
 * period (`POST /payment-methods/import`). Pure rules here; the server aggregates with them in SQL.
 */

/** The billing methods the import accepts: a small closed set; only `cash` counts as cash. */
export const BILLING_METHODS = ['cash', 'bank', 'ewallet', 'app', 'counter'] as const;
export const BillingMethod = z.enum(BILLING_METHODS);
export type BillingMethod = z.infer<typeof BillingMethod>;

/**
 * Spellings of each method in a billing export, compared trimmed and case-insensitively (Vietnamese accents are
 * kept: "tiền mặt" and "tien mat" are both listed). CMIS codes: TM tiền mặt, NH ngân hàng (ủy nhiệm thu, chuyển
 * khoản), VDT ví điện tử, APP ứng dụng CSKH, QT quầy thu (paid at the counter by card or transfer, not cash).
 */
const METHOD_ALIASES: Readonly<Record<BillingMethod, readonly string[]>> = {
  cash: ['cash', 'TM', 'tiền mặt', 'tien mat'],
  bank: ['bank', 'NH', 'UNT', 'CK', 'ngân hàng', 'ngan hang', 'ủy nhiệm thu', 'chuyển khoản'],
  ewallet: ['ewallet', 'e_wallet', 'VDT', 'ví điện tử', 'vi dien tu'],
  app: ['app', 'APP', 'ứng dụng', 'ung dung'],
  counter: ['counter', 'QT', 'quầy', 'quay'],
};

const METHOD_BY_TEXT: ReadonlyMap<string, BillingMethod> = new Map(
  BILLING_METHODS.flatMap((m) => METHOD_ALIASES[m].map((alias) => [alias.normalize('NFC').toLowerCase(), m] as const)),
);

/** The method a billing cell names, or null when it is none of the accepted spellings. */
export function parseBillingMethod(text: string): BillingMethod | null {
  return METHOD_BY_TEXT.get(text.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase()) ?? null;
}

export const isCashless = (method: BillingMethod): boolean => method !== 'cash';

/** A billing period: a calendar month, `YYYY-MM`. */
export const BillingPeriod = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/u));

/** A period cell as `YYYY-MM`, `YYYYMM` or `MM/YYYY` (CMIS writes KY_HD both ways), or null. Years 2000–2099. */
export function parseBillingPeriod(text: string): string | null {
  const t = text.trim();
  const iso = /^(20\d{2})-?(\d{2})$/u.exec(t);
  const vn = /^(\d{1,2})\/(20\d{2})$/u.exec(t);
  const year = iso?.[1] ?? vn?.[2];
  const month = Number(iso?.[2] ?? vn?.[1]);
  if (year === undefined || !Number.isInteger(month) || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The period (month) a Vietnam day `YYYY-MM-DD` falls in. */
export const periodOfDay = (day: string): string => day.slice(0, 7);

/**
 * Which periods count as before and after a visit on `visitDay`. Before: the latest imported period whose month
 * ended before the visit day (any period earlier than the visit's month). After: the latest imported period that
 * started after the visit day (any period later than the visit's month). The visit's own month is neither: its
 * bill mixes the weeks before and after the swap.
 */
export function billingSide(period: string, visitDay: string): 'before' | 'after' | 'during' {
  const visitMonth = periodOfDay(visitDay);
  if (period < visitMonth) return 'before';
  if (period > visitMonth) return 'after';
  return 'during';
}

/**
 * A household's before and after method given its imported periods (any order): the latest on each side, or
 * null when it has none there yet.
 */
export function beforeAndAfter(
  rows: readonly { period: string; method: BillingMethod }[],
  visitDay: string,
): { before: BillingMethod | null; after: BillingMethod | null } {
  let before: { period: string; method: BillingMethod } | null = null;
  let after: { period: string; method: BillingMethod } | null = null;
  for (const row of rows) {
    const side = billingSide(row.period, visitDay);
    if (side === 'before' && (before === null || row.period > before.period)) before = row;
    if (side === 'after' && (after === null || row.period > after.period)) after = row;
  }
  return { before: before?.method ?? null, after: after?.method ?? null };
}

/** The programme's goal: double the households that paid without cash before the visits. */
export const CASHLESS_GOAL_FACTOR = 2;

/** The goal for `before` households and whether `after` meets it (a goal of zero is met by nobody: nothing doubled). */
export function cashlessGoal(before: number, after: number): { goal: number; met: boolean } {
  const goal = before * CASHLESS_GOAL_FACTOR;
  return { goal, met: after >= goal && after > 0 };
}

const count = z.number().check(z.int(), z.nonnegative());

/** Query of `POST /payment-methods/import`: dry run, and the team an admin imports for. */
export const PaymentMethodImportQuery = z.extend(ImportQuery, { teamId: z.optional(z.uuid()) });

/** Answer of a clean payment-method import (or a dry run: what it would write). */
export const PaymentMethodImportResponse = z.object({
  dryRun: z.boolean(),
  /** Data rows read. */
  rows: count,
  /** Rows of customers the team has a work order for: the ones stored. */
  stored: count,
  /** Rows of customers the team has no work order for: skipped (billing covers every customer). */
  skipped: count,
  /** The periods the file holds; each replaces that period's earlier import for the team. */
  periods: z.array(BillingPeriod),
});
export type PaymentMethodImportResponse = z.infer<typeof PaymentMethodImportResponse>;

export const CashlessQuery = z.object({
  /** An admin's team; a supervisor sees their own. Absent for an admin: every team. */
  teamId: z.optional(z.uuid()),
  /** A commune: its hamlets as rows. Absent: the communes. */
  commune: z.optional(z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(200))),
});
export type CashlessQuery = z.infer<typeof CashlessQuery>;

export const CashlessFigures = z.object({
  /** Households visited: work orders whose swap was completed (completed, needs review, approved, returned). */
  visited: count,
  /** Claimed, as technicians recorded: visited households already paying without cash. */
  claimedBefore: count,
  /** Claimed: cash payers that enrolled in a cashless method with consent at the visit. */
  claimedEnrolled: count,
  /** Real, from billing: visited households whose latest period before the visit was not cash. */
  realBefore: count,
  /** Real: visited households whose latest period after the visit is not cash. */
  realAfter: count,
  /** Visited households with no billing period before the visit (counted as neither). */
  noDataBefore: count,
  /** Visited households with no billing period after the visit yet: unknown, not cash. */
  noDataAfter: count,
  /** CASHLESS_GOAL_FACTOR × realBefore. */
  goal: count,
  /** realAfter ≥ goal (and above zero). */
  met: z.boolean(),
});
export type CashlessFigures = z.infer<typeof CashlessFigures>;

export const CashlessRow = z.extend(CashlessFigures, { key: z.string(), label: z.string() });
export type CashlessRow = z.infer<typeof CashlessRow>;

export const CashlessReport = z.object({
  /** `commune`: one row per commune; `hamlet`: one per hamlet of the commune asked for. */
  groupBy: z.enum(['commune', 'hamlet']),
  commune: z.nullable(z.string()),
  /** The latest period imported for the scope, or null before any import. */
  latestPeriod: z.nullable(BillingPeriod),
  rows: z.array(CashlessRow),
  totals: CashlessFigures,
});
export type CashlessReport = z.infer<typeof CashlessReport>;

/** Adds raw counts up and derives the goal. */
export function cashlessFigures(raw: Omit<CashlessFigures, 'goal' | 'met'>): CashlessFigures {
  return { ...raw, ...cashlessGoal(raw.realBefore, raw.realAfter) };
}
