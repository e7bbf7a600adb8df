import { TeamList, UserList, UserView, type CreateUserRequest, type UpdateUserRequest } from '../../domain/users';
import type { ApiClient, ApiResult } from '../api';

export function fetchUsers(api: ApiClient): Promise<ApiResult<UserList>> {
  return api.call('GET', '/users', {}, UserList);
}

export function createUser(api: ApiClient, request: CreateUserRequest): Promise<ApiResult<UserView>> {
  return api.call('POST', '/users', { json: request }, UserView);
}

/** Deactivating (or a new password) ends the user's sessions on every device. */
export function updateUser(api: ApiClient, userId: string, request: UpdateUserRequest): Promise<ApiResult<UserView>> {
  return api.call('PATCH', `/users/${encodeURIComponent(userId)}`, { json: request }, UserView);
}

/** Supervisors see their own team, admins all. */
export function fetchTeams(api: ApiClient): Promise<ApiResult<TeamList>> {
  return api.call('GET', '/teams', {}, TeamList);
}
