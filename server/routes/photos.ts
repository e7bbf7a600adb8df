import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { ROLES } from '../../src/domain/auth';
import { PhotoId } from '../../src/domain/identifiers';
import type { PhotoUploadResponse } from '../../src/domain/photos';
import { AppError } from '../http/problem';
import { guardedRoute, type Api } from '../http/route';
import { consumeStreamedBody } from '../http/streamedBody';
import type { PhotoDownload, PhotoService } from '../services/photoService';

const PhotoParams = z.object({ photoId: PhotoId });

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

/** Photos and signatures (design §5): upload by content hash, check presence, download for those who may see them. */
export function photoRoutes(api: Api, photos: PhotoService): void {
  guardedRoute(api, ['technician'], {
    method: 'put',
    path: '/photos/:photoId',
    params: PhotoParams,
    handle: async ({ req, res, auth, params }) => {
      // A device gone mid-upload leaves nothing behind: the temporary blob is already gone.
      const uploaded = await consumeStreamedBody(req, res, (upload) => photos.upload(auth, params.photoId, upload));
      if (uploaded === undefined) return;
      const { created, ...photo } = uploaded;
      res.status(created ? 201 : 200).json(photo satisfies PhotoUploadResponse);
    },
  });

  guardedRoute(api, ROLES, {
    method: 'head',
    path: '/photos/:photoId',
    params: PhotoParams,
    handle: async ({ res, auth, params }) => {
      const found = await photos.find(auth, params.photoId);
      if (!found.ok) throw AppError.fromFailure(found.error);
      setPhotoHeaders(res, found.value);
      res.end();
    },
  });

  guardedRoute(api, ROLES, {
    method: 'get',
    path: '/photos/:photoId',
    params: PhotoParams,
    handle: async ({ res, auth, params }) => {
      const found = await photos.find(auth, params.photoId);
      if (!found.ok) throw AppError.fromFailure(found.error);
      setPhotoHeaders(res, found.value);
      try {
        await pipeline(found.value.blob.stream(), res);
      } catch {
        // The client went away mid-download, or the file vanished after the headers: nothing left to answer.
        res.destroy();
      }
    },
  });
}
