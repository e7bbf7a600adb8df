import { useTranslation } from 'react-i18next';
import type { TeamView, UserView } from '../../../domain/users/users';
import { ActiveToggle, ConfirmAction } from './ActiveToggle';

interface Props {
  users: readonly UserView[];
  teams: readonly TeamView[];
  busyId: string | null;
  onEdit: (user: UserView) => void;
  onActive: (user: UserView, active: boolean) => void;
  /** Sign the user out of every device (a lost or stolen phone). */
  onEndSessions: (user: UserView) => void;
}

export function UsersTable({ users, teams, busyId, onEdit, onActive, onEndSessions }: Props) {
  const { t } = useTranslation();
  const teamName = (id: string | null) => (id === null ? '—' : (teams.find((team) => team.id === id)?.name ?? '—'));
  return (
    <div className="kit-table-scroll" tabIndex={0}>
      <table className="kit-table users-table">
        <thead>
          <tr>
            <th scope="col">{t('console.users.columns.username')}</th>
            <th scope="col">{t('console.users.columns.displayName')}</th>
            <th scope="col">{t('console.users.columns.role')}</th>
            <th scope="col">{t('console.users.columns.team')}</th>
            <th scope="col">{t('console.users.columns.status')}</th>
            <th scope="col">{t('console.users.columns.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.active ? undefined : 'users-table__inactive'}>
              <th scope="row" className="mono">
                {user.username}
              </th>
              <td>{user.displayName}</td>
              <td>{t(`console.users.roles.${user.role}`)}</td>
              <td>{teamName(user.teamId)}</td>
              <td>{t(user.active ? 'console.users.active' : 'console.users.inactive')}</td>
              <td>
                <div className="users-table__actions">
                  <button
                    type="button"
                    className="button button--secondary kit-button--small"
                    onClick={() => onEdit(user)}
                    aria-label={`${t('console.users.edit')} ${user.username}`}
                  >
                    {t('console.users.edit')}
                  </button>
                  <ActiveToggle user={user} busy={busyId === user.id} onConfirm={(active) => onActive(user, active)} />
                  {user.active && (
                    <ConfirmAction
                      label={t('console.users.endSessions')}
                      question={t('console.users.confirmEndSessions', { name: user.displayName })}
                      busy={busyId === user.id}
                      danger
                      onConfirm={() => onEndSessions(user)}
                    />
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
