import { useTranslation } from 'react-i18next';
import type { TeamView } from '../../domain/users';

/** Admin only: the team that receives the imported work orders. */
export function TeamPicker({ teams, value, onChange }: { teams: readonly TeamView[]; value: string; onChange: (teamId: string) => void }) {
  const { t } = useTranslation();
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
