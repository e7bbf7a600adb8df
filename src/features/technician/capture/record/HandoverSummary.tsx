import { useTranslation } from 'react-i18next';
import { formatReading } from '../../../../domain/format/numberFormat';
import { parseDecimal } from '../../../../domain/capture/readings';
import type { ReadingsDraft, SwapDraft } from '../../../../domain/capture/swapDraft';
import { normalizeMeterSerial } from '../../../../domain/capture/identifiers';
import { normalizeStockCode } from '../../../../domain/stock/stock';

function useReadingText() {
  const { t, i18n } = useTranslation();
  const show = (text: string) => {
    const value = parseDecimal(text);
    return value === null ? t('capture.handover.none') : formatReading(value, i18n.language);
  };
  return (readings: ReadingsDraft) => ({
    total: show(readings.total),
    registers: readings.multiRate
      ? t('capture.handover.registers', { normal: show(readings.normal), peak: show(readings.peak), offPeak: show(readings.offPeak) })
      : null,
  });
}

/**
 * What the customer reads before signing: both meters, both indexes, the seals, in large text; the removed meter's bag
 * label and the reason a meter or seal outside the technician's stock was used, when there are some.
 */
export function HandoverSummary({ draft, customerName }: { draft: SwapDraft; customerName: string }) {
  const { t } = useTranslation();
  const reading = useReadingText();
  const removed = reading(draft.removed.readings);
  const installed = reading(draft.installed.readings);
  const seals = draft.installed.seals.filter((s) => s.code.trim() !== '');
  const bagLabel = normalizeStockCode(draft.removed.bagLabel);
  return (
    <section className="handover-summary" aria-labelledby="handover-summary-title" data-testid="handover-summary">
      <h3 id="handover-summary-title" className="handover-summary__title">
        {t('capture.handover.summary')}
      </h3>
      <p className="handover-summary__customer">
        {t('capture.flow.customer')}: <strong>{customerName}</strong>
      </p>
      <div className="handover-summary__meters">
        <dl className="handover-summary__meter">
          <dt className="handover-summary__heading">{t('capture.handover.removedTitle')}</dt>
          <dd>
            {t('capture.handover.serial')}: <strong className="mono">{normalizeMeterSerial(draft.removed.serial)}</strong>
          </dd>
          <dd>
            {t('capture.handover.readingRemoved')}: <strong className="mono handover-summary__reading">{removed.total}</strong>
          </dd>
          {removed.registers !== null && <dd className="mono">{removed.registers}</dd>}
          <dd>
            {t('capture.handover.sealCondition')}:{' '}
            {draft.removed.sealCondition === '' ? t('capture.handover.none') : t(`capture.sealConditions.${draft.removed.sealCondition}`)}
          </dd>
          {bagLabel !== '' && (
            <dd>
              {t('capture.handover.bagLabel')}: <strong className="mono">{bagLabel}</strong>
            </dd>
          )}
        </dl>
        <dl className="handover-summary__meter">
          <dt className="handover-summary__heading">{t('capture.handover.installedTitle')}</dt>
          <dd>
            {t('capture.handover.serial')}: <strong className="mono">{normalizeMeterSerial(draft.installed.serial)}</strong>
          </dd>
          <dd>
            {t('capture.handover.readingInstalled')}: <strong className="mono handover-summary__reading">{installed.total}</strong>
          </dd>
          {installed.registers !== null && <dd className="mono">{installed.registers}</dd>}
          <dd>
            {t('capture.handover.seals')}:{' '}
            {seals.length === 0
              ? t('capture.handover.none')
              : seals.map((s) => t('capture.handover.seal', { code: s.code.trim(), beads: s.beads.trim() })).join('; ')}
          </dd>
          {draft.installed.stockNote.trim() !== '' && (
            <dd data-testid="summary-stock-note">
              {t('capture.handover.stockNote')}: {draft.installed.stockNote.trim()}
            </dd>
          )}
        </dl>
      </div>
    </section>
  );
}
