import type { TFunction } from 'i18next';
import { FAILURE_REASONS } from '../../../domain/capture/visit';

type ReasonCode = keyof typeof FAILURE_REASONS;

function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(FAILURE_REASONS, code);
}

/** A failed-visit reason code in words; an unknown code shows as itself. */
export function reasonLabel(t: TFunction, code: string): string {
  return isReasonCode(code) ? t(`console.dashboard.failureReasons.${code}`) : t('console.dashboard.failureReasons.other', { code });
}
