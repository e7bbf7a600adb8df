import { useTranslation } from 'react-i18next';
import { issuesFor, type DraftIssue } from '../../../../domain/capture/draftIssues';
import type { ReadingsDraft } from '../../../../domain/capture/swapDraft';
import { CheckField } from './choiceFields';
import { TextField } from './fields';

const REGISTERS = ['normal', 'peak', 'offPeak'] as const;

/** Total index plus, for a multi-rate meter, its three registers. Text inputs: "," and "." both work. */
export function ReadingsFields(props: {
  prefix: string;
  label: string;
  value: ReadingsDraft;
  onChange: (value: ReadingsDraft) => void;
  issues: readonly DraftIssue[];
}) {
  const { t } = useTranslation();
  const { prefix, label, value, onChange, issues } = props;
  return (
    <div className="readings">
      <TextField
        field={`${prefix}.total`}
        label={label}
        hint={t('capture.fields.readingHint')}
        value={value.total}
        inputMode="decimal"
        mono
        large
        issues={issuesFor(issues, `${prefix}.total`)}
        onChange={(total) => onChange({ ...value, total })}
      />
      <CheckField
        field={`${prefix}.multiRate`}
        label={t('capture.fields.multiRate')}
        checked={value.multiRate}
        issues={[]}
        onChange={(multiRate) => onChange({ ...value, multiRate })}
      />
      {value.multiRate && (
        <div className="readings__registers">
          {REGISTERS.map((register) => (
            <TextField
              key={register}
              field={`${prefix}.${register}`}
              label={t(`capture.fields.${register}`)}
              value={value[register]}
              inputMode="decimal"
              mono
              issues={issuesFor(issues, `${prefix}.${register}`)}
              onChange={(text) => onChange({ ...value, [register]: text })}
            />
          ))}
        </div>
      )}
    </div>
  );
}
