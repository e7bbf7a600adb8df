import SignaturePad, { type PointGroup } from 'signature_pad';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftIssue } from '../../../../domain/capture/draftIssues';
import type { SignatureDraft, SignatureStroke } from '../../../../domain/capture/swapDraft';
import { FieldMessages } from './fields';
import { fieldId } from '../issueText';

export const PEN = { penColor: '#111827', backgroundColor: 'rgb(255, 255, 255)', minWidth: 1.2, maxWidth: 3.2 } as const;

/** Strokes drawn on a pad of one size, moved onto a pad of another (rotation, resize, another device). */
export function scaleStrokes(
  strokes: readonly SignatureStroke[],
  from: { width: number; height: number },
  to: { width: number; height: number },
): PointGroup[] {
  const sx = from.width > 0 ? to.width / from.width : 1;
  const sy = from.height > 0 ? to.height / from.height : 1;
  return strokes.map((stroke) => ({
    ...(stroke as unknown as PointGroup),
    points: stroke.points.map((p) => ({ ...p, x: p.x * sx, y: p.y * sy })),
  }));
}

/**
 * A full-width finger signature pad. The strokes live in the draft (saved after every stroke), so a
 * rotation, a resize or a reload redraws them (toData/fromData) instead of losing the signature.
 */
export function SignaturePadField(props: {
  field: string;
  label: string;
  hint?: string;
  value: SignatureDraft;
  /** The strokes shown are on disk: only then does the pad say "Đã ký". */
  saved: boolean;
  onChange: (value: Pick<SignatureDraft, 'strokes' | 'width' | 'height'>) => void;
  issues: readonly DraftIssue[];
}) {
  const { t } = useTranslation();
  const { field, label, hint, value, saved, onChange, issues } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const valueRef = useRef(value);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    valueRef.current = value;
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const pad = new SignaturePad(canvas, PEN);
    padRef.current = pad;
    const size = () => ({ width: canvas.offsetWidth, height: canvas.offsetHeight });
    const fit = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const { width, height } = size();
      if (width === 0 || height === 0) return;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      const stored = valueRef.current;
      if (stored.strokes.length > 0) pad.fromData(scaleStrokes(stored.strokes, stored, { width, height }));
    };
    const onEnd = () => onChangeRef.current({ strokes: pad.toData() as unknown as SignatureStroke[], ...size() });
    pad.addEventListener('endStroke', onEnd);
    const observer = new ResizeObserver(fit);
    observer.observe(canvas);
    fit();
    return () => {
      observer.disconnect();
      pad.removeEventListener('endStroke', onEnd);
      pad.off();
      padRef.current = null;
    };
  }, []);

  const id = fieldId(field);
  return (
    <div className="signature" data-field={field} id={id}>
      <p className="field__label" id={`${id}-label`}>
        {label}
      </p>
      {hint !== undefined && <p className="field__hint">{hint}</p>}
      <canvas ref={canvasRef} className="signature__pad" role="img" aria-labelledby={`${id}-label`} data-testid={`pad-${field}`} />
      <div className="signature__actions">
        {value.strokes.length > 0 && saved && <span className="signature__signed">{t('capture.handover.signed')}</span>}
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            padRef.current?.clear();
            const canvas = canvasRef.current;
            onChange({ strokes: [], width: canvas?.offsetWidth ?? 0, height: canvas?.offsetHeight ?? 0 });
          }}
        >
          {t('capture.handover.clear')}
        </button>
      </div>
      <FieldMessages id={`${id}-msg`} issues={issues} />
    </div>
  );
}
