import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftIssue } from '../../../../domain/capture/draftIssues';
import { ScanIcon } from './captureIcons';
import { TextField } from './fields';

// The scanner (camera, WebAssembly reader) loads only when the technician taps "Quét mã".
const ScannerDialog = lazy(() => import('./ScannerDialog').then((m) => ({ default: m.ScannerDialog })));

/** Serial (or label) input with a scan button; a scan fills the field, typing stays possible at any time. */
export function SerialField(props: {
  field: string;
  value: string;
  onChange: (value: string) => void;
  issues: readonly DraftIssue[];
  label?: string;
  hint?: string;
  /** The scanner's title when it is not a meter serial that is scanned. */
  scanTitle?: string;
}) {
  const { t } = useTranslation();
  const [scanning, setScanning] = useState(false);
  return (
    <>
      <TextField
        field={props.field}
        label={props.label ?? t('capture.fields.serial')}
        hint={props.hint ?? t('capture.fields.serialHint')}
        value={props.value}
        mono
        large
        issues={props.issues}
        onChange={(value) => props.onChange(value.toUpperCase())}
        after={
          <button type="button" className="button button--secondary field__action" onClick={() => setScanning(true)}>
            <ScanIcon /> {t('capture.fields.scan')}
          </button>
        }
      />
      {scanning && (
        <Suspense fallback={<p role="status">{t('capture.scanner.loading')}</p>}>
          <ScannerDialog
            title={props.scanTitle}
            onResult={(code) => {
              props.onChange(code);
              setScanning(false);
            }}
            onClose={() => setScanning(false)}
          />
        </Suspense>
      )}
    </>
  );
}
