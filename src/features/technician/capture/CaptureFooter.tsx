import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draftPhotoIds } from '../../../domain/capture/swapDraft';
import { useCaptureDevices } from './CaptureDevices';
import { formatBytes } from '../../../domain/format/numberFormat';
import type { DraftEditor } from './useDraftEditor';

/** Used and free space, refreshed whenever the number of photos changes. */
export function StorageLine({ photoCount }: { photoCount: number }) {
  const { t, i18n } = useTranslation();
  const { estimateStorage } = useCaptureDevices();
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    let cancelled = false;
    void estimateStorage().then((e) => {
      if (!cancelled) setEstimate(e);
    });
    return () => {
      cancelled = true;
    };
  }, [estimateStorage, photoCount]);
  if (estimate === null) return null;
  return (
    <p className="capture__storage" data-testid="storage-line">
      {t('capture.photos.storage', {
        used: formatBytes(estimate.usage, i18n.language),
        free: formatBytes(Math.max(0, estimate.quota - estimate.usage), i18n.language),
      })}
    </p>
  );
}

/** Save state in words: the technician can see that nothing typed waits to be written. */
export function SaveState({ editor }: { editor: DraftEditor }) {
  const { t } = useTranslation();
  if (editor.error !== null) {
    return (
      <p className="notice notice--error" role="alert">
        {t('capture.flow.saveFailed', { message: t('errors.LOCAL_ERROR') })}
      </p>
    );
  }
  return <p className="capture__saved">{editor.dirty ? t('capture.flow.saving') : t('capture.flow.saved')}</p>;
}

/**
 * The thumb zone: back and continue (or finish) stay at the bottom of the screen; "Không thực hiện
 * được" sits below the form, away from them, so it is not hit by mistake.
 */
export function CaptureFooter(props: {
  editor: DraftEditor;
  canGoBack: boolean;
  isLast: boolean;
  busy: boolean;
  onBack: () => void;
  onNext: () => void;
  onFinish: () => void;
  /** "Không thực hiện được"; absent when correcting a sent record (the visit happened). */
  onFail?: () => void;
  /** The last step's button, when it is not "Hoàn thành" (e.g. "Gửi lại"). */
  finishLabel?: string;
}) {
  const { t } = useTranslation();
  const { editor, canGoBack, isLast, busy } = props;
  return (
    <>
      <div className="capture__aside">
        <SaveState editor={editor} />
        <StorageLine photoCount={draftPhotoIds(editor.draft).length} />
        {props.onFail !== undefined && (
          <button type="button" className="button button--danger-outline button--block" onClick={props.onFail}>
            {t('capture.flow.fail')}
          </button>
        )}
      </div>
      <nav className="capture__nav" aria-label={t('capture.flow.navigation')}>
        {canGoBack && (
          <button type="button" className="button button--secondary" onClick={props.onBack}>
            {t('capture.flow.back')}
          </button>
        )}
        {isLast ? (
          <button type="button" className="button button--primary capture__next" aria-busy={busy} disabled={busy} onClick={props.onFinish}>
            {busy ? t('capture.flow.finishing') : (props.finishLabel ?? t('capture.flow.finish'))}
          </button>
        ) : (
          <button type="button" className="button button--primary capture__next" onClick={props.onNext}>
            {t('capture.flow.next')}
          </button>
        )}
      </nav>
    </>
  );
}
