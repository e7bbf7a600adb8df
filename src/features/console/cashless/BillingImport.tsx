import { Trans, useTranslation } from 'react-i18next';
import { IMPORT_MAX_BYTES } from '../../../domain/workOrder/imports';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatFileSize } from '../kit/format';
import { useConsoleApi } from '../kit/useConsoleApi';
import { FileDrop } from '../import/FileDrop';
import { ImportErrorTable } from '../import/ImportErrorTable';
import '../import/import.css';
import { useBillingImport, type BillingImportPhase } from './useBillingImport';

/** The billing file's import: the work-order import's file picker, dry run, row-error table, then the import. */
export function BillingImport({ teamId, needsTeam, onImported }: { teamId: string | undefined; needsTeam: boolean; onImported: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const flow = useBillingImport(api, teamId, onImported);
  const busy = flow.phase.kind === 'checking' || flow.phase.kind === 'importing';
  const file = flow.phase.kind === 'idle' ? null : flow.phase.file;
  return (
    <section className="cashless-import" aria-labelledby="cashless-import-title">
      <h2 id="cashless-import-title">{t('console.cashless.import.title')}</h2>
      <p className="kit-muted">
        <Trans i18nKey="console.cashless.import.help" components={{ code: <code /> }} />
      </p>
      {needsTeam ? (
        <p className="notice notice--warning">{t('console.import.teamRequired')}</p>
      ) : (
        <FileDrop onFile={(f) => void flow.check(f)} disabled={busy} />
      )}
      {file !== null && (
        <p className="import-file">
          <span className="mono">{t('console.import.fileInfo', { name: file.name, size: formatFileSize(file.size, i18n.language) })}</span>
        </p>
      )}
      <PhaseView phase={flow.phase} onRun={(f, r) => void flow.run(f, r)} onRecheck={(f) => void flow.check(f)} maxBytes={IMPORT_MAX_BYTES} />
    </section>
  );
}

function PhaseView({
  phase,
  onRun,
  onRecheck,
  maxBytes,
}: {
  phase: BillingImportPhase;
  onRun: (file: File, result: Extract<BillingImportPhase, { kind: 'clean' }>['result']) => void;
  onRecheck: (file: File) => void;
  maxBytes: number;
}) {
  const { t, i18n } = useTranslation();
  switch (phase.kind) {
    case 'idle':
      return null;
    case 'fileProblem':
      return (
        <p className="notice notice--error" role="alert">
          {t(`console.import.${phase.problem}`, { name: phase.file.name, max: formatFileSize(maxBytes, i18n.language) })}
        </p>
      );
    case 'checking':
    case 'importing':
      return (
        <p className="notice notice--info" role="status">
          {t(`console.cashless.import.${phase.kind}`)}
        </p>
      );
    case 'errors':
      return <ImportErrorTable errors={phase.errors} />;
    case 'clean':
      return (
        <div className="notice notice--info import-clean" role="status">
          <p>
            <strong>{t('console.cashless.import.clean', { ...phase.result, periods: phase.result.periods.join(', ') })}</strong>
          </p>
          <button type="button" className="button button--primary" onClick={() => onRun(phase.file, phase.result)}>
            {t('console.cashless.import.run')}
          </button>
        </div>
      );
    case 'done':
      return (
        <p className="notice notice--info import-done" role="status">
          <strong>{t('console.cashless.import.done', { ...phase.result, periods: phase.result.periods.join(', ') })}</strong>
        </p>
      );
    case 'failed':
      return <ErrorBanner error={phase.error} onRetry={() => onRecheck(phase.file)} />;
  }
}
