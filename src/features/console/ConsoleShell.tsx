import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import type { Me } from '../../domain/auth';
import { SignOutButton } from '../../app/SignOutButton';
import { LanguageSwitch } from '../language/LanguageSwitch';
import { useConsoleMessages } from '../../i18n/console/useConsoleMessages';

/** Navigation bar and the current console screen. */
export function ConsoleShell({ me }: { me: Me }) {
  useConsoleMessages();
  const { t } = useTranslation();
  const links = [
    { to: 'map', label: t('console.nav.map') },
    { to: 'dashboard', label: t('console.nav.dashboard') },
    { to: 'reviews', label: t('console.nav.reviews') },
    { to: 'import', label: t('console.nav.import') },
    ...(me.role === 'admin' ? [{ to: 'users', label: t('console.nav.users') }] : []),
  ];
  return (
    <div className="console">
      <header className="console__header">
        <nav aria-label={t('console.nav.label')}>
          {links.map((link) => (
            <NavLink key={link.to} to={link.to}>
              {link.label}
            </NavLink>
          ))}
        </nav>
        <span className="console__user">{me.teamName === null ? me.displayName : `${me.displayName} · ${me.teamName}`}</span>
        <LanguageSwitch compact tone="light" />
        <SignOutButton />
      </header>
      <main className="console__main" id="main">
        <Suspense fallback={<p role="status">{t('console.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
