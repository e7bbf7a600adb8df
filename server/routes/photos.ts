import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { PhotoBatchResponse, PhotoUploadResponse } from '../../src/domain/capture/photos';
import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import { consumeStreamedBody } from '../http/streamedBody';
import type { PhotoDownload, PhotoService } from '../services/photoService';

/** A photo never changes under its id (content-addressed), but it is one household's evidence: private caches only. */
const PHOTO_CACHE_CONTROL = 'private, max-age=31536000, immutable';

function setPhotoHeaders(res: Response, photo: PhotoDownload): void {
  res.status(200).set({
    'Content-Type': photo.mime,
    'Content-Length': String(photo.blob.size),
    'Cache-Control': PHOTO_CACHE_CONTROL,
    'X-Content-Type-Options': 'nosniff',
  });
}

export interface UploadLimits {
  /** Uploads one user may have running at once (a device sends 4 at a time, and a technician may carry two); beyond, 429 RATE_LIMITED. */
  perUser: number;
  /** A body with no byte for this long is ended and its temporary blob removed. */
  idleMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { perUser: 8, idleMs: 30_000 };
const UPLOAD_RETRY_AFTER_SECONDS = 5;

/** Photos and signatures (design §5): upload by content hash, check presence, download for those who may see them. */
export function photoRoutes(api: Api, photos: PhotoService, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): void {
  // Uploads running per user: stalled uploads each hold a socket, a file descriptor and a temporary file.
  const running = new Map<string, number>();
  /** Runs one upload request (a photo or a batch) within the user's limit of uploads at once. */
  async function limited<T>(userId: string, res: Response, run: () => Promise<T>): Promise<T> {
    const mine = running.get(userId) ?? 0;
    if (mine >= limits.perUser) {
      // The body is not read: close the connection after the answer instead of draining it.
      res.set('Connection', 'close');
      throw new AppError('RATE_LIMITED', `At most ${limits.perUser} uploads at once per user; try again when one has finished.`, {
        retryAfterSeconds: UPLOAD_RETRY_AFTER_SECONDS,
      });
    }
    running.set(userId, mine + 1);
    try {
      return await run();
    } finally {
      const left = (running.get(userId) ?? 1) - 1;
      if (left <= 0) running.delete(userId);
      else running.set(userId, left);
    }
  }

  route(api, 'photos.put', async ({ req, res, auth, params }) => {
    // A device gone mid-upload, or silent for idleMs, leaves nothing behind: the temporary blob is already gone.
    const uploaded = await limited(auth.user.id, res, () =>
      consumeStreamedBody(req, res, (upload) => photos.upload(auth, params.photoId, upload), { idleMs: limits.idleMs }),
    );
    if (uploaded === undefined) return;
    const { created, ...photo } = uploaded;
    res.status(created ? 201 : 200).json(photo satisfies PhotoUploadResponse);
  });

  // Several photos in one request (issue 14); a cut keeps the photos that arrived whole, nothing half-written.
  route(api, 'photos.batch', async ({ req, res, auth }) => {
    const answer = await limited(auth.user.id, res, () =>
      consumeStreamedBody(req, res, (upload) => photos.uploadBatch(auth, upload), { idleMs: limits.idleMs }),
    );
    if (answer === undefined) return;
    res.status(200).json(answer satisfies PhotoBatchResponse);
  });

  route(api, 'photos.head', async ({ res, auth, params }) => {
    const found = await photos.find(auth, params.photoId);
    if (!found.ok) throw AppError.fromFailure(found.error);
    setPhotoHeaders(res, found.value);
    res.end();
  });

  route(api, 'photos.get', async ({ res, auth, params }) => {
    const found = await photos.find(auth, params.photoId);
    if (!found.ok) throw AppError.fromFailure(found.error);
    setPhotoHeaders(res, found.value);
    try {
      await pipeline(found.value.blob.stream(), res);
    } catch {
      // The client went away mid-download, or the file vanished after the headers: nothing left to answer.
      res.destroy();
    }
  });
}
