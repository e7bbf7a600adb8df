import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize } from '../kit/format';
import { FileDrop } from './FileDrop';

interface Props {
  /** An admin who has not picked a team yet: no file is taken, and the notice says why. */
  needsTeam: boolean;
  /** A request runs: no other file meanwhile. */
  busy: boolean;
  /** The file being checked or imported, named under the picker. */
  file: File | null;
  onFile: (file: File) => void;
  /** Beside the file's name (the work-order import: check it again). */
  children?: ReactNode;
}

/** An import's file picker and the picked file's name and size. */
export function ImportFilePicker({ needsTeam, busy, file, onFile, children }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {needsTeam ? <p className="notice notice--warning">{t('console.import.teamRequired')}</p> : <FileDrop onFile={onFile} disabled={busy} />}
      {file !== null && (
        <p className="import-file">
          <span className="mono">{t('console.import.fileInfo', { name: file.name, size: formatFileSize(file.size, i18n.language) })}</span>
          {children}
        </p>
      )}
    </>
  );
}
