import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';

import { ROLES } from './roles';

export { ROLES };
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const USERNAME_PATTERN = /^[a-z0-9._-]{2,64}$/;
export const PASSWORD_MIN_LENGTH = 8;

export const LoginRequest = z.strictObject({
  username: z.string().check(...WIRE_TEXT, z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(64)),
  // Not WIRE_TEXT: a password is only hashed, never stored or searched as text, and normalising it would change
  // the hash of a password set before the rule existed.
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The signed-in user as `GET /api/v1/auth/me` and the login answer describe them. */
export const Me = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  teamId: z.nullable(z.uuid()),
  teamName: z.nullable(z.string()),
});
export type Me = z.infer<typeof Me>;

export const Health = z.object({
  status: z.literal('ok'),
  db: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});
export type Health = z.infer<typeof Health>;
