import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportResponse } from '../../../domain/workOrder/imports';
import { CsvImportPhaseView } from './CsvImportPhaseView';
import type { ImportPhase } from './useImportFlow';

interface Props {
  phase: ImportPhase;
  onRun: (file: File, result: ImportResponse) => void;
  onRecheck: (file: File) => void;
}

/** What the current step of the work-order import says and offers; a failed import (not its check) is run again. */
export function ImportPhaseView({ phase, onRun, onRecheck }: Props) {
  const { t } = useTranslation();
  const counts = (result: ImportResponse) => ({ rows: result.rows, created: result.created, updated: result.updated });
  return (
    <CsvImportPhaseView
      phase={phase}
      texts={{
        checking: t('console.import.checking'),
        importing: t('console.import.importing'),
        run: t('console.import.run'),
        clean: (r) => t('console.import.clean', counts(r)),
        cleanHint: t('console.import.cleanHint'),
        done: (r) => t('console.import.done', counts(r)),
      }}
      onRun={onRun}
      onRetry={(file) =>
        phase.kind === 'failed' && phase.step === 'import' && phase.result !== undefined ? onRun(file, phase.result) : onRecheck(file)
      }
      doneExtra={<Link to="/console/map">{t('console.import.toMap')}</Link>}
    />
  );
}
