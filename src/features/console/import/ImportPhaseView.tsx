import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IMPORT_MAX_BYTES, type ImportResponse } from '../../../domain/workOrder/imports';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatFileSize } from '../kit/format';
import { ImportErrorTable } from './ImportErrorTable';
import type { ImportPhase } from './useImportFlow';

interface Props {
  phase: ImportPhase;
  onRun: (file: File, result: ImportResponse) => void;
  onRecheck: (file: File) => void;
}

/** What the current step of the import says and offers. */
export function ImportPhaseView({ phase, onRun, onRecheck }: Props) {
  const { t, i18n } = useTranslation();
  const counts = (result: ImportResponse) => ({ rows: result.rows, created: result.created, updated: result.updated });
  switch (phase.kind) {
    case 'idle':
      return null;
    case 'fileProblem':
      return (
        <p className="notice notice--error" role="alert">
          {t(`console.import.${phase.problem}`, { name: phase.file.name, max: formatFileSize(IMPORT_MAX_BYTES, i18n.language) })}
        </p>
      );
    case 'checking':
    case 'importing':
      return (
        <p className="notice notice--info" role="status">
          {t(phase.kind === 'checking' ? 'console.import.checking' : 'console.import.importing')}
        </p>
      );
    case 'errors':
      return <ImportErrorTable errors={phase.errors} />;
    case 'clean':
      return (
        <div className="notice notice--info import-clean" role="status">
          <p>
            <strong>{t('console.import.clean', counts(phase.result))}</strong> {t('console.import.cleanHint')}
          </p>
          <button type="button" className="button button--primary" onClick={() => onRun(phase.file, phase.result)}>
            {t('console.import.run')}
          </button>
        </div>
      );
    case 'done':
      return (
        <div className="notice notice--info import-done" role="status">
          <p>
            <strong>{t('console.import.done', counts(phase.result))}</strong>
          </p>
          <Link to="/console/map">{t('console.import.toMap')}</Link>
        </div>
      );
    case 'failed':
      return (
        <ErrorBanner
          error={phase.error}
          onRetry={() => (phase.step === 'import' && phase.result !== undefined ? onRun(phase.file, phase.result) : onRecheck(phase.file))}
        />
      );
  }
}
