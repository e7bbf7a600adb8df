import type { TFunction } from 'i18next';
import { errorMessage } from '../../../i18n/errorMessage';

const KIND_KEYS: Record<string, 'swapComplete' | 'visitFail' | 'workOrderStart' | 'workOrderNotify' | 'completionAmend' | 'stockVoid'> = {
  'swap.complete': 'swapComplete',
  'completion.amend': 'completionAmend',
  'visit.fail': 'visitFail',
  'workOrder.start': 'workOrderStart',
  'workOrder.notify': 'workOrderNotify',
  'stock.void': 'stockVoid',
};

/** "Treo tháo công tơ", "Không thực hiện được"… for a mutation name. */
export function kindLabel(t: TFunction, name: string): string {
  const key = KIND_KEYS[name];
  return key === undefined ? t('outbox.kind.other') : t(`outbox.kind.${key}`);
}

const REASON_KEYS = ['NOT_ASSIGNED', 'UNKNOWN_WORK_ORDER', 'UNKNOWN_MUTATION', 'ID_ALREADY_USED', 'NOT_AMENDABLE'] as const;
type ReasonKey = (typeof REASON_KEYS)[number];

/** Why a record or photo failed, in the user's language: rejection reasons first, then the error catalogue. */
export function reasonText(t: TFunction, code: string): string {
  if ((REASON_KEYS as readonly string[]).includes(code)) return t(`outbox.reasons.${code as ReasonKey}`);
  return errorMessage(t, { code });
}
