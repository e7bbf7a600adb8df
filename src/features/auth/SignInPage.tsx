import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../domain';
import type { Result } from '../../domain/protocol/result';
import { errorMessage } from '../../i18n';
import type { ApiError } from '../../sync';
import { LanguageSwitch } from '../language/LanguageSwitch';
import { AppMark } from '../../ui/AppMark';
import './signIn.css';

export interface SignInPageProps {
  onSignIn: (username: string, password: string) => Promise<Result<Me, ApiError>>;
  /** Set when the server ended the session: the user's data is still on the device. */
  expiredUser: Me | null;
  online: boolean;
}

type Feedback = { kind: 'none' } | { kind: 'required' } | { kind: 'error'; error: ApiError };

export function SignInPage({ onSignIn, expiredUser, online }: SignInPageProps) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(expiredUser?.username ?? '');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>({ kind: 'none' });

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (username.trim() === '' || password === '') {
      setFeedback({ kind: 'required' });
      return;
    }
    setBusy(true);
    setFeedback({ kind: 'none' });
    const result = await onSignIn(username.trim(), password);
    // On success this screen is replaced by the app; only failures come back here.
    if (!result.ok) {
      setBusy(false);
      setFeedback({ kind: 'error', error: result.error });
      if (result.error.code === 'INVALID_CREDENTIALS') setPassword('');
    }
  }

  const alert = feedback.kind === 'required' ? t('auth.required') : feedback.kind === 'error' ? errorMessage(t, feedback.error) : null;

  return (
    <main className="sign-in">
      <div className="sign-in__top">
        <div className="sign-in__brand">
          <AppMark size={44} />
          <span className="sign-in__app-name">{t('app.name')}</span>
        </div>
        <LanguageSwitch tone="light" />
      </div>
      <form className="sign-in__card" onSubmit={(e) => void submit(e)} noValidate>
        <h1 className="sign-in__title">{t('auth.title')}</h1>
        <p className="sign-in__intro">{t('auth.intro')}</p>
        {expiredUser !== null && (
          <p className="notice notice--info" role="status">
            {t('auth.expired')}
          </p>
        )}
        {!online && (
          <p className="notice notice--warning" role="status">
            {t('auth.offlineFirstTime')}
          </p>
        )}
        <label className="field">
          <span className="field__label">{t('auth.username')}</span>
          <input
            className="field__input"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('auth.password')}</span>
          <input
            className="field__input"
            name="password"
            type={showPassword ? 'text' : 'password'}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
          <span>{t('auth.showPassword')}</span>
        </label>
        {alert !== null && (
          <p className="notice notice--error" role="alert">
            {alert}
          </p>
        )}
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? t('auth.submitting') : t('auth.submit')}
        </button>
      </form>
    </main>
  );
}
