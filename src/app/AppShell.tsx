import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import type { Me } from '../domain';
import { ConnectivityBanner } from './ConnectivityBanner';
import { Header } from './Header';
import './shell.css';

const SignOutDialog = lazy(() => import('./SignOutDialog').then((m) => ({ default: m.SignOutDialog })));

/** Header, connectivity banner, then the page. */
export function AppShell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <div className="shell">
      <Header me={me} onSignOut={() => setSigningOut(true)} />
      <ConnectivityBanner />
      <main className="shell__main" id="main">
        <Suspense fallback={<p role="status">{t('detail.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
      {signingOut && (
        <Suspense fallback={null}>
          <SignOutDialog onClose={() => setSigningOut(false)} />
        </Suspense>
      )}
    </div>
  );
}
