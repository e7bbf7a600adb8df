import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import type { Me } from '../domain';
import { ClientOutdatedBanner } from './ClientOutdatedBanner';
import { ConnectivityBanner } from './ConnectivityBanner';
import { Header } from './Header';
import './shell.css';

/** Header, connectivity banner (and the outdated-app notice), then the page. */
export function AppShell({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <Header me={me} />
      <ConnectivityBanner />
      <ClientOutdatedBanner />
      <main className="shell__main" id="main">
        <Suspense fallback={<p role="status">{t('detail.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
