import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnectivity, useSession } from '../../runtime/contexts';
import type { SignOutStep } from './SignOutDialog';

const SignOutDialog = lazy(() => import('./SignOutDialog').then((m) => ({ default: m.SignOutDialog })));

/**
 * "Đăng xuất". Nothing unsent and online: sign out at once (this user's data leaves the device).
 * Unsent work: warn and offer to sync or keep the data. Offline: confirm first, because signing
 * in again needs a connection and the technician could be left without their list until then.
 */
export function SignOutButton({ className = 'button button--on-brand' }: { className?: string }) {
  const { t } = useTranslation();
  const session = useSession();
  // Unconfirmed counts as offline: signing out where signing in again may fail needs a confirmation.
  const online = useConnectivity() === 'online';
  const [step, setStep] = useState<SignOutStep | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    if (busy) return;
    setBusy(true);
    const count = await session.unsyncedCount();
    if (count > 0) {
      setStep({ kind: 'unsynced', count });
    } else if (!online) {
      setStep({ kind: 'confirmOffline' });
    } else {
      const result = await session.signOut();
      // On success this component is gone with the signed-in app; only a refusal comes back here.
      if (result.status === 'unsynced') setStep({ kind: 'unsynced', count: result.count });
    }
    setBusy(false);
  }

  return (
    <>
      <button type="button" className={className} aria-busy={busy} onClick={() => void start()}>
        {busy ? t('signOut.working') : t('shell.signOut')}
      </button>
      {step !== null && (
        <Suspense fallback={null}>
          <SignOutDialog initial={step} onClose={() => setStep(null)} />
        </Suspense>
      )}
    </>
  );
}
