import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../domain/users/auth';
import { fetchStockSummary } from '../../../consoleApi/stock';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatCount } from '../kit/format';
import { LoadingLine } from '../kit/LoadingLine';
import { TeamSelect } from '../kit/TeamSelect';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import '../kit/consoleKit.css';
import './stock.css';
import { DeliveryImport } from './DeliveryImport';
import { StockMoveForm } from './StockMoveForm';
import { StockReconciliation } from './StockReconciliation';

/**
 * Meters and seals (/console/stock, issue 16 §1–2): the warehouse's deliveries in, what the warehouse and each
 * technician hold now, and issue and return between them. Every count is the server's, from the movements.
 */
export function StockPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const isAdmin = me.role === 'admin';
  const [teamId, setTeamId] = useState('');
  const [version, setVersion] = useState(0);
  const needsTeam = isAdmin && teamId === '';
  const summary = useApiData(needsTeam ? null : `stock:${teamId}:${version}`, () => fetchStockSummary(api, isAdmin ? teamId : undefined));
  const shown = currentValue(summary.state);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const n = (v: number) => formatCount(v, i18n.language);

  return (
    <div className="kit-page stock-page">
      <h1 className="page-title">{t('console.stock.title')}</h1>
      <p>{t('console.stock.intro')}</p>
      {isAdmin && (
        <div className="kit-toolbar">
          <TeamSelect label={t('console.stock.team')} emptyLabel={t('console.stock.chooseTeam')} value={teamId} onChange={setTeamId} />
        </div>
      )}
      {needsTeam ? (
        <p className="notice notice--warning">{t('console.stock.teamRequired')}</p>
      ) : (
        <>
          {summary.state.status === 'error' && <ErrorBanner error={summary.state.error} onRetry={summary.reload} />}
          {shown === undefined && summary.state.status === 'loading' && <LoadingLine />}
          {shown !== undefined && (
            <section className="stock-section" aria-labelledby="stock-summary-title">
              <h2 id="stock-summary-title">{t('console.stock.summary.title')}</h2>
              <div className="kit-table-scroll" tabIndex={0}>
                <table className="kit-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('console.stock.summary.holder')}</th>
                      <th scope="col">{t('console.stock.summary.meters')}</th>
                      <th scope="col">{t('console.stock.summary.seals')}</th>
                      <th scope="col">{t('console.stock.summary.removed')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{t('console.stock.summary.warehouse')}</th>
                      <td className="kit-num">{n(shown.warehouse.meters)}</td>
                      <td className="kit-num">{n(shown.warehouse.seals)}</td>
                      <td className="kit-num">{n(shown.warehouse.removed ?? 0)}</td>
                    </tr>
                    {shown.technicians.map((x) => (
                      <tr key={x.technicianId}>
                        <th scope="row">{x.name}</th>
                        <td className="kit-num">{n(x.meters)}</td>
                        <td className="kit-num">{n(x.seals)}</td>
                        <td className="kit-num">{n(x.removed ?? 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {shown !== undefined && <StockMoveForm summary={shown} onMoved={changed} />}
          <DeliveryImport teamId={isAdmin ? teamId : undefined} onImported={changed} />
          <StockReconciliation teamId={isAdmin ? teamId : undefined} />
        </>
      )}
    </div>
  );
}
