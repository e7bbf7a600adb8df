import { useTranslation } from 'react-i18next';
import { issuesFor } from '../../../domain/capture/draftIssues';
import type { SwapDraft } from '../../../domain/capture/swapDraft';
import { FAILURE_REASON_CODES, FAILURE_REASONS } from '../../../domain/capture/visit';
import { ChoiceGroup, SelectField } from './fields/choiceFields';
import { TextField } from './fields/fields';
import { PositionField } from './fields/PositionField';
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
  const f = editor.draft.failure;
  const set = (change: Partial<SwapDraft['failure']>) => editor.update((d) => ({ ...d, failure: { ...d.failure, ...change } }));

  const needs: string[] = [];
  if (f.reason !== '') {
    if (FAILURE_REASONS[f.reason].photo) needs.push(t('capture.failure.needsPhoto'));
    if (FAILURE_REASONS[f.reason].note) needs.push(t('capture.failure.needsNote'));
    if (GPS_REASONS.has(f.reason)) needs.push(t('capture.failure.needsGps'));
  }

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
      <PositionField
        fixField="failure.fix"
        noteField="failure.gpsNote"
        label={t('capture.failure.gps')}
        kept={f.fix}
        fallback={editor.draft.startGps}
        note={f.gpsNote}
        workOrder={workOrder}
        issues={issues}
        onFix={(fix) => set({ fix })}
        onNote={(gpsNote) => set({ gpsNote })}
        testId="failure-fix"
      />
    </>
  );
}
