import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTICE_SIGNATURE_WINDOW_SECONDS } from '../../../src/domain/campaign/notices';

/** The header carrying the signature, on the webhook and on delivery receipts. */
export const SIGNATURE_HEADER = 'x-notify-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "${t}.${body}">` (docs/api.md "Notices"). */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export type SignatureCheck = 'ok' | 'missing' | 'bad' | 'expired';

/**
 * Checks a signature header against the raw body: the MAC must match (compared in constant time) and its timestamp
 * lie within five minutes of `nowSeconds` either way, so a captured request cannot be replayed later.
 */
export function verifySignature(secret: string, body: string, header: string | undefined, nowSeconds: number): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (t === undefined || v1 === undefined || !/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) return 'bad';
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return 'bad';
  if (Math.abs(nowSeconds - Number(t)) > NOTICE_SIGNATURE_WINDOW_SECONDS) return 'expired';
  return 'ok';
}
