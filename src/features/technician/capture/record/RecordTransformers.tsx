import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../domain/format/numberFormat';
import type { Transformer } from '../../../../domain/capture/handoverFields';

/** TI/TU rows and the multiplier (hệ số nhân) of 3-phase indirect metering; nothing when the record has none. */
export function RecordTransformers({
  transformers,
  multiplier,
}: {
  transformers: readonly Transformer[] | undefined;
  multiplier: number | undefined;
}) {
  const { t, i18n } = useTranslation();
  if ((transformers === undefined || transformers.length === 0) && multiplier === undefined) return null;
  const none = t('capture.record.notRecorded');
  return (
    <section className="record__meter" data-testid="record-transformers">
      <h2 className="record__meter-title">{t('capture.record.transformers')}</h2>
      <dl className="record__grid">
        {(transformers ?? []).map((row, index) => (
          <div key={index} className="record__row">
            <dt>{`${t(`capture.transformerKinds.${row.kind}`)} ${index + 1}`}</dt>
            <dd className="mono">
              {t('capture.record.transformerRow', {
                kind: t(`capture.transformerKinds.${row.kind}`),
                serial: row.serial,
                ratio: row.ratio,
                accuracy: row.accuracyClass ?? none,
              })}
            </dd>
          </div>
        ))}
        <div className="record__row">
          <dt>{t('capture.record.multiplier')}</dt>
          <dd className="mono">{multiplier === undefined ? none : formatNumber(multiplier, i18n.language)}</dd>
        </div>
      </dl>
    </section>
  );
}
