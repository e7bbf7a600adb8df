import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesFor } from '../../../../domain/capture/draftIssues';
import { fillFromStock } from '../../../../domain/capture/stockRule';
import { normalizeStockCode } from '../../../../domain/stock/stock';
import { useHeldStock } from '../../../../local';
import { TextField } from '../fields/fields';
import { NameplateFields, PositionFields } from '../fields/InstalledDetailsFields';
import { PhotoSection } from '../fields/PhotoSection';
import { ReadingsFields } from '../fields/ReadingsFields';
import { SealsEditor } from '../fields/SealsEditor';
import { SerialField } from '../fields/SerialField';
import type { StepProps } from '../stepTypes';
import { TransformersEditor } from '../fields/TransformersEditor';

/** The stock rule's doubts (issue 16 §3): with any of them the reason field shows and is required. */
const STOCK_DOUBTS = new Set([
  'stock_serial_not_held',
  'stock_phases_mismatch',
  'stock_verification_expired',
  'stock_seal_not_held',
  'stock_seal_used',
  'stock_seal_voided',
]);

/**
 * Step 2, công tơ treo: serial, model and nameplate, initial index, seals, TI/TU (3-phase), position, photos. A serial
 * the technician holds in stock fills model, manufacture year, verification date and remote-read type; a serial or
 * seal the stock does not back is a warning at its field (the step's validation, swapValidation.ts), and then the
 * technician gives the reason right there, without which the record can't be completed (issue 16 §3).
 */
export function InstalledMeterStep({ editor, workOrder, issues }: StepProps) {
  const { t } = useTranslation();
  const installed = editor.draft.installed;
  const set = (change: Partial<typeof installed>) => editor.update((d) => ({ ...d, installed: { ...d.installed, ...change } }));
  const stock = useHeldStock(workOrder.id);
  const doubted = issues.some((issue) => STOCK_DOUBTS.has(issue.code));
  const held = stock?.meters.get(normalizeStockCode(installed.serial));
  // Filled once per serial that becomes one the technician holds (typed, scanned, or the stock arriving after it);
  // later edits of those fields stay, and a draft resumed with its serial is not filled again.
  const filledFor = useRef(normalizeStockCode(installed.serial));
  useEffect(() => {
    if (held === undefined || filledFor.current === held.code) return;
    filledFor.current = held.code;
    editor.update((d) => ({ ...d, installed: { ...d.installed, ...fillFromStock(held) } }));
  }, [held, editor]);
  return (
    <>
      <SerialField
        field="installed.serial"
        value={installed.serial}
        issues={issuesFor(issues, 'installed.serial')}
        onChange={(serial) => set({ serial })}
      />
      {held !== undefined && (
        <p className="field__hint" role="status">
          {t('capture.stock.filled', { serial: held.code })}
        </p>
      )}
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
      {(doubted || installed.stockNote !== '') && (
        <TextField
          field="installed.stockNote"
          label={t('capture.stock.note')}
          hint={t('capture.stock.noteHint')}
          value={installed.stockNote}
          multiline
          issues={issuesFor(issues, 'installed.stockNote')}
          onChange={(stockNote) => set({ stockNote })}
        />
      )}
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
