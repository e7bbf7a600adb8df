import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../domain/users/auth';
import type { TeamView } from '../../../domain/users/users';

export interface UserFilter {
  role: string;
  teamId: string;
  active: '' | 'active' | 'inactive';
}

export const NO_FILTER: UserFilter = { role: '', teamId: '', active: '' };
const NO_TEAM = 'none';

export function matchesFilter(user: { role: string; teamId: string | null; active: boolean }, filter: UserFilter): boolean {
  if (filter.role !== '' && user.role !== filter.role) return false;
  if (filter.teamId === NO_TEAM && user.teamId !== null) return false;
  if (filter.teamId !== '' && filter.teamId !== NO_TEAM && user.teamId !== filter.teamId) return false;
  if (filter.active === 'active' && !user.active) return false;
  if (filter.active === 'inactive' && user.active) return false;
  return true;
}

export function UsersFilters({
  filter,
  teams,
  onChange,
}: {
  filter: UserFilter;
  teams: readonly TeamView[];
  onChange: (filter: UserFilter) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="kit-toolbar">
      <label className="field">
        <span className="field__label">{t('console.users.filters.role')}</span>
        <select className="field__input" value={filter.role} onChange={(e) => onChange({ ...filter, role: e.target.value })}>
          <option value="">{t('console.users.filters.all')}</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`console.users.roles.${role}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('console.users.filters.team')}</span>
        <select className="field__input" value={filter.teamId} onChange={(e) => onChange({ ...filter, teamId: e.target.value })}>
          <option value="">{t('console.users.filters.all')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
          <option value={NO_TEAM}>{t('console.users.filters.noTeam')}</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('console.users.filters.active')}</span>
        <select
          className="field__input"
          value={filter.active}
          onChange={(e) => onChange({ ...filter, active: e.target.value === 'active' || e.target.value === 'inactive' ? e.target.value : '' })}
        >
          <option value="">{t('console.users.filters.all')}</option>
          <option value="active">{t('console.users.filters.activeOnly')}</option>
          <option value="inactive">{t('console.users.filters.inactiveOnly')}</option>
        </select>
      </label>
    </div>
  );
}
