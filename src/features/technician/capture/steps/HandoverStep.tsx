import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnsavedChanges } from '../../../../runtime/unsavedChanges';
import { issuesFor } from '../../../../domain/capture/draftIssues';
import type { SignatureDraft, SwapDraft } from '../../../../domain/capture/swapDraft';
import { CheckField, ChoiceGroup } from '../fields/choiceFields';
import { TextField } from '../fields/fields';
import { HandoverSummary } from '../record/HandoverSummary';
import { SignaturePadField } from '../fields/SignaturePadField';
import type { StepProps } from '../stepTypes';

type SignatureKey = 'signature' | 'technicianSignature';

/** Step 4, bàn giao: the customer checks the summary and signs; the technician confirms (and may sign). */
export function HandoverStep({ editor, workOrder, issues }: StepProps) {
  const { t } = useTranslation();
  const h = editor.draft.handover;
  const set = (change: Partial<SwapDraft['handover']>) => editor.update((d) => ({ ...d, handover: { ...d.handover, ...change } }));

  // How many strokes of each signature are known to be on disk: "Đã ký" says so only then, never before the write.
  const [savedStrokes, setSavedStrokes] = useState(() => ({
    signature: h.signature.strokes.length,
    technicianSignature: h.technicianSignature.strokes.length,
  }));

  // New strokes make the saved signature image stale: drop it (and its bytes) in the same save.
  const setStrokes = (key: SignatureKey) => (value: Pick<SignatureDraft, 'strokes' | 'width' | 'height'>) => {
    const previous = editor.draft.handover[key].photoId;
    editor
      .commit((d) => ({ ...d, handover: { ...d.handover, [key]: { ...value, photoId: undefined } } }), {
        remove: previous === undefined ? [] : [previous],
      })
      .then(
        (result) => {
          if (result === 'saved') setSavedStrokes((saved) => ({ ...saved, [key]: value.strokes.length }));
        },
        // The editor keeps the error; the mark stays off.
        () => undefined,
      );
  };

  // Mid-signature the app-update prompt must not reload without asking.
  const signing =
    (h.signature.strokes.length > 0 && h.signature.photoId === undefined) ||
    (h.technicianSignature.strokes.length > 0 && h.technicianSignature.photoId === undefined);
  useUnsavedChanges(signing);

  return (
    <>
      <HandoverSummary draft={editor.draft} customerName={workOrder.customerName} />
      <TextField
        field="handover.signerName"
        label={t('capture.handover.signerName')}
        value={h.signerName}
        autoComplete="name"
        issues={issuesFor(issues, 'handover.signerName')}
        onChange={(signerName) => set({ signerName })}
      />
      <ChoiceGroup
        field="handover.signerRole"
        legend={t('capture.handover.signerRole')}
        choices={(['customer', 'representative'] as const).map((value) => ({ value, label: t(`capture.handover.roles.${value}`) }))}
        value={h.signerRole}
        issues={[]}
        onChange={(signerRole) => set({ signerRole })}
      />
      <TextField
        field="handover.signerPhone"
        label={t('capture.handover.signerPhone')}
        value={h.signerPhone}
        inputMode="tel"
        autoComplete="tel"
        mono
        issues={issuesFor(issues, 'handover.signerPhone')}
        onChange={(signerPhone) => set({ signerPhone })}
      />
      <SignaturePadField
        field="handover.signature"
        label={t('capture.handover.signature')}
        hint={t('capture.handover.signatureHint')}
        value={h.signature}
        saved={savedStrokes.signature === h.signature.strokes.length}
        issues={issuesFor(issues, 'handover.signature')}
        onChange={setStrokes('signature')}
      />
      <CheckField
        field="handover.technicianConfirmed"
        label={t('capture.handover.technicianConfirm')}
        checked={h.technicianConfirmed}
        issues={issuesFor(issues, 'handover.technicianConfirmed')}
        onChange={(technicianConfirmed) => set({ technicianConfirmed })}
      />
      <TextField
        field="handover.sealerName"
        label={t('capture.fields.sealerName')}
        hint={t('capture.fields.sealerNameHint')}
        value={h.sealerName}
        autoComplete="name"
        issues={issuesFor(issues, 'handover.sealerName')}
        onChange={(sealerName) => set({ sealerName })}
      />
      <SignaturePadField
        field="handover.technicianSignature"
        label={t('capture.handover.technicianSignature')}
        value={h.technicianSignature}
        saved={savedStrokes.technicianSignature === h.technicianSignature.strokes.length}
        issues={[]}
        onChange={setStrokes('technicianSignature')}
      />
    </>
  );
}
