import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import type { UserView } from '../../../domain/users/users';
import type { ApiError } from '../../../sync';
import { endUserSessions, fetchTeams, fetchUsers, updateUser } from '../../../consoleApi/users';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './users.css';
import { serverErrors } from './userForm';
import { UserForm } from './UserForm';
import { matchesFilter, NO_FILTER, UsersFilters } from './UsersFilters';
import { UsersTable } from './UsersTable';
import { LetterSettingsSection } from './LetterSettingsSection';
import { ApiTokensSection } from './ApiTokensSection';

type Editing = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; user: UserView };

/** Users (/console/users, admin only): list with filters, create, edit, move between teams, deactivate; each team's letter settings. */
export function UsersPage(_props: { me: Me }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const users = useApiData('users', () => fetchUsers(api));
  const teamsData = useApiData('teams', () => fetchTeams(api));
  const teams = currentValue(teamsData.state)?.items ?? [];
  const [filter, setFilter] = useState(NO_FILTER);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const list = currentValue(users.state)?.items;
  const shown = (list ?? []).filter((user) => matchesFilter(user, filter));

  const setActive = async (user: UserView, active: boolean) => {
    setBusyId(user.id);
    setFailure(null);
    setMessage(null);
    const result = await updateUser(api, user.id, { active });
    setBusyId(null);
    if (result.ok) {
      setMessage(t(active ? 'console.users.reactivated' : 'console.users.deactivated', { name: user.displayName }));
      users.reload();
    } else if (serverErrors(result.error)?.active === 'self') setMessage(t('console.users.errors.self'));
    else setFailure(result.error);
  };

  const endSessions = async (user: UserView) => {
    setBusyId(user.id);
    setFailure(null);
    setMessage(null);
    const result = await endUserSessions(api, user.id);
    setBusyId(null);
    if (result.ok) setMessage(t('console.users.sessionsEnded', { name: user.displayName }));
    else setFailure(result.error);
  };

  return (
    <div className="kit-page users-page">
      <div className="users-head">
        <h1 className="page-title">{t('console.users.title')}</h1>
        <button type="button" className="button button--primary" onClick={() => setEditing({ kind: 'create' })}>
          {t('console.users.create')}
        </button>
      </div>
      {message !== null && (
        <p className="notice notice--info" role="status">
          {message}
        </p>
      )}
      {failure !== null && <ErrorBanner error={failure} />}
      {editing.kind !== 'none' && (
        <UserForm
          key={editing.kind === 'edit' ? editing.user.id : 'new'}
          api={api}
          teams={teams}
          {...(editing.kind === 'edit' ? { user: editing.user } : {})}
          onCancel={() => setEditing({ kind: 'none' })}
          onDone={(_user, text) => {
            setEditing({ kind: 'none' });
            setMessage(text);
            users.reload();
          }}
        />
      )}
      <UsersFilters filter={filter} teams={teams} onChange={setFilter} />
      {users.state.status === 'error' && <ErrorBanner error={users.state.error} onRetry={users.reload} />}
      {list === undefined ? (
        users.state.status === 'loading' && <LoadingLine />
      ) : shown.length === 0 ? (
        <EmptyState>{t('console.users.empty')}</EmptyState>
      ) : (
        <>
          <p className="kit-muted">{t('console.users.count', { count: shown.length })}</p>
          <UsersTable
            users={shown}
            teams={teams}
            busyId={busyId}
            onEdit={(user) => setEditing({ kind: 'edit', user })}
            onActive={(user, active) => void setActive(user, active)}
            onEndSessions={(user) => void endSessions(user)}
          />
        </>
      )}
      <LetterSettingsSection api={api} teams={teams} />
      <ApiTokensSection api={api} />
    </div>
  );
}
