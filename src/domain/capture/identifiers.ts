import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';

/** Customer code (mã khách hàng), after normalisation: P + letter + 4 alphanumerics + 5–7 digits. */
export const CUSTOMER_CODE_PATTERN = /^P[A-Z][0-9A-Z]{4}[0-9]{5,7}$/;
export const CUSTOMER_CODE_USUAL_LENGTH = 13;

/** Trim, upper-case, Đ→D (a common slip on Vietnamese keyboards). */
export function normalizeCustomerCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/Đ/g, 'D');
}

export type CustomerCodeCheck = { valid: false } | { valid: true; code: string; unusualLength: boolean; unit: string };

/** Validates a customer code; an unusual length is a warning, not an error. `unit` is the managing unit (first 6). */
export function checkCustomerCode(raw: string): CustomerCodeCheck {
  const code = normalizeCustomerCode(raw);
  if (!CUSTOMER_CODE_PATTERN.test(code)) return { valid: false };
  return { valid: true, code, unusualLength: code.length !== CUSTOMER_CODE_USUAL_LENGTH, unit: code.slice(0, 6) };
}

/** The metering point of a customer is the customer code plus "001". */
export function meteringPointCode(customerCode: string): string {
  return `${normalizeCustomerCode(customerCode)}001`;
}

/** Meter serial (số công tơ): opaque, leading zeros kept, A–Z 0–9 - /, 4–20 characters. */
export const METER_SERIAL_PATTERN = /^[A-Z0-9/-]{4,20}$/;

/** Serials are compared and stored trimmed, without inner spaces, upper-case; never as numbers (leading zeros matter). */
export function normalizeMeterSerial(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export const MeterSerial = z.pipe(
  z.pipe(z.string().check(...WIRE_TEXT), z.transform(normalizeMeterSerial)),
  z.string().check(z.regex(METER_SERIAL_PATTERN, 'serial must be 4–20 characters of A–Z, 0–9, "-" or "/"')),
);

export function isValidMeterSerial(raw: string): boolean {
  return METER_SERIAL_PATTERN.test(normalizeMeterSerial(raw));
}

/** Mobile phone after normalisation: 0 + network digit (3, 5, 7, 8, 9) + 8 digits. */
export const PHONE_PATTERN = /^0(3|5|7|8|9)\d{8}$/;

/**
 * 11-digit mobile prefixes renumbered to 10 digits in 2018 (old → new).
 * Source: the Ministry of Information and Communications' conversion table.
 */
const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  '0120': '070',
  '0121': '079',
  '0122': '077',
  '0126': '076',
  '0128': '078',
  '0123': '083',
  '0124': '084',
  '0125': '085',
  '0127': '081',
  '0129': '082',
  '0162': '032',
  '0163': '033',
  '0164': '034',
  '0165': '035',
  '0166': '036',
  '0167': '037',
  '0168': '038',
  '0169': '039',
  '0186': '056',
  '0188': '058',
  '0199': '059',
};

/** Removes spaces, dots and dashes, turns +84/84 into 0 and maps old 11-digit numbers. Null when not a mobile number. */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (/^84\d{9,10}$/.test(digits)) digits = `0${digits.slice(2)}`;
  if (/^0\d{10}$/.test(digits)) {
    const mapped = OLD_MOBILE_PREFIXES[digits.slice(0, 4)];
    if (mapped !== undefined) digits = mapped + digits.slice(4);
  }
  return PHONE_PATTERN.test(digits) ? digits : null;
}

/** Photo and signature ids: lowercase hex SHA-256 of the stored bytes (design §5). */
export const PhotoId = z.string().check(...WIRE_TEXT, z.regex(/^[0-9a-f]{64}$/, 'photo id must be a lowercase hex SHA-256'));
export type PhotoId = z.infer<typeof PhotoId>;
