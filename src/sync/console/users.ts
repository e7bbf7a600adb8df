import type { CreateUserRequest, TeamList, UpdateUserRequest, UserList, UserView } from '../../domain/users';
import type { ApiClient, ApiResult } from '../api';
import { callEndpoint } from '../endpoints';

export function fetchUsers(api: ApiClient): Promise<ApiResult<UserList>> {
  return callEndpoint(api, 'users.list', {});
}

export function createUser(api: ApiClient, request: CreateUserRequest): Promise<ApiResult<UserView>> {
  return callEndpoint(api, 'users.create', { json: request });
}

/** Deactivating (or a new password) ends the user's sessions on every device. */
export function updateUser(api: ApiClient, userId: string, request: UpdateUserRequest): Promise<ApiResult<UserView>> {
  return callEndpoint(api, 'users.update', { params: { id: userId }, json: request });
}

/** Supervisors see their own team, admins all. */
export function fetchTeams(api: ApiClient): Promise<ApiResult<TeamList>> {
  return callEndpoint(api, 'teams.list', {});
}
