import type { CreateUserRequest, TeamList, UpdateUserRequest, UserList, UserView } from '../domain/users/users';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEmptyEndpoint, callEndpoint } from '../sync/endpoints';

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

/** Signs the user out of every device now (a lost or stolen phone); the account and password stay as they are. */
export function endUserSessions(api: ApiClient, userId: string): Promise<ApiResult<null>> {
  return callEmptyEndpoint(api, 'users.endSessions', { params: { id: userId } });
}

/** Supervisors see their own team, admins all. */
export function fetchTeams(api: ApiClient): Promise<ApiResult<TeamList>> {
  return callEndpoint(api, 'teams.list', {});
}
