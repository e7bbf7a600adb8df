import { useTranslation } from 'react-i18next';
import { issuesFor, type DraftIssue } from '../../../../domain/capture/draftIssues';
import { SEAL_KINDS } from '../../../../domain/capture/handoverFields';
import type { SealDraft } from '../../../../domain/capture/swapDraft';
import { TrashIcon } from './captureIcons';
import { SelectField } from './choiceFields';
import { FieldMessages, TextField } from './fields';

/** Seals of the new meter: code, bead count and (optionally) where the seal sits, one or more rows. */
export function SealsEditor(props: { seals: readonly SealDraft[]; onChange: (seals: SealDraft[]) => void; issues: readonly DraftIssue[] }) {
  const { t } = useTranslation();
  const { seals, onChange, issues } = props;
  const setSeal = (index: number, change: Partial<SealDraft>) => onChange(seals.map((seal, i) => (i === index ? { ...seal, ...change } : seal)));
  return (
    <fieldset className="seals" data-field="installed.seals">
      <legend className="field__label">{t('capture.fields.seals')}</legend>
      {seals.map((seal, index) => (
        <div key={index} className="seals__row" role="group" aria-label={t('capture.fields.sealNumber', { number: index + 1 })}>
          <p className="seals__number" aria-hidden="true">
            {t('capture.fields.sealNumber', { number: index + 1 })}
          </p>
          <div className="seals__inputs">
            <TextField
              field={`installed.seals.${index}.code`}
              label={t('capture.fields.sealCode')}
              value={seal.code}
              mono
              issues={issuesFor(issues, `installed.seals.${index}.code`)}
              onChange={(code) => setSeal(index, { code })}
            />
            <TextField
              field={`installed.seals.${index}.beads`}
              label={t('capture.fields.sealBeads')}
              value={seal.beads}
              inputMode="numeric"
              mono
              issues={issuesFor(issues, `installed.seals.${index}.beads`)}
              onChange={(beads) => setSeal(index, { beads })}
            />
          </div>
          <SelectField
            field={`installed.seals.${index}.kind`}
            label={t('capture.fields.sealKind')}
            emptyLabel={t('capture.fields.choose')}
            choices={SEAL_KINDS.map((value) => ({ value, label: t(`capture.sealKinds.${value}`) }))}
            value={seal.kind ?? ''}
            issues={[]}
            onChange={(kind) => setSeal(index, { kind })}
          />
          {seals.length > 1 && (
            <button type="button" className="button button--secondary seals__remove" onClick={() => onChange(seals.filter((_, i) => i !== index))}>
              <TrashIcon /> {t('capture.fields.removeSeal', { number: index + 1 })}
            </button>
          )}
        </div>
      ))}
      <button type="button" className="button button--secondary" onClick={() => onChange([...seals, { code: '', beads: '' }])}>
        {t('capture.fields.addSeal')}
      </button>
      <FieldMessages id="f-installed-seals-msg" issues={issuesFor(issues, 'installed.seals')} />
    </fieldset>
  );
}
