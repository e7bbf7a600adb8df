import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftIssue } from '../../../../domain/capture/draftIssues';
import { fieldId, issueText } from '../issueText';

/** Messages under a field: errors (what to fix) first, then warnings; announced when they appear. */
export function FieldMessages({ id, issues }: { id: string; issues: readonly DraftIssue[] }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <div id={id} className="field-messages" aria-live="polite">
      {issues.map((issue) => (
        <p key={`${issue.code}-${issue.level}`} className={`field-msg field-msg--${issue.level}`}>
          {issueText(t, issue)}
        </p>
      ))}
    </div>
  );
}

/** aria-describedby of a field: its hint and its messages, when present. */
export function describedBy(field: string, hint: boolean, issues: readonly DraftIssue[]): string | undefined {
  const ids = [hint ? `${fieldId(field)}-hint` : '', issues.length > 0 ? `${fieldId(field)}-msg` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export interface TextFieldProps {
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  issues: readonly DraftIssue[];
  hint?: string;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'tel';
  /** A date input (native picker, value yyyy-MM-dd) instead of text. */
  date?: boolean;
  mono?: boolean;
  large?: boolean;
  multiline?: boolean;
  autoComplete?: string;
  /** Shown beside the input (e.g. the scan button). */
  after?: ReactNode;
}

export function TextField(props: TextFieldProps) {
  const { field, label, value, onChange, issues, hint, inputMode = 'text', mono, large, multiline, autoComplete = 'off', after, date } = props;
  const id = fieldId(field);
  const invalid = issues.some((i) => i.level === 'error');
  const className = ['field__input', mono ? 'mono' : '', large ? 'field__input--large' : ''].filter(Boolean).join(' ');
  const common = {
    id,
    className,
    value,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy(field, hint !== undefined, issues),
    'data-field': field,
  };
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint !== undefined && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <div className="field__row">
        {multiline ? (
          <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input
            {...common}
            type={date === true ? 'date' : inputMode === 'tel' ? 'tel' : 'text'}
            inputMode={inputMode}
            autoComplete={autoComplete}
            autoCapitalize={mono ? 'characters' : undefined}
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
        {after}
      </div>
      <FieldMessages id={`${id}-msg`} issues={issues} />
    </div>
  );
}
