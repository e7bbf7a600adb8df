import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueCustomerCopy, revokeCustomerCopy } from '../../../consoleApi/customerCopies';
import type { CustomerCopyIssued } from '../../../domain/campaign/customerCopy';
import { formatDateTime } from '../../../domain/time/time';
import type { ApiError } from '../../../sync';
import { ErrorBanner } from '../kit/ErrorBanner';
import { useConsoleApi } from '../kit/useConsoleApi';

/**
 * "Bản của khách hàng" (issue 15 §3): a supervisor issues the link to the customer's copy of this completion's
 * handover record, copies it, or revokes it. The server keeps only a hash of the token, so a link is shown once,
 * right after it is issued; issuing again ends the previous link.
 */
export function CustomerCopySection({ completionId }: { completionId: string }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const headingId = useId();
  const linkId = useId();
  const [issued, setIssued] = useState<CustomerCopyIssued | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [copied, setCopied] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const issue = async () => {
    setBusy(true);
    setFailure(null);
    const result = await issueCustomerCopy(api, completionId);
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setIssued(result.value);
    setRevoked(false);
    setCopied(false);
  };

  const revoke = async () => {
    setBusy(true);
    setFailure(null);
    const result = await revokeCustomerCopy(api, completionId);
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setIssued(null);
    setRevoked(true);
  };

  const copy = async () => {
    if (issued === null) return;
    await navigator.clipboard.writeText(issued.url);
    setCopied(true);
  };

  return (
    <section className="customer-copy" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('console.customerCopy.title')}</h3>
      <p className="kit-muted">{t('console.customerCopy.intro')}</p>
      {failure !== null && <ErrorBanner error={failure} />}
      {issued !== null && (
        <div className="customer-copy__link">
          <label htmlFor={linkId}>{t('console.customerCopy.link')}</label>
          <div className="customer-copy__row">
            <input id={linkId} className="field__input mono" type="text" readOnly value={issued.url} onFocus={(e) => e.target.select()} />
            <button type="button" className="button button--secondary kit-button--small" onClick={() => void copy()}>
              {t(copied ? 'console.customerCopy.copied' : 'console.customerCopy.copy')}
            </button>
          </div>
          <p className="kit-muted">
            {t('console.customerCopy.expires', { time: formatDateTime(new Date(issued.expiresAt)) })} · {t('console.customerCopy.shownOnce')}
          </p>
        </div>
      )}
      {revoked && (
        <p className="notice notice--info" role="status">
          {t('console.customerCopy.revoked')}
        </p>
      )}
      <div className="customer-copy__row">
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void issue()}>
          {t(issued === null ? 'console.customerCopy.issue' : 'console.customerCopy.reissue')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void revoke()}>
          {t('console.customerCopy.revoke')}
        </button>
      </div>
    </section>
  );
}
