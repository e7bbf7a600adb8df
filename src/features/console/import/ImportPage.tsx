import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './import.css';
import { ImportFilePicker } from './ImportFilePicker';
import { ImportHelp } from './ImportHelp';
import { ImportPhaseView } from './ImportPhaseView';
import { TeamPicker } from './TeamPicker';
import { useImportFlow } from './useImportFlow';

/** Import from CMIS (/console/import): dry run, every row error in Vietnamese, then the import in one go. */
export function ImportPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const isAdmin = me.role === 'admin';
  const [teamId, setTeamId] = useState('');
  const flow = useImportFlow(api, isAdmin ? teamId : undefined);
  const busy = flow.phase.kind === 'checking' || flow.phase.kind === 'importing';
  const needsTeam = isAdmin && teamId === '';
  const file = flow.phase.kind === 'idle' ? null : flow.phase.file;

  return (
    <div className="kit-page import-page">
      <h1 className="page-title">{t('console.import.title')}</h1>
      <p>{t('console.import.intro')}</p>
      {isAdmin && (
        <TeamPicker
          value={teamId}
          onChange={(id) => {
            setTeamId(id);
            flow.reset();
          }}
        />
      )}
      <ImportFilePicker needsTeam={needsTeam} busy={busy} file={file} onFile={(f) => void flow.check(f)}>
        {file !== null && flow.phase.kind === 'errors' && (
          <button type="button" className="button button--secondary kit-button--small" onClick={() => void flow.check(file)}>
            {t('console.import.recheck')}
          </button>
        )}
      </ImportFilePicker>
      <ImportPhaseView phase={flow.phase} onRun={(f, result) => void flow.run(f, result)} onRecheck={(f) => void flow.check(f)} />
      <ImportHelp />
    </div>
  );
}
