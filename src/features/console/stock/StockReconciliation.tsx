import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEFAULT_RETURN_DAYS } from '../../../domain/stock/stock';
import { MAX_RETURN_DAYS, type ReconciliationFlag, type ReconciliationRow } from '../../../domain/stock/reconciliation';
import { formatDateTime, formatIsoDay } from '../../../domain/time/time';
import { fetchStockReconciliation, stockReconciliationCsvUrl } from '../../../consoleApi/stock';
import { useToday } from '../../../platform/PlatformContext';
import { DateField } from '../kit/DateField';
import { EmptyState } from '../kit/EmptyState';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatCount } from '../kit/format';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';
import { useConsoleApi } from '../kit/useConsoleApi';
import { PhotoGrid } from '../reviews/PhotoGrid';
import { workOrderReviewPath } from '../reviews/RecordFlags';

type Figure = Exclude<keyof ReconciliationRow, 'technicianId' | 'name' | 'swaps'>;
type Sub = 'opening' | 'issued' | 'returned' | 'installed' | 'used' | 'voided' | 'onHand' | 'taken' | 'toReturn';

/**
 * The figures under three headed groups (new meters, seals, removed meters), each in the order stock flows through
 * the day: at the start, in, out, at the end. Short sub-headers keep 17 columns readable at 1280 px; a cell's headers
 * name its group and its sub-header (`headers`), and the full label is the sub-header's title.
 */
const GROUPS: readonly { group: 'meters' | 'seals' | 'removed'; columns: readonly [Figure, Sub][] }[] = [
  {
    group: 'meters',
    columns: [
      ['openingMeters', 'opening'],
      ['issuedMeters', 'issued'],
      ['returnedMeters', 'returned'],
      ['installedMeters', 'installed'],
      ['voidedMeters', 'voided'],
      ['onHandMeters', 'onHand'],
    ],
  },
  {
    group: 'seals',
    columns: [
      ['openingSeals', 'opening'],
      ['issuedSeals', 'issued'],
      ['returnedSeals', 'returned'],
      ['sealsUsed', 'used'],
      ['voidedSeals', 'voided'],
      ['onHandSeals', 'onHand'],
    ],
  },
  {
    group: 'removed',
    columns: [
      ['removedTaken', 'taken'],
      ['returnedRemoved', 'returned'],
      ['toReturn', 'toReturn'],
    ],
  },
];

/** A flag's sentence key: an unbacked install says meter or seal. */
type SentenceKey = Exclude<ReconciliationFlag['code'], 'installed_not_issued'> | 'installed_not_issued_meter' | 'installed_not_issued_seal';

/** A whole number of days in 1..MAX_RETURN_DAYS, or null. */
function readReturnDays(text: string): number | null {
  if (!/^\d{1,2}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= MAX_RETURN_DAYS ? n : null;
}

/**
 * "Đối chiếu cuối ngày" (issue 16 §4) on the stock screen: one day's figures per technician, from the movements, and
 * every difference between what the field says and what the stock says, each with its work order.
 */
export function StockReconciliation({ teamId }: { teamId?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const today = useToday();
  const daysId = useId();
  const tableId = useId();
  const headerId = (part: string) => `${tableId}-${part}`;
  const [date, setDate] = useState(today);
  const [daysText, setDaysText] = useState(String(DEFAULT_RETURN_DAYS));
  const returnDays = readReturnDays(daysText);
  const valid = date !== '' && returnDays !== null;
  const query = { date, returnDays: returnDays ?? DEFAULT_RETURN_DAYS, teamId };
  const data = useApiData(valid ? `stock-reconciliation:${teamId ?? ''}:${date}:${returnDays}` : null, () => fetchStockReconciliation(api, query));
  const report = valid ? currentValue(data.state) : undefined;
  const n = (v: number) => formatCount(v, i18n.language);

  const sentence = (f: ReconciliationFlag) => {
    const key: SentenceKey =
      f.code === 'installed_not_issued' ? (f.itemKind === 'seal' ? 'installed_not_issued_seal' : 'installed_not_issued_meter') : f.code;
    return t(`console.stock.reconciliation.flags.${key}`, {
      name: f.technicianName,
      code: f.itemCode,
      order: f.workOrderCode ?? t('console.stock.reconciliation.noOrder'),
      time: formatDateTime(new Date(f.at)),
      days: f.days ?? 0,
    });
  };

  return (
    <section className="stock-section stock-reconciliation" aria-labelledby="stock-reconciliation-title">
      <h2 id="stock-reconciliation-title">{t('console.stock.reconciliation.title')}</h2>
      <p>{t('console.stock.reconciliation.intro')}</p>
      <div className="kit-toolbar stock-reconciliation__controls">
        <DateField
          className="field"
          labelClassName="field__label"
          inputClassName="field__input"
          label={t('console.stock.reconciliation.date')}
          value={date}
          onChange={(iso) => setDate(iso)}
          required
        />
        <div className="field stock-reconciliation__days">
          <label className="field__label" htmlFor={daysId}>
            {t('console.stock.reconciliation.returnDays')}
          </label>
          <input
            id={daysId}
            className="field__input"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_RETURN_DAYS}
            value={daysText}
            aria-invalid={returnDays === null}
            aria-describedby={returnDays === null ? `${daysId}-error` : undefined}
            onChange={(e) => setDaysText(e.target.value)}
          />
          {returnDays === null && (
            <p id={`${daysId}-error`} className="date-field__error" role="alert">
              {t('console.stock.reconciliation.returnDaysInvalid', { max: MAX_RETURN_DAYS })}
            </p>
          )}
        </div>
        {valid && (
          <a className="button button--secondary" href={stockReconciliationCsvUrl(query)} download>
            {t('console.stock.reconciliation.csv')}
          </a>
        )}
      </div>
      {valid && data.state.status === 'error' && <ErrorBanner error={data.state.error} onRetry={data.reload} />}
      {valid && report === undefined && data.state.status === 'loading' && <LoadingLine />}
      {report !== undefined && (
        <>
          {report.technicians.length === 0 ? (
            <EmptyState>{t('console.stock.reconciliation.noTechnicians')}</EmptyState>
          ) : (
            <div className="kit-table-scroll" tabIndex={0}>
              <table className="kit-table stock-reconciliation__table">
                <caption className="visually-hidden">{t('console.stock.reconciliation.caption', { date: formatIsoDay(report.date) })}</caption>
                {/* One colgroup per column before the groups, then one per group: scope="colgroup" needs them. */}
                <colgroup />
                <colgroup />
                {GROUPS.map((g) => (
                  <colgroup key={g.group} span={g.columns.length} className="stock-reconciliation__group" />
                ))}
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2} id={headerId('technician')}>
                      {t('console.stock.reconciliation.columns.technician')}
                    </th>
                    <th scope="col" rowSpan={2} id={headerId('swaps')} className="kit-num">
                      {t('console.stock.reconciliation.columns.swaps')}
                    </th>
                    {GROUPS.map((g) => (
                      <th
                        key={g.group}
                        scope="colgroup"
                        colSpan={g.columns.length}
                        id={headerId(g.group)}
                        className="stock-reconciliation__group-head"
                      >
                        {t(`console.stock.reconciliation.groups.${g.group}`)}
                      </th>
                    ))}
                  </tr>
                  <tr>
                    {GROUPS.flatMap((g) =>
                      g.columns.map(([figure, sub]) => (
                        <th
                          key={figure}
                          scope="col"
                          id={headerId(figure)}
                          headers={headerId(g.group)}
                          className="kit-num"
                          title={t(`console.stock.reconciliation.columns.${figure}`)}
                        >
                          {t(`console.stock.reconciliation.sub.${sub}`)}
                        </th>
                      )),
                    )}
                  </tr>
                </thead>
                <tbody>
                  {report.technicians.map((r) => {
                    const rowHead = headerId(`row-${r.technicianId}`);
                    return (
                      <tr key={r.technicianId}>
                        <th scope="row" id={rowHead} headers={headerId('technician')}>
                          {r.name}
                        </th>
                        <td className="kit-num" headers={`${rowHead} ${headerId('swaps')}`}>
                          {n(r.swaps)}
                        </td>
                        {GROUPS.flatMap((g) =>
                          g.columns.map(([figure]) => (
                            <td key={figure} className="kit-num" headers={`${rowHead} ${headerId(g.group)} ${headerId(figure)}`}>
                              {n(r[figure])}
                            </td>
                          )),
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t('console.stock.reconciliation.flagsTitle', { n: n(report.flags.length) })}</h3>
          {report.flags.length === 0 ? (
            <p className="notice notice--success" role="status">
              {t('console.stock.reconciliation.noFlags')}
            </p>
          ) : (
            <ul className="stock-reconciliation__flags">
              {report.flags.map((f, i) => (
                <li key={`${f.code}:${f.itemKind}:${f.itemCode}:${f.workOrderId ?? ''}:${i}`}>
                  {sentence(f)}
                  {f.workOrderId !== null && (
                    <>
                      {' '}
                      <Link to={workOrderReviewPath(f.workOrderId)}>
                        {t('console.stock.reconciliation.openOrder', { order: f.workOrderCode ?? f.workOrderId })}
                      </Link>
                    </>
                  )}
                  {f.photoIds.length > 0 && (
                    <PhotoGrid
                      small
                      awaiting={false}
                      photos={f.photoIds.map((photoId, p) => ({
                        photoId,
                        label: t('console.stock.reconciliation.voidPhoto', { code: f.itemCode, n: p + 1 }),
                      }))}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
