import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFor, type DraftIssue } from '../../../domain/capture/draftIssues';
import { failureFix } from '../../../domain/capture/failureValidation';
import type { SwapDraft } from '../../../domain/capture/swapDraft';
import { assessFix } from '../../../domain/map/geo';
import { formatDateTime } from '../../../domain/time/time';
import { FAILURE_REASON_CODES, FAILURE_REASONS } from '../../../domain/capture/visit';
import { ChoiceGroup, SelectField } from './fields/choiceFields';
import { FieldMessages, TextField } from './fields/fields';
import { useGeo } from './fields/GeoWatch';
import { PhotoSection } from './fields/PhotoSection';
import type { StepProps } from './stepTypes';

const GPS_REASONS = new Set(['KV01', 'KV05']);

/**
 * "Không thực hiện được": reason KV01–KV99, note, evidence photos as the reason requires, GPS, and for KV01 whether
 * the customer was phoned. The position is judged as the swap's location step judges it (checkPosition): far from
 * the site or imprecise, it is kept only with a reason.
 */
export function FailureForm({ editor, workOrder, issues }: StepProps) {
  const { t } = useTranslation();
  const geo = useGeo();
  const f = editor.draft.failure;
  const set = (change: Partial<SwapDraft['failure']>) => editor.update((d) => ({ ...d, failure: { ...d.failure, ...change } }));
  const replaceNext = useRef(false);

  // The position is evidence: keep the most precise fix while the form is open ("Đo lại vị trí" takes the next one).
  useEffect(() => {
    const fix = geo.fix;
    const current = editor.draft.failure.fix;
    if (fix === null) return;
    if (!replaceNext.current && current !== undefined && current.accuracyM <= fix.accuracyM) return;
    replaceNext.current = false;
    editor.update((d) => ({ ...d, failure: { ...d.failure, fix } }));
  }, [geo.fix, editor]);

  const needs: string[] = [];
  if (f.reason !== '') {
    if (FAILURE_REASONS[f.reason].photo) needs.push(t('capture.failure.needsPhoto'));
    if (FAILURE_REASONS[f.reason].note) needs.push(t('capture.failure.needsNote'));
    if (GPS_REASONS.has(f.reason)) needs.push(t('capture.failure.needsGps'));
  }
  const fix = failureFix(editor.draft);
  const assessed = fix === undefined ? null : assessFix(fix, workOrder);
  const gpsIssues: DraftIssue[] = issuesFor(issues, 'failure.fix');

  return (
    <>
      <SelectField
        field="failure.reason"
        label={t('capture.failure.reason')}
        emptyLabel={t('capture.fields.choose')}
        choices={FAILURE_REASON_CODES.map((code) => ({ value: code, label: `${code} – ${t(`capture.failureReasons.${code}`)}` }))}
        value={f.reason}
        issues={issuesFor(issues, 'failure.reason')}
        onChange={(reason) => set({ reason })}
      />
      {f.reason !== '' && (
        <p className="notice notice--info">
          {needs.length === 0 ? t('capture.failure.needsNothing') : t('capture.failure.needs', { items: needs.join(', ') })}
        </p>
      )}
      {f.reason === 'KV01' && (
        <ChoiceGroup
          field="failure.called"
          legend={t('capture.failure.called')}
          choices={[
            { value: 'yes' as const, label: t('capture.failure.calledYes') },
            { value: 'no' as const, label: t('capture.failure.calledNo') },
          ]}
          value={f.called}
          issues={issuesFor(issues, 'failure.called')}
          onChange={(called) => set({ called })}
        />
      )}
      <TextField
        field="failure.note"
        label={t('capture.failure.note')}
        value={f.note}
        multiline
        issues={issuesFor(issues, 'failure.note')}
        onChange={(note) => set({ note })}
      />
      <PhotoSection kind="failure_evidence" field="failure.photos" editor={editor} customerCode={workOrder.customerCode} issues={issues} />
      <div className="location" id="f-failure-fix" data-field="failure.fix" aria-live="polite">
        <p className="field__label">{t('capture.failure.gps')}</p>
        {fix === undefined || assessed === null ? (
          <p>{t('capture.location.searching')}</p>
        ) : (
          <p className="location__recorded" data-testid="failure-fix">
            {t('capture.location.recorded', {
              accuracy: Math.round(fix.accuracyM),
              distance: Math.round(assessed.distanceM),
              time: formatDateTime(new Date(fix.at)),
            })}
          </p>
        )}
        {geo.error !== null && <p className="notice notice--warning">{t(`capture.location.errors.${geo.error}`)}</p>}
      </div>
      <FieldMessages id="f-failure-fix-msg" issues={gpsIssues} />
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
          field="failure.gpsNote"
          label={t('capture.location.note')}
          hint={t('capture.location.noteHint')}
          value={f.gpsNote}
          multiline
          issues={issuesFor(issues, 'failure.gpsNote')}
          onChange={(gpsNote) => set({ gpsNote })}
        />
      )}
    </>
  );
}
