import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockVoidDraft } from '../../../domain/capture/stockVoidDraft';
import { formatCount } from '../../../domain/format/numberFormat';
import { compactCodes, DEFAULT_RETURN_DAYS, normalizeStockCode } from '../../../domain/stock/stock';
import { formatIsoDay, isoDayInVietnam } from '../../../domain/time/time';
import { useCaptureMessages } from '../../../i18n/capture/useCaptureMessages';
import { useDevice, useStockDay, type StockDay, type StockVoidRow, type ToReturn } from '../../../local';
import { useToday } from '../../../platform/PlatformContext';
import { CaptureDevicesProvider, type CaptureDevices } from '../capture/CaptureDevices';
import { LastSynced } from '../workOrders/LastSynced';
import { StockVoidForm } from './StockVoidForm';
import '../capture/capture.css';
import './stock.css';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole Vietnam days from `since` (ISO instant) to `today` (yyyy-MM-dd): 0 on the day it was removed. */
function daysHeld(since: string, today: string): number {
  const from = Date.parse(`${isoDayInVietnam(new Date(since))}T00:00:00Z`);
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - from) / DAY_MS));
}

type Voiding = { kind: StockVoidDraft['kind']; code: string };

/**
 * "Vật tư" on the technician's phone (issue 16 §4), offline, for today and now: what was issued (as last pulled),
 * what this device installed and clamped today, what was reported broken or lost (with its send state), what is still
 * on hand, and the removed meters to bring back to the warehouse (pulled, plus this device's records the server has
 * not acknowledged yet). A seal or a meter on hand can be reported broken / lost ("Báo hỏng / mất").
 */
export function MyStockPage({ devices }: { devices?: CaptureDevices }) {
  useCaptureMessages();
  const { t } = useTranslation();
  const today = useToday();
  const day = useStockDay(today);
  const device = useDevice();
  const [voiding, setVoiding] = useState<{ item: Voiding; draft: StockVoidDraft } | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  if (day === undefined) return <p role="status">{t('detail.loading')}</p>;

  const itemLabel = (item: Voiding) => t(`myStock.voidKinds.${item.kind}`, { code: item.code });
  const open = async (item: Voiding) => {
    setRecorded(null);
    const draft = await device.stockVoid.open(item);
    setVoiding({ item, draft });
  };

  if (voiding !== null) {
    return (
      <div className="my-stock">
        <CaptureDevicesProvider devices={devices}>
          <StockVoidForm
            key={voiding.draft.voidId}
            initial={voiding.draft}
            label={itemLabel(voiding.item)}
            onClose={(done) => {
              if (done) setRecorded(t('myStock.void.recorded', { item: itemLabel(voiding.item) }));
              setVoiding(null);
            }}
          />
        </CaptureDevicesProvider>
      </div>
    );
  }
  return <StockDayView day={day} today={today} recorded={recorded} onVoid={(item) => void open(item)} />;
}

function StockDayView({ day, today, recorded, onVoid }: { day: StockDay; today: string; recorded: string | null; onVoid: (item: Voiding) => void }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const { issued, onHand } = day;
  const nothing = issued.meters.length + issued.seals.length + day.toReturn.length + day.voids.length + day.installedToday.length === 0;
  const pliers = [...new Set(onHand.seals.flatMap((s) => (s.pliersNumber === null ? [] : [s.pliersNumber])))];
  const metersSeals = (meters: number, seals: number) => t('myStock.metersSeals', { meters: n(meters), seals: n(seals) });
  const voidedMeters = day.voids.filter((v) => v.args.kind === 'meter').length;
  const tiles: [string, string, string][] = [
    ['issued', t('myStock.issued'), metersSeals(issued.meters.length, issued.seals.length)],
    ['installed', t('myStock.installedToday'), n(day.installedToday.length)],
    ['sealsUsed', t('myStock.sealsUsedToday'), n(day.sealsUsedToday.length)],
    ['voided', t('myStock.voided'), metersSeals(voidedMeters, day.voids.length - voidedMeters)],
    ['onHand', t('myStock.onHand'), metersSeals(onHand.meters.length, onHand.seals.length)],
    ['toReturn', t('myStock.toReturnCount'), n(day.toReturn.length)],
  ];
  return (
    <section className="my-stock" aria-labelledby="my-stock-title">
      <h1 id="my-stock-title">{t('myStock.title')}</h1>
      <p className="my-stock__summary" role="status">
        {t('myStock.summary', { meters: n(onHand.meters.length), seals: n(onHand.seals.length) })}
      </p>
      {recorded !== null && (
        <p className="notice notice--success" role="status">
          {recorded}
        </p>
      )}
      <LastSynced />
      {nothing ? (
        <p>{t('myStock.empty')}</p>
      ) : (
        <>
          <h2>{t('myStock.day', { day: formatIsoDay(today) })}</h2>
          <dl className="my-stock__tiles" aria-label={t('myStock.overview')}>
            {tiles.map(([key, label, value]) => (
              <div key={key} className={`my-stock__tile my-stock__tile--${key}`} data-testid={`stock-tile-${key}`}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <ToReturnList items={day.toReturn} today={today} />
          {day.installedToday.length > 0 && (
            <>
              <h2>{t('myStock.installedList', { count: day.installedToday.length })}</h2>
              <ul className="my-stock__list">
                {day.installedToday.map((r) => (
                  <li key={`${r.serial}-${r.at}`} className="my-stock__item">
                    <span className="mono my-stock__code">{r.serial}</span>
                    <span>{t('myStock.workOrder', { code: r.workOrderCode })}</span>
                    {r.seals.length > 0 && <span className="mono">{t('myStock.installedSeals', { codes: r.seals.join(', ') })}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {day.voids.length > 0 && <VoidList voids={day.voids} />}
        </>
      )}
      {onHand.meters.length > 0 && (
        <>
          <h2>{t('myStock.meters', { count: onHand.meters.length })}</h2>
          <ul className="my-stock__list">
            {onHand.meters.map((m) => (
              <li key={m.id} className="my-stock__item my-stock__item--action">
                <div className="my-stock__what">
                  <span className="mono my-stock__code">{m.code}</span>
                  <span>
                    {[
                      m.model,
                      m.phases === null ? null : t('myStock.phases', { phases: m.phases }),
                      m.verifiedOn === null ? null : t('myStock.verified', { day: formatIsoDay(m.verifiedOn) }),
                    ]
                      .filter((x) => x !== null)
                      .join(' · ')}
                  </span>
                </div>
                <button
                  type="button"
                  className="button button--secondary my-stock__void"
                  aria-label={t('myStock.void.openFor', { item: t('myStock.voidKinds.meter', { code: m.code }) })}
                  onClick={() => onVoid({ kind: 'meter', code: m.code })}
                >
                  {day.voidDrafts.has(`meter:${m.code}`) ? t('myStock.void.continue') : t('myStock.void.open')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {onHand.seals.length > 0 && (
        <>
          <h2>{t('myStock.seals', { count: onHand.seals.length })}</h2>
          {pliers.length > 0 && <p>{t('myStock.pliers', { pliers: pliers.join(', ') })}</p>}
          <ul className="my-stock__list">
            {compactCodes(onHand.seals.map((s) => s.code)).map((run) => (
              <li key={run.from} className="my-stock__item">
                <span className="mono my-stock__code">{run.count === 1 ? run.from : `${run.from} – ${run.to}`}</span>
                <span>{t('myStock.sealCount', { count: run.count })}</span>
              </li>
            ))}
          </ul>
          <SealVoidPicker held={new Set(onHand.seals.map((s) => s.code))} drafts={day.voidDrafts} onVoid={onVoid} />
        </>
      )}
    </section>
  );
}

/** A seal to report: its code typed (seals are many, in runs), checked against the seals on hand. */
function SealVoidPicker({ held, drafts, onVoid }: { held: ReadonlySet<string>; drafts: ReadonlySet<string>; onVoid: (item: Voiding) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [unknown, setUnknown] = useState<string | null>(null);
  const open = [...drafts].filter((d) => d.startsWith('seal:')).map((d) => d.slice('seal:'.length));
  const submit = () => {
    const normalised = normalizeStockCode(code);
    if (normalised === '') return;
    if (!held.has(normalised)) {
      setUnknown(normalised);
      return;
    }
    onVoid({ kind: 'seal', code: normalised });
  };
  return (
    <div className="my-stock__seal-void">
      <div className="field">
        <label className="field__label" htmlFor="seal-void-code">
          {t('myStock.void.sealCode')}
        </label>
        <p className="field__hint" id="seal-void-code-hint">
          {t('myStock.void.sealCodeHint')}
        </p>
        <input
          id="seal-void-code"
          className="field__input mono"
          value={code}
          autoCapitalize="characters"
          aria-describedby={unknown === null ? 'seal-void-code-hint' : 'seal-void-code-hint seal-void-code-msg'}
          aria-invalid={unknown !== null || undefined}
          onChange={(e) => {
            setCode(e.target.value.toUpperCase());
            setUnknown(null);
          }}
        />
        {unknown !== null && (
          <p className="field-msg field-msg--error" id="seal-void-code-msg" role="alert">
            {t('myStock.void.sealNotHeld', { code: unknown })}
          </p>
        )}
      </div>
      <button type="button" className="button button--secondary button--block my-stock__void" onClick={submit}>
        {t('myStock.void.open')}
      </button>
      {open.map((c) => (
        <button
          key={c}
          type="button"
          className="button button--secondary button--block my-stock__void"
          onClick={() => onVoid({ kind: 'seal', code: c })}
        >
          {t('myStock.void.continue')}: {c}
        </button>
      ))}
    </div>
  );
}

function ToReturnList({ items, today }: { items: readonly ToReturn[]; today: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('myStock.toReturn', { count: items.length })}</h2>
      {items.length === 0 ? (
        <p>{t('myStock.toReturnEmpty')}</p>
      ) : (
        <ul className="my-stock__list" data-testid="stock-to-return">
          {items.map((r) => {
            const days = daysHeld(r.since, today);
            return (
              <li key={`${r.serial}-${r.since}`} className="my-stock__item">
                <span className="mono my-stock__code">{r.serial}</span>
                <span className={r.label === null ? 'my-stock__muted' : 'mono'}>
                  {r.label === null ? t('myStock.noBag') : t('myStock.bag', { label: r.label })}
                </span>
                {r.workOrderCode !== null && <span>{t('myStock.workOrder', { code: r.workOrderCode })}</span>}
                <span>{days === 0 ? t('myStock.heldToday') : t('myStock.daysHeld', { count: days })}</span>
                {r.source === 'device' && <span className="my-stock__chip">{t('myStock.notSent')}</span>}
                {days > DEFAULT_RETURN_DAYS && (
                  <span className="my-stock__overdue" role="note">
                    {t('myStock.overdue', { days: DEFAULT_RETURN_DAYS })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function VoidList({ voids }: { voids: readonly (StockVoidRow & { state: 'pending' | 'sending' | 'sent' | 'failed' })[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('myStock.voids', { count: voids.length })}</h2>
      <ul className="my-stock__list" data-testid="stock-voids">
        {voids.map((v) => (
          <li key={v.id} className="my-stock__item" data-state={v.state}>
            <span className="mono my-stock__code">{t(`myStock.voidKinds.${v.args.kind}`, { code: v.args.code })}</span>
            <span>{t(`myStock.reasons.${v.args.reason}`)}</span>
            <span className={`my-stock__state my-stock__state--${v.state}`}>{t(`outbox.state.${v.state}`)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
