import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, useSyncEngine } from '../../runtime/contexts';

export type SignOutStep = { kind: 'confirmOffline' } | { kind: 'unsynced'; count: number };
type Step = SignOutStep | { kind: 'working' };

/**
 * The sign-out questions: unsent work (sync now, or sign out keeping the data on the device),
 * or, offline, whether to sign out although signing in again needs a connection.
 */
export function SignOutDialog({ initial, onClose }: { initial: SignOutStep; onClose: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const engine = useSyncEngine();
  const [step, setStep] = useState<Step>(initial);
  const firstAction = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    firstAction.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [step.kind, onClose]);

  async function signOut(keepData: boolean) {
    setStep({ kind: 'working' });
    const result = await session.signOut({ keepData });
    // Work appeared meanwhile: show the warning instead (the session is still open).
    if (result.status === 'unsynced') setStep({ kind: 'unsynced', count: result.count });
  }

  const unsynced = step.kind === 'unsynced';
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="sign-out-title" aria-describedby="sign-out-body">
        <h2 id="sign-out-title" className="dialog__title">
          {unsynced ? t('signOut.unsyncedTitle') : t('signOut.title')}
        </h2>
        <div id="sign-out-body">
          {step.kind === 'unsynced' && <p>{t('signOut.unsyncedBody', { count: step.count })}</p>}
          {step.kind === 'confirmOffline' && (
            <>
              <p>{t('signOut.body')}</p>
              <p className="notice notice--warning">{t('signOut.offline')}</p>
            </>
          )}
          {step.kind === 'working' && <p role="status">{t('signOut.working')}</p>}
        </div>
        {step.kind === 'unsynced' && (
          <div className="dialog__actions">
            <button
              ref={firstAction}
              type="button"
              className="button button--primary"
              onClick={() => {
                void engine.requestSync('manual');
                onClose();
              }}
            >
              {t('signOut.syncNow')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => void signOut(true)}>
              {t('signOut.signOutKeep')}
            </button>
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('signOut.cancel')}
            </button>
          </div>
        )}
        {step.kind === 'confirmOffline' && (
          <div className="dialog__actions">
            <button ref={firstAction} type="button" className="button button--secondary" onClick={onClose}>
              {t('signOut.cancel')}
            </button>
            <button type="button" className="button button--danger" onClick={() => void signOut(false)}>
              {t('signOut.confirm')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
