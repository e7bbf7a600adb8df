import SignaturePad from 'signature_pad';
import type { SignatureDraft } from '../../../../domain/capture/swapDraft';
import { sha256Hex } from '../../../../platform/digest';
import { PEN, scaleStrokes } from './SignaturePadField';
import type { DraftEditor } from '../useDraftEditor';

/** Pixels per CSS pixel of the stored signature image: sharp on paper, a few tens of KB as PNG. */
const EXPORT_SCALE = 2;

/**
 * Renders the stored strokes on a fresh canvas and returns the PNG with its SHA-256 (the signature's
 * photo id). Rendering from the strokes, not from the pad on screen, gives the same image whatever
 * happened to the screen since (rotation, a reload).
 */
export async function exportSignature(signature: SignatureDraft): Promise<{ photoId: string; mime: 'image/png'; bytes: ArrayBuffer }> {
  const width = Math.max(1, Math.round(signature.width));
  const height = Math.max(1, Math.round(signature.height));
  const canvas = document.createElement('canvas');
  canvas.width = width * EXPORT_SCALE;
  canvas.height = height * EXPORT_SCALE;
  canvas.getContext('2d')?.scale(EXPORT_SCALE, EXPORT_SCALE);
  const pad = new SignaturePad(canvas, PEN);
  pad.clear();
  pad.fromData(scaleStrokes(signature.strokes, signature, { width, height }));
  pad.off();
  const blob = await new Promise<Blob>((resolve, reject) => {
    canvas.toBlob((b) => (b === null ? reject(new Error('PNG encoding failed')) : resolve(b)), 'image/png');
  });
  const bytes = await blob.arrayBuffer();
  return { photoId: await sha256Hex(bytes), mime: 'image/png', bytes };
}

/**
 * Saves an image for each signature that has strokes but no image yet (leaving the handover step),
 * all in one transaction with the draft.
 */
export async function saveSignatureImages(editor: Pick<DraftEditor, 'current' | 'commit'>): Promise<void> {
  const draft = editor.current();
  const keys = (['signature', 'technicianSignature'] as const).filter((key) => {
    const signature = draft.handover[key];
    return signature.strokes.length > 0 && signature.photoId === undefined;
  });
  if (keys.length === 0) return;
  const images = await Promise.all(keys.map((key) => exportSignature(draft.handover[key])));
  await editor.commit(
    (d) => {
      const handover = { ...d.handover };
      keys.forEach((key, i) => {
        handover[key] = { ...handover[key], photoId: images[i]?.photoId };
      });
      return { ...d, handover };
    },
    { add: images },
  );
}
