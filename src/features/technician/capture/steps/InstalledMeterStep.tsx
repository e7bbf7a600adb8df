import { useTranslation } from 'react-i18next';
import { issuesFor } from '../../../../domain/capture/draftIssues';
import { TextField } from '../fields/fields';
import { NameplateFields, PositionFields } from '../fields/InstalledDetailsFields';
import { PhotoSection } from '../fields/PhotoSection';
import { ReadingsFields } from '../fields/ReadingsFields';
import { SealsEditor } from '../fields/SealsEditor';
import { SerialField } from '../fields/SerialField';
import type { StepProps } from '../stepTypes';
import { TransformersEditor } from '../fields/TransformersEditor';

/** Step 2, công tơ treo: serial, model and nameplate, initial index, seals, TI/TU (3-phase), position, photos. */
export function InstalledMeterStep({ editor, workOrder, issues }: StepProps) {
  const { t } = useTranslation();
  const installed = editor.draft.installed;
  const set = (change: Partial<typeof installed>) => editor.update((d) => ({ ...d, installed: { ...d.installed, ...change } }));
  return (
    <>
      <SerialField
        field="installed.serial"
        value={installed.serial}
        issues={issuesFor(issues, 'installed.serial')}
        onChange={(serial) => set({ serial })}
      />
      <TextField
        field="installed.model"
        label={t('capture.fields.model')}
        value={installed.model}
        issues={issuesFor(issues, 'installed.model')}
        onChange={(model) => set({ model })}
      />
      <NameplateFields installed={installed} issues={issues} set={set} />
      <ReadingsFields
        prefix="installed.readings"
        label={t('capture.fields.installedReading')}
        value={installed.readings}
        issues={issues}
        onChange={(readings) => set({ readings })}
      />
      <SealsEditor seals={installed.seals} issues={issues} onChange={(seals) => set({ seals })} />
      {workOrder.phases === 3 && (
        <TransformersEditor
          rows={installed.transformers}
          multiplier={installed.multiplier}
          issues={issues}
          onRows={(transformers) => set({ transformers })}
          onMultiplier={(multiplier) => set({ multiplier })}
        />
      )}
      <PositionFields installed={installed} issues={issues} set={set} />
      <PhotoSection kind="installed_meter" field="installed.photos.meter" editor={editor} customerCode={workOrder.customerCode} issues={issues} />
      <PhotoSection kind="installed_seals" field="installed.photos.seals" editor={editor} customerCode={workOrder.customerCode} issues={issues} />
      <PhotoSection kind="installation" field="installed.photos.installation" editor={editor} customerCode={workOrder.customerCode} issues={issues} />
    </>
  );
}
