import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import type { Me } from '../../domain/users/auth';
import { SignOutButton } from '../auth/SignOutButton';
import { AppMark } from '../../ui/AppMark';
import { LanguageSwitch } from '../language/LanguageSwitch';
import { useConsoleMessages } from '../../i18n/console/useConsoleMessages';
import { openApiUrl } from '../../consoleApi/exports';
import './console.css';

/** Top bar (brand, navigation, who is signed in, language, sign-out) and the current console screen. */
export function ConsoleShell({ me }: { me: Me }) {
  useConsoleMessages();
  const { t } = useTranslation();
  const links = [
    { to: 'map', label: t('console.nav.map') },
    { to: 'dashboard', label: t('console.nav.dashboard') },
    { to: 'reviews', label: t('console.nav.reviews') },
    { to: 'roadmap', label: t('console.nav.roadmap') },
    { to: 'cashless', label: t('console.nav.cashless') },
    { to: 'notices', label: t('console.nav.notices') },
    { to: 'stock', label: t('console.nav.stock') },
    { to: 'import', label: t('console.nav.import') },
    ...(me.role === 'admin' ? [{ to: 'users', label: t('console.nav.users') }] : []),
  ];
  return (
    <div className="console">
      <a className="console__skip" href="#main">
        {t('console.nav.skip')}
      </a>
      <header className="console__header">
        <div className="console__brand">
          <AppMark size={32} />
          <span className="console__app">{t('app.name')}</span>
        </div>
        <nav className="console__nav" aria-label={t('console.nav.label')}>
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} className="console__link">
              {link.label}
            </NavLink>
          ))}
          {me.role === 'admin' && (
            // A link to the JSON, not a renderer: a Swagger-style viewer would add hundreds of KB for one admin page.
            <a className="console__link" href={openApiUrl()} target="_blank" rel="noopener" title={t('console.nav.apiHint')}>
              {t('console.nav.api')}
            </a>
          )}
        </nav>
        <div className="console__account">
          <span className="console__user">
            <span className="console__user-name">{me.displayName}</span>
            <span className="console__user-role">{me.teamName === null ? t(`console.nav.role.${me.role}`) : me.teamName}</span>
          </span>
          <LanguageSwitch compact tone="light" />
          <SignOutButton />
        </div>
      </header>
      <main className="console__main" id="main">
        <Suspense
          fallback={
            <p className="console__loading" role="status">
              {t('console.loading')}
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
