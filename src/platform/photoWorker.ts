/**
 * Photo worker: resizing, stamping and JPEG encoding of a 12-megapixel photo take seconds on a cheap
 * phone, so they run here and the form stays responsive. Same-origin module file (CSP worker-src
 * 'self'), precached with the shell: no blob: worker, no CDN script.
 */
import { PhotoDecodeError, processPhoto } from './photoPipeline';

export interface PhotoWorkerRequest {
  id: number;
  file: Blob;
  stampLines: string[];
}

export type PhotoWorkerResponse =
  | { id: number; ok: true; photo: Awaited<ReturnType<typeof processPhoto>> }
  | { id: number; ok: false; error: 'decode' | 'unsupported' | 'failed'; message: string };

addEventListener('message', (event: MessageEvent<PhotoWorkerRequest>) => {
  const { id, file, stampLines } = event.data;
  const reply = (message: PhotoWorkerResponse, transfer: Transferable[] = []) => {
    postMessage(message, { transfer });
  };
  if (typeof OffscreenCanvas !== 'function' || typeof createImageBitmap !== 'function') {
    reply({ id, ok: false, error: 'unsupported', message: 'no OffscreenCanvas in workers' });
    return;
  }
  processPhoto(file, stampLines).then(
    (photo) => reply({ id, ok: true, photo }, [photo.bytes]),
    (cause: unknown) => reply({ id, ok: false, error: cause instanceof PhotoDecodeError ? 'decode' : 'failed', message: String(cause) }),
  );
});
