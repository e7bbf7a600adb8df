import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import { fetchCashless } from '../../../consoleApi/cashless';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { TeamSelect } from '../kit/TeamSelect';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './cashless.css';
import { BillingImport } from './BillingImport';
import { CashlessChart } from './CashlessChart';
import { CashlessTable } from './CashlessTable';

/**
 * Cashless, claimed and real (/console/cashless, issue 15 §4): a screen of its own rather than a dashboard
 * section, because the dashboard's figures follow its day-range picker while this report spans every visit and
 * billing period, and it carries an import of its own.
 */
export function CashlessPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const isAdmin = me.role === 'admin';
  const [teamId, setTeamId] = useState('');
  const [commune, setCommune] = useState('');
  const [imports, setImports] = useState(0);
  const team = isAdmin && teamId !== '' ? { teamId } : {};
  const communes = useApiData(`cashless:${teamId}:${imports}`, () => fetchCashless(api, team));
  const hamlets = useApiData(commune === '' ? null : `cashless:${teamId}:${commune}:${imports}`, () => fetchCashless(api, { ...team, commune }));
  const byCommune = currentValue(communes.state);
  const shown = commune === '' ? byCommune : currentValue(hamlets.state);
  const loading = commune === '' ? communes : hamlets;
  const onImported = useCallback(() => setImports((n) => n + 1), []);

  return (
    <div className="kit-page cashless-page">
      <h1 className="page-title">{t('console.cashless.title')}</h1>
      <p>{t('console.cashless.intro')}</p>
      <div className="kit-toolbar">
        {isAdmin && (
          <TeamSelect
            label={t('console.cashless.team')}
            emptyLabel={t('console.cashless.allTeams')}
            value={teamId}
            onChange={(id) => {
              setTeamId(id);
              setCommune('');
            }}
          />
        )}
        <label className="field kit-team-select">
          <span className="field__label">{t('console.cashless.commune')}</span>
          <select className="field__input" value={commune} onChange={(e) => setCommune(e.target.value)}>
            <option value="">{t('console.cashless.allCommunes')}</option>
            {(byCommune?.rows ?? []).map((r) => (
              <option key={r.key} value={r.key}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {byCommune !== undefined && (
        <p className="kit-muted">
          {byCommune.latestPeriod === null ? t('console.cashless.noPeriod') : t('console.cashless.latestPeriod', { period: byCommune.latestPeriod })}{' '}
          {t('console.cashless.rule')}
        </p>
      )}
      {loading.state.status === 'error' && <ErrorBanner error={loading.state.error} onRetry={loading.reload} />}
      {shown === undefined && loading.state.status === 'loading' && <LoadingLine />}
      {shown !== undefined &&
        (shown.rows.length === 0 ? (
          <EmptyState>{t('console.cashless.empty')}</EmptyState>
        ) : (
          <div className="cashless-report">
            <CashlessChart rows={shown.rows} />
            <CashlessTable report={shown} />
          </div>
        ))}
      <BillingImport teamId={isAdmin ? teamId || undefined : undefined} needsTeam={isAdmin && teamId === ''} onImported={onImported} />
    </div>
  );
}
