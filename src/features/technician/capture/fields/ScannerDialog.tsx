import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeReader } from '../../../../platform/barcode';
import { openRearCamera, type CameraSession } from '../../../../platform/camera';

/** Frames are read this often: enough to feel instant, little enough for a cheap phone's CPU. */
const SCAN_INTERVAL_MS = 250;

type Status = 'loading' | 'aim' | 'several' | 'denied' | 'unavailable' | 'notFound' | 'failed';

type Reading = { kind: 'none' } | { kind: 'one'; value: string } | { kind: 'several' };

/** One code → that value; several → ask for one; none → keep looking. */
function single(values: readonly string[]): Reading {
  const distinct = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
  const [first] = distinct;
  if (first === undefined) return { kind: 'none' };
  return distinct.length === 1 ? { kind: 'one', value: first } : { kind: 'several' };
}

/**
 * Camera scanner for a meter serial (barcode or QR), one code at a time, torch where the phone has
 * one, and "scan from a photo" for when the live camera is refused. Closing it leaves manual entry.
 */
export function ScannerDialog({ onResult, onClose, title }: { onResult: (value: string) => void; onClose: () => void; title?: string }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const reader = useRef<Promise<CodeReader> | null>(null);
  const [camera, setCamera] = useState<CameraSession | null>(null);
  const [torch, setTorch] = useState(false);
  const [status, setStatus] = useState<Status>('loading');
  const done = useRef(false);

  const getReader = () => (reader.current ??= import('../../../../platform/barcode').then((m) => m.loadCodeReader()));

  const deliver = (value: string) => {
    if (done.current) return;
    done.current = true;
    onResult(value);
  };

  useEffect(() => {
    let session: CameraSession | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const life = { stopped: false };
    const loop = async (codeReader: CodeReader) => {
      const element = video.current;
      if (life.stopped || element === null) return;
      if (element.readyState >= 2) {
        const found = single((await codeReader.detect(element).catch(() => [])).map((c) => c.rawValue));
        if (found.kind === 'several') setStatus('several');
        else if (found.kind === 'one') return deliver(found.value);
        else setStatus('aim');
      }
      timer = setTimeout(() => void loop(codeReader), SCAN_INTERVAL_MS);
    };
    void (async () => {
      const opened = await openRearCamera();
      if (life.stopped) {
        if (opened.ok) opened.session.stop();
        return;
      }
      if (!opened.ok) {
        setStatus(opened.error === 'denied' ? 'denied' : 'unavailable');
        return;
      }
      session = opened.session;
      setCamera(session);
      if (video.current !== null) {
        video.current.srcObject = session.stream;
        await video.current.play().catch(() => undefined);
      }
      setStatus('aim');
      const codeReader = await getReader().catch(() => null);
      if (codeReader === null) setStatus('failed');
      else void loop(codeReader);
    })();
    return () => {
      life.stopped = true;
      if (timer !== null) clearTimeout(timer);
      session?.stop();
    };
    // The camera opens once per dialog; getReader and deliver only read refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const fromPhoto = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    try {
      const bitmap = await createImageBitmap(file);
      const found = single((await (await getReader()).detect(bitmap)).map((c) => c.rawValue));
      bitmap.close();
      if (found.kind === 'several') setStatus('several');
      else if (found.kind === 'none') setStatus('notFound');
      else deliver(found.value);
    } catch {
      setStatus('failed');
    }
  };

  return (
    <div className="dialog-backdrop">
      <div className="dialog scanner" role="dialog" aria-modal="true" aria-labelledby="scanner-title">
        <h2 id="scanner-title" className="dialog__title">
          {title ?? t('capture.scanner.title')}
        </h2>
        <video ref={video} className="scanner__video" muted playsInline aria-hidden="true" />
        <p className={status === 'aim' || status === 'loading' ? 'scanner__status' : 'notice notice--warning'} role="status">
          {t(`capture.scanner.${status}`)}
        </p>
        <div className="dialog__actions">
          {camera?.torchSupported === true && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void camera.setTorch(!torch).then((ok) => ok && setTorch(!torch))}
            >
              {torch ? t('capture.scanner.torchOff') : t('capture.scanner.torchOn')}
            </button>
          )}
          <label className="button button--secondary">
            {t('capture.scanner.fromPhoto')}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              className="visually-hidden"
              data-testid="scan-photo"
              onChange={(e) => void fromPhoto(e)}
            />
          </label>
          <button type="button" className="button button--primary" onClick={onClose}>
            {t('capture.scanner.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
