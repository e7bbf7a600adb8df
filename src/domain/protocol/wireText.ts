import * as z from 'zod/mini';
import { normalizeText, TEXT_FAULT_MESSAGES, textFault } from './text';

/**
 * The `errors[].code` of a string refused by the rule of ./text.ts (NUL, other control characters, unpaired
 * surrogates), whatever the fault; the message says which. Stable: clients and tests match on it.
 */
export const TEXT_ISSUE_CODE = 'invalid_text';

/**
 * Refuses what ./text.ts refuses. It stops the string's later checks (`continue: false`): a length or pattern
 * error about a string that cannot be stored at all would only add noise.
 */
const refuseFaults = z.superRefine((value: string, ctx) => {
  const fault = textFault(value);
  if (fault !== null)
    ctx.addIssue({ code: 'custom', message: TEXT_FAULT_MESSAGES[fault], params: { code: TEXT_ISSUE_CODE, fault }, continue: false });
});

/** NFC before any trim, length or pattern check that follows, so "Hòa" typed and "Hoà" pasted are one string. */
const toNfc = z.overwrite(normalizeText);

/**
 * The rule every string that arrives on the wire obeys (request bodies, query strings, path parameters, mutation
 * args, the cursors we decode): put first in the string's checks, `z.string().check(...WIRE_TEXT, z.trim(), …)`.
 * Answer schemas do not use it: what the server already holds is shown, not refused. tests/unit/domain.wireText.test.ts
 * walks every endpoint's input and every mutation's args and fails on a string without it.
 */
export const WIRE_TEXT = [refuseFaults, toNfc] as const;

/** Whether a string schema's checks include the wire-text rule (for that test). */
export function hasWireText(checks: readonly unknown[] | undefined): boolean {
  return checks?.includes(refuseFaults) === true;
}

/** A wire string with no other constraint. */
export const WireText = z.string().check(refuseFaults, toNfc);
