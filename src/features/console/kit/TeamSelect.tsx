import { fetchTeams } from '../../../consoleApi/users';
import { currentValue, useApiData } from './useApiData';
import { useConsoleApi } from './useConsoleApi';

interface Props {
  label: string;
  /** The first option, with the value '' (all teams, or "choose one"). */
  emptyLabel: string;
  value: string;
  onChange: (teamId: string) => void;
}

/** Admin only: a team from `GET /teams` (supervisors always work in their own). */
export function TeamSelect({ label, emptyLabel, value, onChange }: Props) {
  const api = useConsoleApi();
  const teams = currentValue(useApiData('teams', () => fetchTeams(api)).state)?.items ?? [];
  return (
    <label className="field kit-team-select">
      <span className="field__label">{label}</span>
      <select className="field__input" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{emptyLabel}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name} ({team.province})
          </option>
        ))}
      </select>
    </label>
  );
}
