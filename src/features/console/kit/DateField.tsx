import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './dateField.css';
import { addDays, formatDateText, parseDateText, showsValue, type DateText } from './dateText';

interface Props {
  label: string;
  /** ISO day `yyyy-MM-dd`, or '' for none. */
  value: string;
  /** The ISO day typed ('' when empty or not a day) and what the text is, so a filter can ignore half-typed dates. */
  onChange: (iso: string, kind: DateText['kind']) => void;
  id?: string;
  /** The label is read by screen readers only (a date in a table row). */
  hideLabel?: boolean;
  className?: string;
  labelClassName?: string;
  inputClassName?: string;
  required?: boolean;
  /** Bounds of the calendar picker (the parent says what a day out of range means). */
  min?: string;
  max?: string;
  /** Ids of the parent's own hint or error texts about this date. */
  describedBy?: string;
  /** The parent found the day wrong (in the past, a day off…). */
  invalid?: boolean;
  /** Say now that the date is missing or malformed (the user tried to submit), not only once they leave the field. */
  showErrors?: boolean;
  /** The parent's hint and error texts, shown under the field. */
  children?: ReactNode;
}

const CAN_PICK = typeof HTMLInputElement !== 'undefined' && 'showPicker' in HTMLInputElement.prototype;

/**
 * A date typed and shown as dd/MM/yyyy whatever the browser's language (a native date input follows the browser:
 * mm/dd/yyyy in an English one), with a calendar button for those who prefer to pick. Keyboard: type the day
 * ("8/12/2025", "08122025"), arrow up / down move it by a day. The value in and out is an ISO day.
 */
export function DateField(props: Props) {
  const { label, value, onChange, required = false } = props;
  const { t } = useTranslation();
  const generated = useId();
  const id = props.id ?? generated;
  const errorId = `${id}-error`;
  const picker = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => formatDateText(value));
  const [shown, setShown] = useState(value);
  const [left, setLeft] = useState(false);
  // A value set from outside (a default, "clear filters") replaces the text unless the text already says it.
  if (value !== shown) {
    setShown(value);
    if (!showsValue(text, value)) setText(formatDateText(value));
  }
  const parsed = parseDateText(text);
  const problem = parsed.kind === 'invalid' ? 'invalid' : parsed.kind === 'empty' && required ? 'required' : null;
  const error = problem !== null && (left || props.showErrors === true) ? t(`console.dateField.${problem}`) : null;

  const commit = (next: string) => {
    // Reward early, judge late: a shown error updates as the user types (and goes once the date is right), but
    // typing into a field without one shows none until the user leaves it again.
    if (error === null) setLeft(false);
    setText(next);
    const read = parseDateText(next);
    onChange(read.kind === 'valid' ? read.iso : '', read.kind);
  };
  const step = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || parsed.kind !== 'valid') return;
    event.preventDefault();
    commit(formatDateText(addDays(parsed.iso, event.key === 'ArrowUp' ? 1 : -1)));
  };
  const describedBy = [`${id}-format`, props.describedBy, error === null ? undefined : errorId].filter(Boolean).join(' ');

  return (
    <div className={props.className}>
      <label id={`${id}-label`} htmlFor={id} className={props.hideLabel ? 'visually-hidden' : props.labelClassName}>
        {label}
      </label>
      <span className="date-field">
        <input
          id={id}
          className={`date-field__input ${props.inputClassName ?? ''}`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('console.dateField.placeholder')}
          value={text}
          required={required}
          aria-invalid={error !== null || props.invalid === true}
          aria-describedby={describedBy}
          onChange={(event) => commit(event.target.value)}
          onKeyDown={step}
          onBlur={() => {
            setLeft(true);
            if (parsed.kind === 'valid') setText(formatDateText(parsed.iso));
          }}
        />
        {CAN_PICK && (
          <>
            <button
              type="button"
              className="date-field__pick"
              aria-label={t('console.dateField.pick')}
              aria-describedby={`${id}-label`}
              onClick={() => picker.current?.showPicker()}
            >
              <CalendarIcon />
            </button>
            <input
              ref={picker}
              className="date-field__native"
              type="date"
              tabIndex={-1}
              aria-hidden="true"
              value={parsed.kind === 'valid' ? parsed.iso : ''}
              min={props.min}
              max={props.max}
              onChange={(event) => {
                commit(formatDateText(event.target.value));
                setLeft(true);
              }}
            />
          </>
        )}
      </span>
      <span id={`${id}-format`} className="visually-hidden">
        {t('console.dateField.format')}
      </span>
      {error !== null && (
        <span id={errorId} className="date-field__error">
          {error}
        </span>
      )}
      {props.children}
    </div>
  );
}

function CalendarIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3V2Zm12 8H5v9h14v-9ZM5 8h14V6H5v2Zm2 4h3v3H7v-3Z"
      />
    </svg>
  );
}
