import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { RoadmapProposal } from '../../../domain/campaign/roadmap';
import { formatIsoDay } from '../../../domain/time/time';
import type { ApiError } from '../../../sync';
import { DateField } from '../kit/DateField';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatCount } from '../kit/format';
import type { DayCheck, DayRow, PlanCheck } from './planDays';
import { dayText } from './dayText';
import type { DayOff } from './workingDays';

interface Props {
  proposal: RoadmapProposal;
  rows: readonly DayRow[];
  check: PlanCheck;
  today: string;
  /** Display names of the technicians, by id. */
  names: ReadonlyMap<string, string>;
  /** Shown after "Xác nhận" was pressed while some row blocks it. */
  showBlocks: boolean;
  /** Rows the server named when it refused the plan (its sentence is shown above the proposal). */
  refused: ReadonlySet<string>;
  /** The server's refusal of the last confirmation. */
  failure: ApiError | null;
  busy: boolean;
  onRow: (row: DayRow) => void;
  onConfirm: () => void;
  onDiscard: () => void;
  /** Focus lands here when a proposal arrives. */
  headingRef: RefObject<HTMLHeadingElement | null>;
}

function dayOffWarning(t: TFunction, date: string, dayOff: DayOff): string {
  return dayOff.reason === 'sunday'
    ? t('console.roadmap.proposal.warn.sunday', { date: formatIsoDay(date) })
    : t('console.roadmap.proposal.warn.holiday', { date: formatIsoDay(date), holiday: dayOff.holiday });
}

/** The sentences that say why a row cannot be confirmed. */
export function blockSentences(
  t: TFunction,
  row: DayRow,
  n: number,
  dayCheck: DayCheck,
  today: string,
  names: ReadonlyMap<string, string>,
): string[] {
  return dayCheck.problems.map((problem) =>
    t(`console.roadmap.proposal.block.${problem}`, {
      n,
      date: formatIsoDay(row.date),
      today: formatIsoDay(today),
      name: names.get(row.technicianId) ?? t('console.roadmap.unknownTechnician'),
    }),
  );
}

/** The proposal: days to adjust (date, technician), each hamlet's dates, the days off skipped; then "Xác nhận". */
export function ProposalView({
  proposal,
  rows,
  check,
  today,
  names,
  showBlocks,
  refused,
  failure,
  busy,
  onRow,
  onConfirm,
  onDiscard,
  headingRef,
}: Props) {
  const { t, i18n } = useTranslation();
  const n = (count: number) => formatCount(count, i18n.language);
  const orders = rows.reduce((sum, row) => sum + row.orderIds.length, 0);
  const blocks = [
    ...new Set(
      rows.flatMap((row, index) => blockSentences(t, row, index + 1, check.byKey.get(row.key) ?? { problems: [], dayOff: null }, today, names)),
    ),
  ];
  return (
    <section className="card roadmap-proposal" aria-labelledby="roadmap-proposal-title">
      <h2 id="roadmap-proposal-title" className="roadmap-subtitle" tabIndex={-1} ref={headingRef}>
        {t('console.roadmap.proposal.title')}
      </h2>
      <p>
        {t('console.roadmap.proposal.summary', {
          orders: n(orders),
          days: n(new Set(proposal.days.map((d) => d.date)).size),
          from: formatIsoDay(proposal.days[0]?.date ?? proposal.startDate),
          to: formatIsoDay(proposal.endDate ?? proposal.startDate),
        })}
      </p>
      <p className="kit-muted">{t('console.roadmap.proposal.hint')}</p>
      <div className="kit-table-scroll" tabIndex={0}>
        <table className="kit-table roadmap-table roadmap-days">
          <caption>{t('console.roadmap.proposal.days.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.roadmap.proposal.days.date')}</th>
              <th scope="col">{t('console.roadmap.proposal.days.weekday')}</th>
              <th scope="col">{t('console.roadmap.proposal.days.technician')}</th>
              <th scope="col">{t('console.roadmap.proposal.days.hamlets')}</th>
              <th scope="col" className="kit-num">
                {t('console.roadmap.proposal.days.orders')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const dayCheck = check.byKey.get(row.key) ?? { problems: [], dayOff: null };
              const original = proposal.days[Number(row.key)];
              const changed = original !== undefined && (original.date !== row.date || original.technicianId !== row.technicianId);
              const messageId = `roadmap-day-${row.key}-msg`;
              const problems = [
                ...blockSentences(t, row, index + 1, dayCheck, today, names),
                ...(refused.has(row.key) ? [t('console.roadmap.proposal.block.refused', { n: index + 1 })] : []),
              ];
              const hasMessage = problems.length > 0 || dayCheck.dayOff !== null;
              return (
                <tr
                  key={row.key}
                  className={problems.length > 0 ? 'roadmap-row--blocked' : dayCheck.dayOff !== null ? 'roadmap-row--warn' : undefined}
                >
                  <td className="roadmap-days__date">
                    <DateField
                      id={`roadmap-day-${row.key}`}
                      hideLabel
                      inputClassName="roadmap-input"
                      label={t('console.roadmap.proposal.days.dateOf', { n: index + 1 })}
                      value={row.date}
                      min={today}
                      required
                      invalid={problems.length > 0}
                      describedBy={hasMessage ? messageId : undefined}
                      onChange={(date) => onRow({ ...row, date })}
                    />
                    {hasMessage && (
                      <div id={messageId} className="roadmap-row-msg">
                        {problems.map((text) => (
                          <p key={text} className="roadmap-error">
                            {text}
                          </p>
                        ))}
                        {dayCheck.dayOff !== null && <p className="roadmap-warning">{dayOffWarning(t, row.date, dayCheck.dayOff)}</p>}
                      </div>
                    )}
                  </td>
                  <td className="roadmap-weekday">
                    {dayText(t, row.date)}
                    {changed && <span className="roadmap-changed"> · {t('console.roadmap.proposal.days.changed')}</span>}
                  </td>
                  <td className="roadmap-days__technician">
                    <select
                      className="roadmap-input"
                      aria-label={t('console.roadmap.proposal.days.technicianOf', { n: index + 1 })}
                      value={row.technicianId}
                      onChange={(event) => onRow({ ...row, technicianId: event.target.value })}
                    >
                      {proposal.technicianIds.map((id) => (
                        <option key={id} value={id}>
                          {names.get(id) ?? t('console.roadmap.unknownTechnician')}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="roadmap-days__hamlets">{row.hamlets.join(', ')}</td>
                  <td className="kit-num roadmap-days__orders" data-label={t('console.roadmap.proposal.days.orders')}>
                    {n(row.orderIds.length)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="roadmap-proposal__side">
        <div className="kit-table-scroll" tabIndex={0}>
          <table className="kit-table roadmap-table">
            <caption>{t('console.roadmap.proposal.hamlets.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.roadmap.proposal.hamlets.name')}</th>
                <th scope="col" className="kit-num">
                  {t('console.roadmap.proposal.hamlets.orders')}
                </th>
                <th scope="col">{t('console.roadmap.proposal.hamlets.from')}</th>
                <th scope="col">{t('console.roadmap.proposal.hamlets.to')}</th>
              </tr>
            </thead>
            <tbody>
              {proposal.hamlets.map((hamlet) => (
                <tr key={hamlet.name}>
                  <th scope="row">{hamlet.name}</th>
                  <td className="kit-num">{n(hamlet.count)}</td>
                  <td className="roadmap-dates">{formatIsoDay(hamlet.firstDate)}</td>
                  <td className="roadmap-dates">{formatIsoDay(hamlet.lastDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="roadmap-skipped">
          <h3 className="roadmap-skipped__title">{t('console.roadmap.proposal.skipped.title')}</h3>
          {proposal.skippedDays.length === 0 ? (
            <p className="kit-muted">{t('console.roadmap.proposal.skipped.none')}</p>
          ) : (
            <ul>
              {proposal.skippedDays.map((day) => (
                <li key={day.date}>
                  {day.reason === 'sunday'
                    ? dayText(t, day.date)
                    : t('console.roadmap.proposal.skipped.item', { date: dayText(t, day.date), reason: day.holiday ?? '' })}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {showBlocks && check.blocked && (
        <div className="notice notice--error" role="alert">
          <p>{t('console.roadmap.proposal.block.summary')}</p>
          <ul className="roadmap-blocks">
            {blocks.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      )}
      {failure !== null && <ErrorBanner error={failure} />}
      <div className="roadmap-actions">
        <button type="button" className="button button--secondary" onClick={onDiscard} disabled={busy}>
          {t('console.roadmap.proposal.discard')}
        </button>
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={busy}>
          {busy ? t('console.roadmap.proposal.confirming') : t('console.roadmap.proposal.confirm')}
        </button>
      </div>
    </section>
  );
}
