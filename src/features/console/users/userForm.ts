import type { Role } from '../../../domain/users/auth';
import { CreateUserRequest, UpdateUserRequest, type UserView } from '../../../domain/users/users';
import type { ApiError } from '../../../sync';

export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  teamId: string;
  password: string;
}

export type UserField = keyof UserFormValues;
export type UserErrorKey = 'usernameInvalid' | 'usernameTaken' | 'displayNameRequired' | 'passwordShort' | 'teamRequired' | 'self' | 'invalid';
export type UserFormErrors = Partial<Record<UserField | 'active', UserErrorKey>>;

export const EMPTY_USER: UserFormValues = { username: '', displayName: '', role: 'technician', teamId: '', password: '' };

export function valuesOf(user: UserView): UserFormValues {
  return { username: user.username, displayName: user.displayName, role: user.role, teamId: user.teamId ?? '', password: '' };
}

const FIELD_ERROR: Record<UserField, UserErrorKey> = {
  username: 'usernameInvalid',
  displayName: 'displayNameRequired',
  password: 'passwordShort',
  teamId: 'teamRequired',
  role: 'invalid',
};

function isField(path: string): path is UserField {
  return Object.hasOwn(FIELD_ERROR, path);
}

/** Technicians and supervisors work inside a team (design §4); only an admin may have none. */
function teamCheck(values: UserFormValues): UserFormErrors {
  return values.role !== 'admin' && values.teamId === '' ? { teamId: 'teamRequired' } : {};
}

function zodErrors(issues: readonly { path: readonly PropertyKey[] }[]): UserFormErrors {
  const errors: UserFormErrors = {};
  for (const issue of issues) {
    const path = String(issue.path[0] ?? '');
    if (isField(path)) errors[path] ??= FIELD_ERROR[path];
  }
  return errors;
}

export type Checked<T> = { ok: true; request: T } | { ok: false; errors: UserFormErrors };

/** The create form, checked with the same schema the server uses, plus the team rule. */
export function checkCreate(values: UserFormValues): Checked<CreateUserRequest> {
  const parsed = CreateUserRequest.safeParse({ ...values, teamId: values.teamId === '' ? null : values.teamId });
  const errors = { ...(parsed.success ? {} : zodErrors(parsed.error.issues)), ...teamCheck(values) };
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: parsed.data };
}

/** The edit form: only what changed is sent; an empty password field keeps the password. */
export function checkUpdate(values: UserFormValues, before: UserView): Checked<UpdateUserRequest> {
  const teamId = values.teamId === '' ? null : values.teamId;
  const candidate = {
    ...(values.displayName !== before.displayName ? { displayName: values.displayName } : {}),
    ...(values.role !== before.role ? { role: values.role } : {}),
    ...(teamId !== before.teamId ? { teamId } : {}),
    ...(values.password !== '' ? { password: values.password } : {}),
  };
  const parsed = UpdateUserRequest.safeParse(candidate);
  const errors = { ...(parsed.success ? {} : zodErrors(parsed.error.issues)), ...teamCheck(values) };
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: parsed.data };
}

/** The server's field errors (username taken, team required, own account) in the form's words. */
export function serverErrors(error: ApiError): UserFormErrors | null {
  if (error.fieldErrors === undefined || error.fieldErrors.length === 0) return null;
  const errors: UserFormErrors = {};
  for (const fieldError of error.fieldErrors) {
    const path = fieldError.path;
    if (fieldError.code === 'taken' && path === 'username') errors.username = 'usernameTaken';
    else if (fieldError.code === 'self' && (path === 'active' || path === 'role')) errors[path] = 'self';
    else if (isField(path)) errors[path] = FIELD_ERROR[path];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
