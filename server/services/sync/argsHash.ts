import { createHash } from 'node:crypto';

/** One step of canonicalJson's work: text to write as is, or a value still to write. */
type Step = { text: string } | { value: unknown };

/**
 * JSON with object keys sorted at every level, so the same value always gives the same text whatever its key order.
 * Iterative (an explicit stack, not recursion): pushed args are hashed before anything validates them, and a value
 * nested 20,000 levels deep must cost time in proportion to its size, not overflow the call stack (a 500 the device
 * would meet again on every resend). The body parser refuses such nesting first (server/http/jsonBody.ts); this
 * does not rely on it.
 */
export function canonicalJson(root: unknown): string {
  const out: string[] = [];
  const stack: Step[] = [{ value: root }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    if ('text' in step) {
      out.push(step.text);
      continue;
    }
    const value = step.value;
    // Absent args (or a value JSON cannot represent) hash like null, as JSON.stringify would send them.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      out.push('null');
    } else if (Array.isArray(value)) {
      pushReversed(
        stack,
        '[',
        ']',
        value.map((item: unknown): Step => ({ value: item })),
      );
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      pushReversed(
        stack,
        '{',
        '}',
        entries.flatMap(([k, v]): Step[] => [{ text: `${JSON.stringify(k)}:` }, { value: v }]),
        2,
      );
    } else {
      out.push(JSON.stringify(value));
    }
  }
  return out.join('');
}

/** Queues `open`, the members (groups of `per` steps, comma-separated) and `close`, so they are written in order. */
function pushReversed(stack: Step[], open: string, close: string, members: readonly Step[], per = 1): void {
  stack.push({ text: close });
  for (let i = members.length - 1; i >= 0; i--) {
    const member = members[i];
    if (member === undefined) continue;
    stack.push(member);
    if (i % per === 0 && i > 0) stack.push({ text: ',' });
  }
  stack.push({ text: open });
}

/**
 * SHA-256 of a mutation's name and args as received (before validation, so a rejected mutation has one too).
 * Stored in mutation_log: a resend of a processed seq must carry the same mutation id and the same hash.
 */
export function mutationArgsHash(name: string, args: unknown): string {
  return createHash('sha256').update(canonicalJson({ name, args })).digest('hex');
}
