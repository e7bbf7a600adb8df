import { useTranslation } from 'react-i18next';
import { IMPORT_MAX_BYTES } from '../../../domain/workOrder/imports';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatCount, formatFileSize } from '../kit/format';
import { useConsoleApi } from '../kit/useConsoleApi';
import { FileDrop } from '../import/FileDrop';
import { ImportErrorTable } from '../import/ImportErrorTable';
import '../import/import.css';
import { useDeliveryImport, type DeliveryImportPhase } from './useDeliveryImport';

/** The warehouse's delivery list into the team's warehouse: file, dry run, row errors, then the import. */
export function DeliveryImport({ teamId, onImported }: { teamId: string | undefined; onImported: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const flow = useDeliveryImport(api, teamId, onImported);
  const busy = flow.phase.kind === 'checking' || flow.phase.kind === 'importing';
  const file = flow.phase.kind === 'idle' ? null : flow.phase.file;
  return (
    <section className="stock-section" aria-labelledby="stock-import-title">
      <h2 id="stock-import-title">{t('console.stock.import.title')}</h2>
      <p className="kit-muted">{t('console.stock.import.help')}</p>
      <ul className="kit-muted stock-columns">
        <li>
          {t('console.stock.import.meterColumns')} <code>SO_CTO, LOAI_CTO, SO_PHA, NAM_SX, NGAY_KD, SO_TEM_KD, DO_XA, SO_LO</code>
        </li>
        <li>
          {t('console.stock.import.sealColumns')} <code>NIEM_TU, NIEM_DEN, LOAI_NIEM, SO_LO</code>
        </li>
      </ul>
      <FileDrop onFile={(f) => void flow.check(f)} disabled={busy} />
      {file !== null && (
        <p className="import-file">
          <span className="mono">{t('console.import.fileInfo', { name: file.name, size: formatFileSize(file.size, i18n.language) })}</span>
        </p>
      )}
      <PhaseView phase={flow.phase} onRun={(f, r) => void flow.run(f, r)} onRecheck={(f) => void flow.check(f)} />
    </section>
  );
}

function PhaseView({
  phase,
  onRun,
  onRecheck,
}: {
  phase: DeliveryImportPhase;
  onRun: (file: File, result: Extract<DeliveryImportPhase, { kind: 'clean' }>['result']) => void;
  onRecheck: (file: File) => void;
}) {
  const { t, i18n } = useTranslation();
  const counts = (r: { rows: number; meters: number; seals: number }) => ({
    rows: formatCount(r.rows, i18n.language),
    meters: formatCount(r.meters, i18n.language),
    seals: formatCount(r.seals, i18n.language),
  });
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
          {t(`console.stock.import.${phase.kind}`)}
        </p>
      );
    case 'errors':
      return <ImportErrorTable errors={phase.errors} />;
    case 'clean':
      return (
        <div className="notice notice--info import-clean" role="status">
          <p>
            <strong>{t('console.stock.import.clean', counts(phase.result))}</strong>
          </p>
          <button type="button" className="button button--primary" onClick={() => onRun(phase.file, phase.result)}>
            {t('console.stock.import.run')}
          </button>
        </div>
      );
    case 'done':
      return (
        <p className="notice notice--info import-done" role="status">
          <strong>{t('console.stock.import.done', counts(phase.result))}</strong>
        </p>
      );
    case 'failed':
      return <ErrorBanner error={phase.error} onRetry={() => onRecheck(phase.file)} />;
  }
}
