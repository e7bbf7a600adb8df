import type { DraftIssue } from '../../../../domain/capture/draftIssues';
import { describedBy, FieldMessages } from './fields';
import { fieldId } from '../issueText';

export interface Choice<V extends string> {
  value: V;
  label: string;
}

/** Radio buttons as large tappable rows (a select hides the options behind one more tap). */
export function ChoiceGroup<V extends string>(props: {
  field: string;
  legend: string;
  choices: readonly Choice<V>[];
  value: V | '';
  onChange: (value: V) => void;
  issues: readonly DraftIssue[];
}) {
  const { field, legend, choices, value, onChange, issues } = props;
  const id = fieldId(field);
  return (
    <fieldset className="choices" aria-describedby={describedBy(field, false, issues)} data-field={field} id={id}>
      <legend className="field__label">{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} className="choice">
          <input type="radio" name={id} value={choice.value} checked={value === choice.value} onChange={() => onChange(choice.value)} />
          <span>{choice.label}</span>
        </label>
      ))}
      <FieldMessages id={`${id}-msg`} issues={issues} />
    </fieldset>
  );
}

export function SelectField<V extends string>(props: {
  field: string;
  label: string;
  choices: readonly Choice<V>[];
  value: V | '';
  /** Label of the empty choice; omit when a value is always set. */
  emptyLabel?: string;
  onChange: (value: V | '') => void;
  issues: readonly DraftIssue[];
}) {
  const { field, label, choices, value, emptyLabel, onChange, issues } = props;
  const id = fieldId(field);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="field__input"
        value={value}
        data-field={field}
        aria-invalid={issues.some((i) => i.level === 'error') || undefined}
        aria-describedby={describedBy(field, false, issues)}
        onChange={(e) => {
          const next = choices.find((c) => c.value === e.target.value);
          onChange(next === undefined ? '' : next.value);
        }}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldMessages id={`${id}-msg`} issues={issues} />
    </div>
  );
}

export function CheckField(props: {
  field: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  issues: readonly DraftIssue[];
}) {
  const { field, label, checked, onChange, issues } = props;
  const id = fieldId(field);
  return (
    <div className="field">
      <label className="checkbox checkbox--block" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          data-field={field}
          aria-invalid={issues.some((i) => i.level === 'error') || undefined}
          aria-describedby={describedBy(field, false, issues)}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <FieldMessages id={`${id}-msg`} issues={issues} />
    </div>
  );
}
