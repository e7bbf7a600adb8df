import { useTranslation } from 'react-i18next';
import type { Me } from '../domain';
import { LanguageSwitch } from '../features/language/LanguageSwitch';
import { OutboxBadge } from '../features/technician/outbox/OutboxBadge';
import { AppMark } from '../ui/AppMark';
import { SignOutButton } from '../features/auth/SignOutButton';
import { SyncButton } from './SyncButton';

export function Header({ me }: { me: Me }) {
  const { t } = useTranslation();
  const user =
    me.teamName === null ? t('shell.user', { name: me.displayName }) : t('shell.userWithTeam', { name: me.displayName, team: me.teamName });
  return (
    <header className="header">
      <div className="header__row">
        <div className="header__brand">
          <AppMark size={30} />
          <div className="header__titles">
            <span className="header__app">{t('app.name')}</span>
            <span className="header__user">{user}</span>
          </div>
        </div>
        <LanguageSwitch compact tone="light" />
      </div>
      <div className="header__row header__actions">
        <SyncButton />
        <OutboxBadge />
        <SignOutButton />
      </div>
    </header>
  );
}
