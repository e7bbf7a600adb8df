import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
/** base64url of 32 bytes. Anything else in a cookie is ignored without touching the database. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The cookie carries the token; the database keeps only its SHA-256, so a leaked table holds no usable session. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
