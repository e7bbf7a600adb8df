import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/domain/users/auth';
import type { CreateUserRequest, TeamList, UpdateUserRequest, UserList, UserView } from '../../src/domain/users/users';
import type { Repos, Store } from '../store/store';
import type { UserAdminRecord, UserPatch } from '../store/users';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { hashPassword } from './passwords';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';

/** Roles that work inside a team: their scope is that team, so an account without one could do nothing. */
const TEAM_ROLES: readonly Role[] = ['technician', 'supervisor'];

function toView(user: UserAdminRecord): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    teamId: user.teamId,
    active: user.active,
    createdAt: user.createdAt,
  };
}

/** What the audit log keeps of an account: never the password hash. */
const auditView = (user: Pick<UserView, 'username' | 'displayName' | 'role' | 'teamId' | 'active'>) => ({
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  teamId: user.teamId,
  active: user.active,
});

async function checkTeam(tx: Pick<Repos, 'teams'>, role: Role, teamId: string | null): Promise<Result<null>> {
  if (teamId === null) {
    return TEAM_ROLES.includes(role)
      ? failure('VALIDATION_FAILED', 'Technicians and supervisors belong to a team.', {
          errors: [{ path: 'teamId', code: 'required', message: 'Choose a team.' }],
        })
      : ok(null);
  }
  if ((await tx.teams.findById(teamId)) === undefined) {
    return failure('VALIDATION_FAILED', 'No such team.', { errors: [{ path: 'teamId', code: 'not_found', message: 'Unknown team.' }] });
  }
  return ok(null);
}

export function createUserAdminService(store: Store, clock: Clock) {
  async function list(): Promise<UserList> {
    return { items: (await store.users.listAll()).map(toView) };
  }

  /** Teams a caller may see: a supervisor's own, every team for an admin. */
  async function teams(auth: AuthContext): Promise<TeamList> {
    if (auth.user.role === 'admin') return { items: await store.teams.listAll() };
    if (auth.user.teamId === null) return { items: [] };
    const own = await store.teams.findById(auth.user.teamId);
    return { items: own ? [own] : [] };
  }

  /** `POST /api/v1/users`: a taken username is VALIDATION_FAILED on `username` (code `taken`). */
  async function create(auth: AuthContext, request: CreateUserRequest): Promise<Result<UserView>> {
    // Hashing costs ~150 ms: done before the transaction so it holds no lock meanwhile.
    const passwordHash = await hashPassword(request.password);
    return store.transaction(async (tx) => {
      if ((await tx.users.findByUsername(request.username)) !== undefined) {
        return failure('VALIDATION_FAILED', 'That username is taken.', {
          errors: [{ path: 'username', code: 'taken', message: 'Choose another username.' }],
        });
      }
      const team = await checkTeam(tx, request.role, request.teamId);
      if (!team.ok) return team;
      const at = clock.now().toISOString();
      const id = randomUUID();
      await tx.users.insert({
        id,
        username: request.username,
        displayName: request.displayName,
        role: request.role,
        teamId: request.teamId,
        passwordHash,
        active: true,
        createdAt: at,
      });
      const created = await tx.users.findAdminView(id);
      if (!created) throw new Error('user vanished after insert');
      await tx.audit.append([
        { actorId: auth.user.id, action: 'user.create', entity: 'user', entityId: id, before: null, after: auditView(created), at },
      ]);
      return ok(toView(created));
    });
  }

  /**
   * `PATCH /api/v1/users/:id`. Deactivating and a new password end every session of the account. An admin cannot
   * deactivate or demote themselves (nobody would be left to undo it). Moving a technician to another team leaves
   * their open assignments as they are: the work stays theirs until a supervisor reassigns it, so nothing captured
   * offline is orphaned.
   */
  async function update(auth: AuthContext, id: string, request: UpdateUserRequest): Promise<Result<UserView>> {
    const passwordHash = request.password === undefined ? undefined : await hashPassword(request.password);
    return store.transaction(async (tx) => {
      const before = await tx.users.findAdminView(id);
      if (!before) return failure('NOT_FOUND', 'No such user.');
      if (id === auth.user.id && (request.active === false || (request.role !== undefined && request.role !== 'admin'))) {
        return failure('VALIDATION_FAILED', 'You cannot deactivate or demote your own account.', {
          errors: [{ path: request.active === false ? 'active' : 'role', code: 'self', message: 'Ask another admin to do it.' }],
        });
      }
      const role = request.role ?? before.role;
      const teamId = request.teamId === undefined ? before.teamId : request.teamId;
      if (request.role !== undefined || request.teamId !== undefined) {
        const team = await checkTeam(tx, role, teamId);
        if (!team.ok) return team;
      }
      const patch: UserPatch = {
        ...(request.displayName === undefined ? {} : { displayName: request.displayName }),
        ...(request.role === undefined ? {} : { role: request.role }),
        ...(request.teamId === undefined ? {} : { teamId: request.teamId }),
        ...(request.active === undefined ? {} : { active: request.active }),
        ...(passwordHash === undefined ? {} : { passwordHash }),
      };
      const at = clock.now().toISOString();
      await tx.users.update(id, patch, at);
      if (request.active === false || passwordHash !== undefined) {
        await tx.sessions.deleteForUser(id);
        // Its devices are no longer trusted either: a lost phone's device cookie must not keep a bucket of its own.
        await tx.loginLimits.deleteDevicesForUser(id);
      }
      const after = await tx.users.findAdminView(id);
      if (!after) throw new Error('user vanished after update');
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: 'user.update',
          entity: 'user',
          entityId: id,
          before: auditView(before),
          after: { ...auditView(after), passwordReset: passwordHash !== undefined },
          at,
        },
      ]);
      return ok(toView(after));
    });
  }

  /**
   * `DELETE /api/v1/users/:id/sessions` (admin): ends every session of the user now, e.g. for a lost or stolen
   * phone, without changing the password or the account. The device's unsent work stays on it until someone signs in.
   */
  async function endSessions(auth: AuthContext, id: string): Promise<Result<null>> {
    return store.transaction(async (tx) => {
      const before = await tx.users.findAdminView(id);
      if (!before) return failure('NOT_FOUND', 'No such user.');
      await tx.sessions.deleteForUser(id);
      await tx.loginLimits.deleteDevicesForUser(id);
      const at = clock.now().toISOString();
      await tx.audit.append([{ actorId: auth.user.id, action: 'user.sessions.end', entity: 'user', entityId: id, before: null, after: null, at }]);
      return ok(null);
    });
  }

  return { list, teams, create, update, endSessions };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
