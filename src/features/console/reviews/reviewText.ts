import type { TFunction } from 'i18next';
import { REVIEW_CODES, type ReviewCode } from '../../../domain/protocol/conflicts';

function isReviewCode(code: string): code is ReviewCode {
  return (REVIEW_CODES as readonly string[]).includes(code);
}

/** A review code in words; a code a newer server adds still shows, as "Khác (CODE)". */
export function reviewCodeLabel(t: TFunction, code: string): string {
  return isReviewCode(code) ? t(`console.reviews.codes.${code}`) : t('console.reviews.codes.other', { code });
}

/** Readings as "12.345,5" in Vietnamese: the one formatter the handover record and its PDF use too. */
export { formatReading } from '../../../domain/format/numberFormat';
