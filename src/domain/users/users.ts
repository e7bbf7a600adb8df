import * as z from 'zod/mini';
import { ROLES } from './auth';
import { WIRE_TEXT } from '../protocol/wireText';

const Instant = z.iso.datetime({ offset: true });
const DisplayName = z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(120));
const Username = z.string().check(...WIRE_TEXT, z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9._-]{3,40}$/));
/**
 * At least 8 characters: field tablets are shared, and accounts reach customer data. Not WIRE_TEXT: only hashed
 * (see LoginRequest).
 */
const Password = z.string().check(z.minLength(8), z.maxLength(200));

export const UserView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  teamId: z.nullable(z.uuid()),
  active: z.boolean(),
  createdAt: Instant,
});
export type UserView = z.infer<typeof UserView>;

export const UserList = z.object({ items: z.array(UserView) });
export type UserList = z.infer<typeof UserList>;

/** `POST /api/v1/users` (admin). Technicians and supervisors need a team. */
export const CreateUserRequest = z.strictObject({
  username: Username,
  displayName: DisplayName,
  role: z.enum(ROLES),
  teamId: z.nullable(z.uuid()),
  password: Password,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** `PATCH /api/v1/users/:id` (admin): deactivating ends the user's sessions; a new password too. */
export const UpdateUserRequest = z.strictObject({
  displayName: z.optional(DisplayName),
  role: z.optional(z.enum(ROLES)),
  teamId: z.optional(z.nullable(z.uuid())),
  active: z.optional(z.boolean()),
  password: z.optional(Password),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const TeamView = z.object({ id: z.uuid(), name: z.string(), province: z.string() });
export type TeamView = z.infer<typeof TeamView>;

/** `GET /api/v1/teams`: supervisors see their own, admins all. */
export const TeamList = z.object({ items: z.array(TeamView) });
export type TeamList = z.infer<typeof TeamList>;
