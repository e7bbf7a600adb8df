import { useTranslation } from 'react-i18next';
import { TeamSelect } from '../kit/TeamSelect';

/** Admin only: the team that receives the imported work orders (a supervisor always imports into their own). */
export function TeamPicker({ value, onChange }: { value: string; onChange: (teamId: string) => void }) {
  const { t } = useTranslation();
  return <TeamSelect label={t('console.import.team')} emptyLabel={t('console.import.chooseTeam')} value={value} onChange={onChange} />;
}
