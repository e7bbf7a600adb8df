import { useEffect, useEffectEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFor, type DraftIssue } from '../../../../domain/capture/draftIssues';
import { assessFix, type GpsFix } from '../../../../domain/map/geo';
import { formatDateTime } from '../../../../domain/time/time';
import type { WorkOrder } from '../../../../domain/workOrder/workOrder';
import { fieldId } from '../issueText';
import { FieldMessages, TextField } from './fields';
import { useGeo } from './GeoWatch';

/** A kept fix older than this is replaced by the next live one, whatever its accuracy. */
const FIX_STALE_MS = 2 * 60_000;

function isBetter(next: GpsFix, current: GpsFix | undefined): boolean {
  if (current === undefined) return true;
  return next.accuracyM < current.accuracyM || Date.parse(next.at) - Date.parse(current.at) > FIX_STALE_MS;
}

interface PositionFieldProps {
  /** Draft path of the kept fix: where its messages go and where "go to the problem" lands. */
  fixField: 'location.fix' | 'failure.fix';
  /** Draft path of the reason to go on although the position is far or imprecise (positionRule). */
  noteField: 'location.note' | 'failure.gpsNote';
  /** A heading above the position, where the screen has other fields. */
  label?: string;
  kept: GpsFix | undefined;
  /** Shown until this screen keeps a fix of its own (the swap's start position). */
  fallback?: GpsFix | undefined;
  note: string;
  workOrder: WorkOrder;
  issues: readonly DraftIssue[];
  onFix: (fix: GpsFix) => void;
  onNote: (note: string) => void;
  testId: string;
}

/**
 * The position as evidence, the same on the swap's location step and on a failed visit: the live accuracy, the fix
 * kept for the record (the best one while the screen is open), "Đo lại vị trí" to take the next one, and — when
 * the position is far from the site or imprecise — the reason to go on anyway, in the same words on both.
 */
export function PositionField({ fixField, noteField, label, kept, fallback, note, workOrder, issues, onFix, onNote, testId }: PositionFieldProps) {
  const { t } = useTranslation();
  const geo = useGeo();
  const replaceNext = useRef(false);

  // Only a new fix is weighed: "Đo lại vị trí" takes the next fix that arrives, not the one already shown.
  const weigh = useEffectEvent((fix: GpsFix) => {
    if (!replaceNext.current && !isBetter(fix, kept)) return;
    replaceNext.current = false;
    onFix(fix);
  });
  useEffect(() => {
    if (geo.fix !== null) weigh(geo.fix);
  }, [geo.fix]);

  const shown = kept ?? fallback;
  const assessed = shown === undefined ? null : assessFix(shown, workOrder);

  return (
    <>
      <div className="location" id={fieldId(fixField)} data-field={fixField} aria-live="polite">
        {label !== undefined && <p className="field__label">{label}</p>}
        {geo.fix === null && geo.error === null && <p className="location__line">{t('capture.location.searching')}</p>}
        {geo.fix !== null && <p className="location__line">{t('capture.location.live', { accuracy: Math.round(geo.fix.accuracyM) })}</p>}
        {geo.error !== null && <p className="notice notice--warning">{t(`capture.location.errors.${geo.error}`)}</p>}
        {shown !== undefined && assessed !== null && (
          <p className="location__recorded" data-testid={testId}>
            {t('capture.location.recorded', {
              accuracy: Math.round(shown.accuracyM),
              distance: Math.round(assessed.distanceM),
              time: formatDateTime(new Date(shown.at)),
            })}
          </p>
        )}
        {kept === undefined && shown !== undefined && <p>{t('capture.location.fromStart')}</p>}
        {assessed !== null && assessed.warnings.length === 0 && <p className="location__good">{t('capture.location.good')}</p>}
      </div>
      <FieldMessages id={`${fieldId(fixField)}-msg`} issues={issuesFor(issues, fixField)} />
      <button
        type="button"
        className="button button--secondary button--block"
        onClick={() => {
          replaceNext.current = true;
          geo.restart();
        }}
      >
        {t('capture.location.retry')}
      </button>
      {assessed !== null && assessed.warnings.length > 0 && (
        <TextField
          field={noteField}
          label={t('capture.location.note')}
          hint={t('capture.location.noteHint')}
          value={note}
          multiline
          issues={issuesFor(issues, noteField)}
          onChange={onNote}
        />
      )}
    </>
  );
}
