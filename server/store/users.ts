import type { Kysely, Selectable } from 'kysely';
import { Role } from '../../src/domain/users/auth';
import type { Database, UsersTable } from './schema';
import type { NewUser, UserRecord } from './records';

type UserRow = Selectable<UsersTable> & { team_name: string | null };

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: Role.parse(row.role),
    teamId: row.team_id,
    teamName: row.team_name,
    passwordHash: row.password_hash,
    active: row.active === 1,
  };
}

function toRow(user: NewUser): UsersTable {
  return {
    id: user.id,
    username: user.username,
    display_name: user.displayName,
    role: user.role,
    team_id: user.teamId,
    password_hash: user.passwordHash,
    active: user.active ? 1 : 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  };
}

/** A user as the admin screen lists them: the record plus when the account was created. */
export interface UserAdminRecord extends UserRecord {
  createdAt: string;
}

/** What an admin may change on an account (undefined: unchanged). */
export interface UserPatch {
  displayName?: string;
  role?: UserRecord['role'];
  teamId?: string | null;
  active?: boolean;
  passwordHash?: string;
}

export function usersRepo(db: Kysely<Database>) {
  const withTeam = () => db.selectFrom('users').leftJoin('teams', 'teams.id', 'users.team_id').selectAll('users').select('teams.name as team_name');

  return {
    async findByUsername(username: string): Promise<UserRecord | undefined> {
      const row = await withTeam().where('users.username', '=', username).executeTakeFirst();
      return row && toUser(row);
    },

    async findById(id: string): Promise<UserRecord | undefined> {
      const row = await withTeam().where('users.id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async findByUsernames(usernames: readonly string[]): Promise<UserRecord[]> {
      if (usernames.length === 0) return [];
      const rows = await withTeam().where('users.username', 'in', usernames).execute();
      return rows.map(toUser);
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async insert(user: NewUser): Promise<void> {
      await db.insertInto('users').values(toRow(user)).execute();
    },

    /** Inserts the users whose username is free; existing accounts are left as they are. */
    async insertMissing(users: readonly NewUser[]): Promise<void> {
      if (users.length === 0) return;
      await db
        .insertInto('users')
        .values(users.map(toRow))
        .onConflict((oc) => oc.column('username').doNothing())
        .execute();
    },

    async setActive(id: string, active: boolean, updatedAt: string = new Date().toISOString()): Promise<void> {
      await db
        .updateTable('users')
        .set({ active: active ? 1 : 0, updated_at: updatedAt })
        .where('id', '=', id)
        .execute();
    },

    /** Every account, by role then username (the admin's user list). */
    async listAll(): Promise<UserAdminRecord[]> {
      const rows = await withTeam().orderBy('users.role').orderBy('users.username').execute();
      return rows.map((r) => ({ ...toUser(r), createdAt: r.created_at }));
    },

    async findAdminView(id: string): Promise<UserAdminRecord | undefined> {
      const row = await withTeam().where('users.id', '=', id).executeTakeFirst();
      return row && { ...toUser(row), createdAt: row.created_at };
    },

    async update(id: string, patch: UserPatch, updatedAt: string): Promise<void> {
      await db
        .updateTable('users')
        .set({
          ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
          ...(patch.role === undefined ? {} : { role: patch.role }),
          ...(patch.teamId === undefined ? {} : { team_id: patch.teamId }),
          ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
          ...(patch.passwordHash === undefined ? {} : { password_hash: patch.passwordHash }),
          updated_at: updatedAt,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Active technicians, of one team or (teamId null) of every team, by display name. */
    async listActiveTechnicians(teamId: string | null): Promise<UserRecord[]> {
      let query = withTeam().where('users.role', '=', 'technician').where('users.active', '=', 1);
      if (teamId !== null) query = query.where('users.team_id', '=', teamId);
      const rows = await query.orderBy('users.display_name').orderBy('users.username').execute();
      return rows.map(toUser);
    },
  };
}

export type UsersRepo = ReturnType<typeof usersRepo>;
