import type { ReactNode } from 'react';
import { useConsoleApi } from '../kit/useConsoleApi';
import { CsvImportPhaseView, type CsvImportTexts } from './CsvImportPhaseView';
import { ImportFilePicker } from './ImportFilePicker';
import './import.css';
import { useCsvImport, type CsvImportCall } from './useCsvImport';

interface Props<R> {
  /** The section's class and its title's id (the section is labelled by its title). */
  className: string;
  titleId: string;
  title: string;
  /** What the file holds: shown under the title. */
  help: ReactNode;
  /** An admin who has not picked a team yet: no file is taken. */
  needsTeam?: boolean;
  call: CsvImportCall<R>;
  teamId: string | undefined;
  onImported: () => void;
  texts: CsvImportTexts<R>;
}

/** A CSV import section of a console page: the file picker, the dry run, the row-error table, then the import. */
export function CsvImport<R>({ className, titleId, title, help, needsTeam = false, call, teamId, onImported, texts }: Props<R>) {
  const api = useConsoleApi();
  const flow = useCsvImport(call, api, teamId, onImported);
  const busy = flow.phase.kind === 'checking' || flow.phase.kind === 'importing';
  const file = flow.phase.kind === 'idle' ? null : flow.phase.file;
  return (
    <section className={className} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {help}
      <ImportFilePicker needsTeam={needsTeam} busy={busy} file={file} onFile={(f) => void flow.check(f)} />
      <CsvImportPhaseView phase={flow.phase} texts={texts} onRun={(f, r) => void flow.run(f, r)} onRetry={(f) => void flow.check(f)} />
    </section>
  );
}
