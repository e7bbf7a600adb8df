import type { TFunction } from 'i18next';
import { vi, type Messages } from './vi';

/** The parts of an API or sync error a message needs. */
export interface ErrorLike {
  code: string;
  retryAfterMs?: number | null;
}

type ErrorKey = keyof Messages['errors'];

/** Both languages have the same keys (unit-tested), so the Vietnamese set is the catalogue. */
function isErrorKey(code: string): code is ErrorKey {
  return Object.hasOwn(vi.errors, code);
}

/** "30 giây", "2 phút": rounded up so the user never retries too early. */
function formatWait(t: TFunction, ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? t('wait.seconds', { count: seconds }) : t('wait.minutes', { count: Math.ceil(seconds / 60) });
}

/** A sentence that says what happened and what to do, for any error code (unknown codes included). */
export function errorMessage(t: TFunction, error: ErrorLike): string {
  if (error.code === 'RATE_LIMITED' && error.retryAfterMs != null) {
    return t('errors.RATE_LIMITED_WAIT', { wait: formatWait(t, error.retryAfterMs) });
  }
  const key: ErrorKey = isErrorKey(error.code) ? error.code : 'UNKNOWN';
  return t(`errors.${key}`);
}
