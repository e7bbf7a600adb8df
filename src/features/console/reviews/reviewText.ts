import type { TFunction } from 'i18next';
import { REVIEW_CODES, type ReviewCode } from '../../../domain/protocol/conflicts';

function isReviewCode(code: string): code is ReviewCode {
  return (REVIEW_CODES as readonly string[]).includes(code);
}

/** A review code in words; a code a newer server adds still shows, as "Khác (CODE)". */
export function reviewCodeLabel(t: TFunction, code: string): string {
  return isReviewCode(code) ? t(`console.reviews.codes.${code}`) : t('console.reviews.codes.other', { code });
}

/** Readings as "12.345,5" in Vietnamese. */
export function formatReading(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 }).format(value);
}
