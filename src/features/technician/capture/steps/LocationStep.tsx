import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFor } from '../../../../domain/capture/draftIssues';
import { assessFix, type GpsFix } from '../../../../domain/map/geo';
import { formatDateTime } from '../../../../domain/time/time';
import { FieldMessages, TextField } from '../fields/fields';
import { useGeo } from '../fields/GeoWatch';
import type { StepProps } from '../stepTypes';

/** A recorded fix older than this is replaced by the next live one, whatever its accuracy. */
const FIX_STALE_MS = 2 * 60_000;

function isBetter(next: GpsFix, current: GpsFix | undefined): boolean {
  if (current === undefined) return true;
  return next.accuracyM < current.accuracyM || Date.parse(next.at) - Date.parse(current.at) > FIX_STALE_MS;
}

/**
 * Step 3, location: the live accuracy, the fix kept for the record (the best one while this step is
 * open), warnings from GPS_THRESHOLDS, retry, or a reason to continue anyway.
 */
export function LocationStep({ editor, workOrder, issues }: StepProps) {
  const { t } = useTranslation();
  const geo = useGeo();
  const recorded = editor.draft.location.fix;
  const replaceNext = useRef(false);

  useEffect(() => {
    if (geo.fix === null) return;
    if (!replaceNext.current && !isBetter(geo.fix, editor.draft.location.fix)) return;
    replaceNext.current = false;
    const fix = geo.fix;
    editor.update((d) => ({ ...d, location: { ...d.location, fix } }));
  }, [geo.fix, editor]);

  const shown = recorded ?? editor.draft.startGps;
  const assessed = shown === undefined ? null : assessFix(shown, workOrder);
  const fixIssues = issuesFor(issues, 'location.fix');

  return (
    <>
      <div className="location" aria-live="polite">
        {geo.fix === null && geo.error === null && <p className="location__line">{t('capture.location.searching')}</p>}
        {geo.fix !== null && <p className="location__line">{t('capture.location.live', { accuracy: Math.round(geo.fix.accuracyM) })}</p>}
        {geo.error !== null && <p className="notice notice--warning">{t(`capture.location.errors.${geo.error}`)}</p>}
        {shown !== undefined && assessed !== null && (
          <p className="location__recorded" data-testid="recorded-fix">
            {t('capture.location.recorded', {
              accuracy: Math.round(shown.accuracyM),
              distance: Math.round(assessed.distanceM),
              time: formatDateTime(new Date(shown.at)),
            })}
          </p>
        )}
        {recorded === undefined && shown !== undefined && <p>{t('capture.location.fromStart')}</p>}
        {assessed !== null && assessed.warnings.length === 0 && <p className="location__good">{t('capture.location.good')}</p>}
      </div>
      <FieldMessages id="f-location-fix-msg" issues={fixIssues} />
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
          field="location.note"
          label={t('capture.location.note')}
          hint={t('capture.location.noteHint')}
          value={editor.draft.location.note}
          multiline
          issues={issuesFor(issues, 'location.note')}
          onChange={(note) => editor.update((d) => ({ ...d, location: { ...d.location, note } }))}
        />
      )}
    </>
  );
}
