import * as z from 'zod/mini';

/** A new meter's initial index above this (kWh) gets a warning: new meters leave the factory near zero. */
export const INITIAL_READING_WARN_KWH = 10;
/** Registers of a multi-rate meter must add up to the total within one display digit. */
export const REGISTER_SUM_TOLERANCE = 1;
/** Largest index a customer meter can show (8 digits with one decimal is far beyond any household meter). */
export const MAX_READING = 99_999_999;

/**
 * Parses a reading typed by a technician: "1234", "1234,5" or "1234.5" (Vietnamese keyboards use the comma).
 * Spaces are ignored. Returns null for anything else (two separators, letters, a sign, empty).
 */
export function parseDecimal(text: string): number | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^\d+([.,]\d+)?$/.test(compact)) return null;
  const value = Number(compact.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

const Reading = z.number().check(z.nonnegative(), z.lte(MAX_READING));

/** `total` plus the optional registers of a multi-rate meter (bình thường / cao điểm / thấp điểm). */
export const Readings = z.strictObject({
  total: Reading,
  normal: z.optional(Reading),
  peak: z.optional(Reading),
  offPeak: z.optional(Reading),
});
export type Readings = z.infer<typeof Readings>;

export type RegisterCheck = 'single_rate' | 'consistent' | 'incomplete' | 'sum_mismatch';

/** Registers are all-or-none, and when present add up to the total within one display digit. */
export function checkRegisters(readings: Readings): RegisterCheck {
  const registers = [readings.normal, readings.peak, readings.offPeak];
  const present = registers.filter((r) => r !== undefined);
  if (present.length === 0) return 'single_rate';
  if (present.length < registers.length) return 'incomplete';
  const sum = present.reduce((acc, r) => acc + r, 0);
  return Math.abs(sum - readings.total) <= REGISTER_SUM_TOLERANCE ? 'consistent' : 'sum_mismatch';
}

/** Reasons a final index may be below the last billed one (design §6 still flags it for review). */
export const BELOW_LAST_BILLED_REASONS = ['rollover', 'faulty_meter', 'billing_error', 'other'] as const;
export const BelowLastBilledReason = z.enum(BELOW_LAST_BILLED_REASONS);

/** The final (removed-meter) index must not be below the last billed reading unless a reason is given. */
export function isBelowLastBilled(finalTotal: number, lastBilled: number | null): boolean {
  return lastBilled !== null && finalTotal < lastBilled;
}

/** A new meter should start near zero. */
export function isInitialReadingHigh(initialTotal: number): boolean {
  return initialTotal > INITIAL_READING_WARN_KWH;
}
