import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_MAX_BYTES } from '../../../domain/workOrder/imports';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatFileSize } from '../kit/format';
import { ImportErrorTable } from './ImportErrorTable';
import type { CsvImportPhase } from './useCsvImport';

/** The texts of one import's steps, translated by its caller (each import counts different things). */
export interface CsvImportTexts<R> {
  checking: string;
  importing: string;
  run: string;
  clean: (result: R) => string;
  /** After the clean dry run's figures (the work-order import says what the import will do). */
  cleanHint?: string;
  done: (result: R) => string;
}

interface Props<R> {
  phase: CsvImportPhase<R>;
  texts: CsvImportTexts<R>;
  onRun: (file: File, result: R) => void;
  /** The failed step's "try again". */
  onRetry: (file: File) => void;
  /** Below the import's figures once it is done (the work-order import: a link to the map). */
  doneExtra?: ReactNode;
}

/** What the current step of a CSV import says and offers: file problem, progress, row errors, confirm, done, failure. */
export function CsvImportPhaseView<R>({ phase, texts, onRun, onRetry, doneExtra }: Props<R>) {
  const { t, i18n } = useTranslation();
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
          {texts[phase.kind]}
        </p>
      );
    case 'errors':
      return <ImportErrorTable errors={phase.errors} />;
    case 'clean':
      return (
        <div className="notice notice--info import-clean" role="status">
          <p>
            <strong>{texts.clean(phase.result)}</strong>
            {texts.cleanHint !== undefined && ` ${texts.cleanHint}`}
          </p>
          <button type="button" className="button button--primary" onClick={() => onRun(phase.file, phase.result)}>
            {texts.run}
          </button>
        </div>
      );
    case 'done':
      return doneExtra === undefined ? (
        <p className="notice notice--info import-done" role="status">
          <strong>{texts.done(phase.result)}</strong>
        </p>
      ) : (
        <div className="notice notice--info import-done" role="status">
          <p>
            <strong>{texts.done(phase.result)}</strong>
          </p>
          {doneExtra}
        </div>
      );
    case 'failed':
      return <ErrorBanner error={phase.error} onRetry={() => onRetry(phase.file)} />;
  }
}
