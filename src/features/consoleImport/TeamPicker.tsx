import { useTranslation } from 'react-i18next';
import { fetchTeams } from '../../sync/console/users';
import { currentValue, useApiData } from '../consoleKit/useApiData';
import { useConsoleApi } from '../consoleKit/useConsoleApi';

/** Admin only: the team that receives the imported work orders (a supervisor always imports into their own). */
export function TeamPicker({ value, onChange }: { value: string; onChange: (teamId: string) => void }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const teams = currentValue(useApiData('teams', () => fetchTeams(api)).state)?.items ?? [];
  return (
    <label className="field import-team">
      <span className="field__label">{t('console.import.team')}</span>
      <select className="field__input" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('console.import.chooseTeam')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name} ({team.province})
          </option>
        ))}
      </select>
    </label>
  );
}
