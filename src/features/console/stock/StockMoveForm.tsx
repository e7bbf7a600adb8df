import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../domain/protocol/errors';
import { parseCodeLines, type StockMoveResponse, type StockSummary } from '../../../domain/stock/stock';
import type { ApiError } from '../../../sync';
import { moveStock } from '../../../consoleApi/stock';
import { ErrorBanner } from '../kit/ErrorBanner';
import { formatCount } from '../kit/format';
import { useConsoleApi } from '../kit/useConsoleApi';

type Outcome =
  { kind: 'done'; result: StockMoveResponse; name: string } | { kind: 'refused'; errors: FieldError[] } | { kind: 'failed'; error: ApiError };

/** Codes the server names in a refusal, each said in Vietnamese from its code (never the server's English). */
const KNOWN = [
  'not_in_stock',
  'not_in_warehouse',
  'not_held',
  'duplicate_code',
  'invalid_code',
  'reversed_range',
  'range_mismatch',
  'range_too_large',
  'too_many_items',
  'empty',
  'other_team',
  'not_technician',
  'not_expected',
] as const;
type Known = (typeof KNOWN)[number];
const known = (code: string): Known | 'other' => ((KNOWN as readonly string[]).includes(code) ? (code as Known) : 'other');

function what(error: FieldError): string {
  const p = error.params ?? {};
  if (typeof p.value === 'string') return p.value;
  if (typeof p.from === 'string' && typeof p.to === 'string') return `${p.from} – ${p.to}`;
  return '';
}

/**
 * Issue to a technician or return to the warehouse (issue 16 §2): meters and seals scanned or pasted one per line,
 * ranges as "FROM - TO"; all or nothing, every item at fault listed.
 */
export function StockMoveForm({ summary, onMoved }: { summary: StockSummary; onMoved: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useConsoleApi();
  const [kind, setKind] = useState<'issue' | 'return'>('issue');
  const [technicianId, setTechnicianId] = useState('');
  const [meters, setMeters] = useState('');
  const [seals, setSeals] = useState('');
  const [removed, setRemoved] = useState('');
  const [pliers, setPliers] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const n = (v: number) => formatCount(v, i18n.language);

  async function submit() {
    const m = parseCodeLines(meters);
    const s = parseCodeLines(seals);
    // Removed meters by serial or bag label, one per line: a label is no range, so every line is taken whole.
    const r =
      kind === 'return'
        ? removed
            .split(/[\n\r,;]+/)
            .map((line) => line.trim())
            .filter((line) => line !== '')
        : [];
    setBusy(true);
    const result = await moveStock(api, kind, {
      technicianId,
      ...(m.codes.length > 0 ? { meters: m.codes } : {}),
      ...(m.ranges.length > 0 ? { meterRanges: m.ranges } : {}),
      ...(s.codes.length > 0 ? { seals: s.codes } : {}),
      ...(s.ranges.length > 0 ? { sealRanges: s.ranges } : {}),
      ...(r.length > 0 ? { removed: r } : {}),
      ...(kind === 'issue' && pliers.trim() !== '' ? { pliersNumber: pliers.trim() } : {}),
    });
    setBusy(false);
    const name = summary.technicians.find((x) => x.technicianId === technicianId)?.name ?? '';
    if (result.ok) {
      setOutcome({ kind: 'done', result: result.value, name });
      setMeters('');
      setSeals('');
      setRemoved('');
      onMoved();
    } else if (result.error.fieldErrors !== undefined && result.error.fieldErrors.length > 0 && result.error.code !== 'FORBIDDEN') {
      setOutcome({ kind: 'refused', errors: result.error.fieldErrors });
    } else setOutcome({ kind: 'failed', error: result.error });
  }

  return (
    <section className="stock-section" aria-labelledby="stock-move-title">
      <h2 id="stock-move-title">{t('console.stock.move.title')}</h2>
      <form
        className="stock-move"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="kit-segmented">
          <legend>{t('console.stock.move.kind')}</legend>
          {(['issue', 'return'] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="stock-move-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`console.stock.move.${k}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span className="field__label">{t('console.stock.move.technician')}</span>
          <select className="field__input" value={technicianId} required onChange={(e) => setTechnicianId(e.target.value)}>
            <option value="">{t('console.stock.move.chooseTechnician')}</option>
            {summary.technicians.map((x) => (
              <option key={x.technicianId} value={x.technicianId}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <div className="stock-move__boxes">
          <label className="field">
            <span className="field__label">{t('console.stock.move.meters')}</span>
            <textarea className="field__input mono" rows={5} value={meters} onChange={(e) => setMeters(e.target.value)} />
          </label>
          <label className="field">
            <span className="field__label">{t('console.stock.move.seals')}</span>
            <textarea className="field__input mono" rows={5} value={seals} onChange={(e) => setSeals(e.target.value)} />
          </label>
          {kind === 'return' && (
            <label className="field">
              <span className="field__label">{t('console.stock.move.removed')}</span>
              <textarea className="field__input mono" rows={5} value={removed} onChange={(e) => setRemoved(e.target.value)} />
            </label>
          )}
        </div>
        <p className="kit-muted">{t('console.stock.move.hint')}</p>
        {kind === 'issue' && (
          <label className="field stock-move__pliers">
            <span className="field__label">{t('console.stock.move.pliers')}</span>
            <input className="field__input" value={pliers} maxLength={20} onChange={(e) => setPliers(e.target.value)} />
          </label>
        )}
        <button type="submit" className="button button--primary" disabled={busy || technicianId === ''}>
          {t(kind === 'issue' ? 'console.stock.move.submitIssue' : 'console.stock.move.submitReturn')}
        </button>
      </form>
      {outcome?.kind === 'done' && (
        <p className="notice notice--info" role="status">
          {t(outcome.result.kind === 'issue' ? 'console.stock.move.issued' : 'console.stock.move.returned', {
            meters: n(outcome.result.meters),
            seals: n(outcome.result.seals),
            name: outcome.name,
          })}
          {(outcome.result.removed ?? 0) > 0 && ` ${t('console.stock.move.returnedRemoved', { removed: n(outcome.result.removed ?? 0) })}`}
        </p>
      )}
      {outcome?.kind === 'refused' && (
        <div className="notice notice--error" role="alert">
          <p>
            <strong>{t('console.stock.move.refused', { count: outcome.errors.length })}</strong>
          </p>
          <ul className="stock-move__errors">
            {outcome.errors.map((e, i) => (
              <li key={i}>
                {what(e) !== '' && <span className="mono">{what(e)}: </span>}
                {t(`console.stock.move.errors.${known(e.code)}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {outcome?.kind === 'failed' && <ErrorBanner error={outcome.error} />}
    </section>
  );
}
