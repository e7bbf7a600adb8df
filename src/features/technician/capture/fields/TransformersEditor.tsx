import { useTranslation } from 'react-i18next';
import { issuesFor, type DraftIssue } from '../../../../domain/capture/draftIssues';
import { MAX_TRANSFORMERS, TRANSFORMER_KINDS } from '../../../../domain/capture/handoverFields';
import type { TransformerDraft } from '../../../../domain/capture/swapDraft';
import { TrashIcon } from './captureIcons';
import { SelectField } from './choiceFields';
import { TextField } from './fields';

/**
 * 3-phase indirect metering (shown for 3-phase work orders only): TI/TU rows (serial, ratio, accuracy class)
 * and the multiplier (hệ số nhân). Optional: a direct-connected 3-phase meter has none.
 */
export function TransformersEditor(props: {
  rows: readonly TransformerDraft[];
  multiplier: string;
  issues: readonly DraftIssue[];
  onRows: (rows: TransformerDraft[]) => void;
  onMultiplier: (multiplier: string) => void;
}) {
  const { t } = useTranslation();
  const { rows, multiplier, issues, onRows, onMultiplier } = props;
  const setRow = (index: number, change: Partial<TransformerDraft>) => onRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const field = (index: number, name: string) => `installed.transformers.${index}.${name}`;
  return (
    <fieldset className="seals" data-field="installed.transformers">
      <legend className="field__label">{t('capture.fields.transformers')}</legend>
      <p className="field__hint">{t('capture.fields.transformersHint')}</p>
      {rows.map((row, index) => {
        const name = t('capture.fields.transformerNumber', { kind: t(`capture.transformerKinds.${row.kind}`), number: index + 1 });
        return (
          <div key={index} className="seals__row" role="group" aria-label={name}>
            <div className="seals__inputs">
              <SelectField
                field={field(index, 'kind')}
                label={t('capture.fields.transformerKind')}
                choices={TRANSFORMER_KINDS.map((value) => ({ value, label: t(`capture.transformerKinds.${value}`) }))}
                value={row.kind}
                issues={[]}
                onChange={(kind) => kind !== '' && setRow(index, { kind })}
              />
              <TextField
                field={field(index, 'accuracyClass')}
                label={t('capture.fields.accuracyClass')}
                value={row.accuracyClass}
                mono
                issues={issuesFor(issues, field(index, 'accuracyClass'))}
                onChange={(accuracyClass) => setRow(index, { accuracyClass })}
              />
            </div>
            <TextField
              field={field(index, 'serial')}
              label={t('capture.fields.transformerSerial')}
              value={row.serial}
              mono
              issues={issuesFor(issues, field(index, 'serial'))}
              onChange={(serial) => setRow(index, { serial })}
            />
            <TextField
              field={field(index, 'ratio')}
              label={t('capture.fields.transformerRatio')}
              value={row.ratio}
              inputMode="text"
              mono
              issues={issuesFor(issues, field(index, 'ratio'))}
              onChange={(ratio) => setRow(index, { ratio })}
            />
            <button type="button" className="button button--secondary seals__remove" onClick={() => onRows(rows.filter((_, i) => i !== index))}>
              <TrashIcon /> {t('capture.fields.removeTransformer', { kind: t(`capture.transformerKinds.${row.kind}`), number: index + 1 })}
            </button>
          </div>
        );
      })}
      {rows.length < MAX_TRANSFORMERS && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => onRows([...rows, { kind: 'ti', serial: '', ratio: '', accuracyClass: '' }])}
        >
          {t('capture.fields.addTransformer')}
        </button>
      )}
      <TextField
        field="installed.multiplier"
        label={t('capture.fields.multiplier')}
        hint={t('capture.fields.multiplierHint')}
        value={multiplier}
        inputMode="decimal"
        mono
        issues={issuesFor(issues, 'installed.multiplier')}
        onChange={onMultiplier}
      />
    </fieldset>
  );
}
