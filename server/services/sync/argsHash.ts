import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so the same value always gives the same text whatever its key order. */
export function canonicalJson(value: unknown): string {
  // Absent args (or a value JSON cannot represent) hash like null, as JSON.stringify would send them.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 of a mutation's name and args as received (before validation, so a rejected mutation has one too).
 * Stored in mutation_log: a resend of a processed seq must carry the same mutation id and the same hash.
 */
export function mutationArgsHash(name: string, args: unknown): string {
  return createHash('sha256').update(canonicalJson({ name, args })).digest('hex');
}
