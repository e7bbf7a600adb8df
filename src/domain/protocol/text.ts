// The rule every string that crosses a boundary (JSON body, query, CSV cell, header we store) obeys, on both sides.
// Pure and schema-free so the CSV reader, the body parser and the zod schemas all apply the same one.
//
// Why: PostgreSQL refuses NUL in text and jsonb while SQLite keeps it, so one character made the two backends
// disagree and a push that carried it failed forever (a 500 that the device resent until the end of time). An unpaired
// surrogate is not Unicode at all (it cannot be encoded as UTF-8 and comes back as U+FFFD). Other C0 controls are
// never typed by a person; they only arrive from a broken export or an attacker. NFC makes "Hòa" typed on one keyboard
// and "Hoà" pasted from another compare (and search) equal.

/** Why a string is refused on the wire. */
export type TextFault = 'NUL' | 'CONTROL' | 'LONE_SURROGATE';

/** Human-readable reason per fault, for problem+json `errors[].message` (English; the UI translates by code). */
export const TEXT_FAULT_MESSAGES: Readonly<Record<TextFault, string>> = {
  NUL: 'contains a NUL character (U+0000)',
  CONTROL: 'contains a control character (only tab, line feed and carriage return are allowed)',
  LONE_SURROGATE: 'contains an unpaired UTF-16 surrogate (not valid Unicode)',
};

/** The first reason `value` may not cross a boundary, or null when it may. Tab, LF and CR are allowed. */
export function textFault(value: string): TextFault | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20) {
      if (c === 0) return 'NUL';
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return 'CONTROL';
    } else if (c === 0x7f) {
      return 'CONTROL';
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'LONE_SURROGATE';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'LONE_SURROGATE';
    }
  }
  return null;
}

/** The stored form of an accepted string: Unicode NFC. */
export function normalizeText(value: string): string {
  return value.normalize('NFC');
}
