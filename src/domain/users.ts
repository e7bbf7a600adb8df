import { z } from 'zod';
import { ROLES } from './auth';
import { WIRE_TEXT } from './wireText';

const Instant = z.iso.datetime({ offset: true });
const DisplayName = z.string().check(...WIRE_TEXT).trim().min(1).max(120);
const Username = z.string().check(...WIRE_TEXT).trim().toLowerCase().regex(/^[a-z0-9._-]{3,40}$/);
/**
 * At least 8 characters: field tablets are shared, and accounts reach customer data. Not WIRE_TEXT: only hashed
 * (see LoginRequest).
 */
const Password = z.string().min(8).max(200);

export const UserView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  teamId: z.uuid().nullable(),
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
  teamId: z.uuid().nullable(),
  password: Password,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** `PATCH /api/v1/users/:id` (admin): deactivating ends the user's sessions; a new password too. */
export const UpdateUserRequest = z.strictObject({
  displayName: DisplayName.optional(),
  role: z.enum(ROLES).optional(),
  teamId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
  password: Password.optional(),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const TeamView = z.object({ id: z.uuid(), name: z.string(), province: z.string() });
export type TeamView = z.infer<typeof TeamView>;

/** `GET /api/v1/teams`: supervisors see their own, admins all. */
export const TeamList = z.object({ items: z.array(TeamView) });
export type TeamList = z.infer<typeof TeamList>;
