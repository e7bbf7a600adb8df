import { useTranslation } from 'react-i18next';
import { issuesFor } from '../../../../domain/capture/draftIssues';
import { normalizeMeterSerial } from '../../../../domain/capture/identifiers';
import { BELOW_LAST_BILLED_REASONS, isBelowLastBilled, parseDecimal } from '../../../../domain/capture/readings';
import { SEAL_CONDITIONS } from '../../../../domain/capture/visit';
import { formatReading } from '../../../../domain/format/numberFormat';
import { ChoiceGroup, SelectField } from '../fields/choiceFields';
import { TextField } from '../fields/fields';
import { PhotoSection } from '../fields/PhotoSection';
import { ReadingsFields } from '../fields/ReadingsFields';
import { SerialField } from '../fields/SerialField';
import type { StepProps } from '../stepTypes';

/**
 * Step 1, công tơ tháo: identity against the work order, final index, seal condition, the bag / label it goes back to
 * the warehouse in (issue 16: scanned, optional), photos.
 */
export function RemovedMeterStep({ editor, workOrder, issues }: StepProps) {
  const { t, i18n } = useTranslation();
  const removed = editor.draft.removed;
  const set = (change: Partial<typeof removed>) => editor.update((d) => ({ ...d, removed: { ...d.removed, ...change } }));
  const serialDiffers = removed.serial.trim() !== '' && normalizeMeterSerial(removed.serial) !== normalizeMeterSerial(workOrder.oldMeterSerial);
  const total = parseDecimal(removed.readings.total);
  const below = total !== null && isBelowLastBilled(total, workOrder.lastBilledReading);

  return (
    <>
      <p className="capture__expected">
        {t('capture.fields.expectedSerial')}: <strong className="mono">{workOrder.oldMeterSerial}</strong>
      </p>
      <SerialField
        field="removed.serial"
        value={removed.serial}
        issues={issuesFor(issues, 'removed.serial')}
        onChange={(serial) => set({ serial })}
      />
      {serialDiffers && (
        <TextField
          field="removed.serialMismatchNote"
          label={t('capture.fields.serialMismatchNote')}
          value={removed.serialMismatchNote}
          multiline
          issues={issuesFor(issues, 'removed.serialMismatchNote')}
          onChange={(serialMismatchNote) => set({ serialMismatchNote })}
        />
      )}
      {workOrder.lastBilledReading !== null && (
        <p className="capture__expected">{t('capture.fields.lastBilled', { value: formatReading(workOrder.lastBilledReading, i18n.language) })}</p>
      )}
      <ReadingsFields
        prefix="removed.readings"
        label={t('capture.fields.removedReading')}
        value={removed.readings}
        issues={issues}
        onChange={(readings) => set({ readings })}
      />
      {below && (
        <SelectField
          field="removed.belowLastBilledReason"
          label={t('capture.fields.belowReason')}
          emptyLabel={t('capture.fields.choose')}
          choices={BELOW_LAST_BILLED_REASONS.map((value) => ({ value, label: t(`capture.belowReasons.${value}`) }))}
          value={removed.belowLastBilledReason}
          issues={issuesFor(issues, 'removed.belowLastBilledReason')}
          onChange={(belowLastBilledReason) => set({ belowLastBilledReason })}
        />
      )}
      <ChoiceGroup
        field="removed.sealCondition"
        legend={t('capture.fields.sealCondition')}
        choices={SEAL_CONDITIONS.map((value) => ({ value, label: t(`capture.sealConditions.${value}`) }))}
        value={removed.sealCondition}
        issues={issuesFor(issues, 'removed.sealCondition')}
        onChange={(sealCondition) => editor.update((d) => ({ ...d, removed: { ...d.removed, sealCondition } }))}
      />
      <TextField
        field="removed.sealCodes"
        label={t('capture.fields.removedSealCodes')}
        hint={t('capture.fields.removedSealCodesHint')}
        value={removed.sealCodes}
        mono
        issues={issuesFor(issues, 'removed.sealCodes')}
        onChange={(sealCodes) => set({ sealCodes })}
      />
      <SerialField
        field="removed.bagLabel"
        label={t('capture.fields.bagLabel')}
        hint={t('capture.fields.bagLabelHint')}
        scanTitle={t('capture.scanner.bagTitle')}
        value={removed.bagLabel}
        issues={issuesFor(issues, 'removed.bagLabel')}
        onChange={(bagLabel) => set({ bagLabel })}
      />
      <PhotoSection kind="removed_meter" field="removed.photos.meter" editor={editor} customerCode={workOrder.customerCode} issues={issues} />
      <PhotoSection kind="removed_seals" field="removed.photos.seals" editor={editor} customerCode={workOrder.customerCode} issues={issues} />
    </>
  );
}
