import { PhotoDecodeError, processPhoto, type ProcessedPhoto } from './photoPipeline';
import type { PhotoWorkerRequest, PhotoWorkerResponse } from './photoWorker';

export { PhotoDecodeError, type ProcessedPhoto } from './photoPipeline';

/** Turns a picked camera or gallery file into a stored-ready photo. */
export interface PhotoProcessor {
  process(file: Blob, stampLines: string[]): Promise<ProcessedPhoto>;
  /** Stops the worker (the capture screen closed). */
  dispose(): void;
}

type Pending = { resolve: (photo: ProcessedPhoto) => void; reject: (error: unknown) => void; file: Blob; stampLines: string[] };

/**
 * Processes photos in a module worker, one worker for the capture session. Where workers cannot
 * draw (no OffscreenCanvas there: Safari before 16.4) or the worker fails to start, the same
 * pipeline runs on the main thread: slower, but the photo is never refused for it.
 */
export function createPhotoProcessor(): PhotoProcessor {
  let worker: Worker | null = null;
  let workerUsable = typeof Worker === 'function';
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const onMainThread = (job: Pending) => {
    processPhoto(job.file, job.stampLines).then(job.resolve, job.reject);
  };

  const failAllToMainThread = () => {
    workerUsable = false;
    worker?.terminate();
    worker = null;
    const jobs = [...pending.values()];
    pending.clear();
    jobs.forEach(onMainThread);
  };

  const start = (): Worker => {
    const created = new Worker(new URL('./photoWorker.ts', import.meta.url), { type: 'module', name: 'photos' });
    created.addEventListener('message', (event: MessageEvent<PhotoWorkerResponse>) => {
      const message = event.data;
      const job = pending.get(message.id);
      if (job === undefined) return;
      pending.delete(message.id);
      if (message.ok) job.resolve(message.photo);
      else if (message.error === 'unsupported') {
        workerUsable = false;
        onMainThread(job);
      } else if (message.error === 'decode') job.reject(new PhotoDecodeError(message.message));
      else job.reject(new Error(message.message));
    });
    created.addEventListener('error', failAllToMainThread);
    return created;
  };

  return {
    process(file, stampLines) {
      return new Promise<ProcessedPhoto>((resolve, reject) => {
        const job: Pending = { resolve, reject, file, stampLines };
        if (!workerUsable) {
          onMainThread(job);
          return;
        }
        try {
          worker ??= start();
        } catch {
          workerUsable = false;
          onMainThread(job);
          return;
        }
        const id = nextId++;
        pending.set(id, job);
        const request: PhotoWorkerRequest = { id, file, stampLines };
        worker.postMessage(request);
      });
    },
    dispose() {
      worker?.terminate();
      worker = null;
    },
  };
}
