import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import type { Me } from '../domain';
import { ClientOutdatedBanner } from './ClientOutdatedBanner';
import { Header } from './Header';
import { SyncProblemBanner } from './SyncProblemBanner';
import './shell.css';

/** The one-row header, a line under it only when a sync failed or the app is outdated, then the page. */
export function AppShell({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <Header me={me} />
      <SyncProblemBanner />
      <ClientOutdatedBanner />
      <main className="shell__main" id="main">
        <Suspense fallback={<p role="status">{t('detail.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
