import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../domain/users/users';

interface ConfirmActionProps {
  label: string;
  question: string;
  busy: boolean;
  /** Outlined in red: the action signs someone out. */
  danger: boolean;
  onConfirm: () => void;
}

/** A button asked twice: the first press shows the question, "Xác nhận" does it. */
export function ConfirmAction({ label, question, busy, danger, onConfirm }: ConfirmActionProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className={`button button--secondary kit-button--small${danger ? ' users-danger-outline' : ''}`}
        disabled={busy}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="users-confirm" role="alertdialog" aria-label={label}>
      <p>{question}</p>
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
            onConfirm();
          }}
        >
          {t('console.users.confirm')}
        </button>
      </div>
    </div>
  );
}

interface Props {
  user: UserView;
  busy: boolean;
  onConfirm: (active: boolean) => void;
}

/** Deactivate / reactivate, asked twice: deactivating signs the person out of every device. */
export function ActiveToggle({ user, busy, onConfirm }: Props) {
  const { t } = useTranslation();
  return (
    <ConfirmAction
      label={t(user.active ? 'console.users.deactivate' : 'console.users.reactivate')}
      question={t(user.active ? 'console.users.confirmDeactivate' : 'console.users.confirmReactivate', { name: user.displayName })}
      busy={busy}
      danger={user.active}
      onConfirm={() => onConfirm(!user.active)}
    />
  );
}
