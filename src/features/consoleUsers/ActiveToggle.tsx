import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../domain/users';

interface Props {
  user: UserView;
  busy: boolean;
  onConfirm: (active: boolean) => void;
}

/** Deactivate / reactivate, asked twice: deactivating signs the person out of every device. */
export function ActiveToggle({ user, busy, onConfirm }: Props) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const next = !user.active;
  if (!asking) {
    return (
      <button type="button" className={`button button--secondary kit-button--small${user.active ? ' users-danger-outline' : ''}`} disabled={busy} onClick={() => setAsking(true)}>
        {t(user.active ? 'console.users.deactivate' : 'console.users.reactivate')}
      </button>
    );
  }
  return (
    <div className="users-confirm" role="alertdialog" aria-label={t(user.active ? 'console.users.deactivate' : 'console.users.reactivate')}>
      <p>{t(user.active ? 'console.users.confirmDeactivate' : 'console.users.confirmReactivate', { name: user.displayName })}</p>
      <div className="button-row">
        <button type="button" className="button button--secondary kit-button--small" onClick={() => setAsking(false)}>
          {t('console.users.form.cancel')}
        </button>
        <button
          type="button"
          className="button button--danger kit-button--small"
          disabled={busy}
          onClick={() => {
            setAsking(false);
            onConfirm(next);
          }}
        >
          {t('console.users.confirm')}
        </button>
      </div>
    </div>
  );
}
