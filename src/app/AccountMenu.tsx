import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../domain';
import { formatTimeThenDate } from '../domain/time/timeDisplay';
import { SignOutButton } from '../features/auth/SignOutButton';
import { LanguageSwitch } from '../features/language/LanguageSwitch';
import { useLastPulledAt } from '../local';

/** The first letter of the given name, which Vietnamese writes last ("Nguyễn Văn Hùng" → "H"). */
function initialOf(name: string): string {
  const given = name.trim().split(/\s+/).at(-1) ?? '';
  return given.charAt(0).toLocaleUpperCase('vi') || '?';
}

/**
 * The name as colleagues say it, for the header's narrow room: at most the last two words ("Lâm Thị Ngọc Hân" →
 * "Ngọc Hân"). Below 360 px only the initial shows (shell.css); the sheet shows the full name and the username.
 */
function shortNameOf(name: string): string {
  const words = name.trim().split(/\s+/);
  return words.length < 3 ? words.join(' ') : words.slice(-2).join(' ');
}

/**
 * Who is signed in, as the header's first target: the initial and the name (the initial alone on a 320 px phone). A tap
 * opens a sheet with the rest, which a technician needs rarely and should not find in the way: the team, when the
 * data was last updated, the language and "Đăng xuất".
 */
export function AccountMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  return (
    <>
      <button
        ref={trigger}
        type="button"
        className="account-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="account-button"
        onClick={() => setOpen(true)}
      >
        <span className="account-button__initial" aria-hidden="true">
          {initialOf(me.displayName)}
        </span>
        <span className="account-button__name">{shortNameOf(me.displayName)}</span>
        {/* The full name for a screen reader (and voice control still finds the button by the short one). */}
        <span className="visually-hidden">
          {' '}
          ({me.displayName}) – {t('shell.account')}
        </span>
      </button>
      {open && <AccountSheet me={me} onClose={close} />}
    </>
  );
}

function AccountSheet({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  const lastPulledAt = useLastPulledAt();
  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div
      className="dialog-backdrop"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="dialog account-sheet" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId} className="dialog__title">
          {me.displayName}
        </h2>
        <p className="account-sheet__meta">
          {me.teamName === null ? me.username : `${me.username} · ${me.teamName}`}
          <br />
          {lastPulledAt == null ? t('shell.neverSynced') : t('shell.lastSynced', { time: formatTimeThenDate(new Date(lastPulledAt)) })}
        </p>
        <LanguageSwitch tone="dark" />
        <div className="dialog__actions">
          <button ref={closeButton} type="button" className="button button--secondary" onClick={onClose}>
            {t('shell.close')}
          </button>
          <SignOutButton className="button button--danger-outline" />
        </div>
      </div>
    </div>
  );
}
