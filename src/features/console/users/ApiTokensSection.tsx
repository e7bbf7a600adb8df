import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiTokenCreated } from '../../../domain/commissioning/commissioningApi';
import { formatDateTime } from '../../../domain/time/time';
import type { ApiClient, ApiError } from '../../../sync';
import { createApiToken, fetchApiTokens, revokeApiToken } from '../../../consoleApi/commissioning';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';

/**
 * "Mã truy cập tích hợp" (issue 17): the API tokens the head-end system sends its readings with. An admin names a
 * token; it is shown once, right after it is made (only its hash is kept), and can be revoked at any time.
 */
export function ApiTokensSection({ api }: { api: ApiClient }) {
  const { t } = useTranslation();
  const nameId = useId();
  const tokens = useApiData('api-tokens', () => fetchApiTokens(api));
  const list = currentValue(tokens.state)?.tokens;
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const create = async () => {
    setFailure(null);
    setMessage(null);
    if (name.trim() === '' || name.trim().length > 80) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    const result = await createApiToken(api, name.trim());
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setCreated(result.value);
    setName('');
    tokens.reload();
  };

  const revoke = async (id: string, tokenName: string) => {
    if (!window.confirm(t('console.users.apiTokens.confirmRevoke', { name: tokenName }))) return;
    setFailure(null);
    const result = await revokeApiToken(api, id);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    if (created?.id === id) setCreated(null);
    setMessage(t('console.users.apiTokens.revoked', { name: tokenName }));
    tokens.reload();
  };

  return (
    <section className="card users-api-tokens" aria-labelledby="api-tokens-title" data-testid="api-tokens">
      <h2 id="api-tokens-title" className="card__title">
        {t('console.users.apiTokens.title')}
      </h2>
      <p className="kit-muted">{t('console.users.apiTokens.hint')}</p>
      {message !== null && (
        <p className="notice notice--info" role="status">
          {message}
        </p>
      )}
      {failure !== null && <ErrorBanner error={failure} />}
      {created !== null && (
        <div className="notice notice--warning" role="status" data-testid="api-token-created">
          <p>{t('console.users.apiTokens.shownOnce', { name: created.name })}</p>
          <p>
            <code className="mono users-api-tokens__token">{created.token}</code>
          </p>
        </div>
      )}
      <form
        className="users-api-tokens__form"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={nameId}>
            {t('console.users.apiTokens.name')}
          </label>
          <input
            id={nameId}
            className="field__input"
            type="text"
            autoComplete="off"
            value={name}
            maxLength={80}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${nameId}-error` : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {invalid && (
            <p id={`${nameId}-error`} className="users-form__error" role="alert">
              {t('console.users.apiTokens.nameRequired')}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary" aria-busy={busy} disabled={busy}>
          {t('console.users.apiTokens.create')}
        </button>
      </form>
      {tokens.state.status === 'error' && <ErrorBanner error={tokens.state.error} onRetry={tokens.reload} />}
      {list === undefined ? (
        tokens.state.status === 'loading' && <LoadingLine />
      ) : list.length === 0 ? (
        <EmptyState>{t('console.users.apiTokens.empty')}</EmptyState>
      ) : (
        <div className="kit-table-scroll" tabIndex={0}>
          <table className="kit-table">
            <thead>
              <tr>
                <th scope="col">{t('console.users.apiTokens.name')}</th>
                <th scope="col">{t('console.users.apiTokens.createdAt')}</th>
                <th scope="col">{t('console.users.apiTokens.lastUsedAt')}</th>
                <th scope="col">{t('console.users.apiTokens.state')}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {list.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>
                    {formatDateTime(new Date(token.createdAt))}
                    {token.createdByName !== null && ` · ${token.createdByName}`}
                  </td>
                  <td>{token.lastUsedAt === null ? t('console.users.apiTokens.never') : formatDateTime(new Date(token.lastUsedAt))}</td>
                  <td>
                    {token.revokedAt === null
                      ? t('console.users.apiTokens.live')
                      : t('console.users.apiTokens.revokedAt', { time: formatDateTime(new Date(token.revokedAt)) })}
                  </td>
                  <td>
                    {token.revokedAt === null && (
                      <button type="button" className="button button--secondary" onClick={() => void revoke(token.id, token.name)}>
                        {t('console.users.apiTokens.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
