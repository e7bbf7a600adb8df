import * as z from 'zod/mini';
import { PhotoId } from './identifiers';
import { PHOTO_BATCH_CONTENT_TYPE, PHOTO_BATCH_MANIFEST_MAX_BYTES, PHOTO_BATCH_MAX_BYTES, PHOTO_BATCH_MAX_PHOTOS } from '../protocol/limits';

/** Largest photo or signature the server accepts (design §5): 5 MiB. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

export const PHOTO_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PhotoMime = z.enum(PHOTO_MIME_TYPES);
export type PhotoMime = z.infer<typeof PhotoMime>;

/** Bytes `sniffImageType` needs to decide (the WEBP signature ends at byte 12). */
export const PHOTO_SNIFF_BYTES = 12;

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
}

/** The image type by its magic bytes (never by name or header): JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, WEBP RIFF....WEBP. */
export function sniffImageType(head: Uint8Array): PhotoMime | null {
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  return null;
}

/** Answer of `PUT /api/v1/photos/:photoId` (201 stored now, 200 already stored). */
export const PhotoUploadResponse = z.object({
  id: PhotoId,
  mime: PhotoMime,
  bytes: z.number().check(z.int(), z.positive()),
});
export type PhotoUploadResponse = z.infer<typeof PhotoUploadResponse>;

/** Whether a completion's photos have all reached the server ("awaiting photos" until then). */
export const MEDIA_STATUSES = ['partial', 'complete'] as const;
export const MediaStatus = z.enum(MEDIA_STATUSES);
export type MediaStatus = z.infer<typeof MediaStatus>;

/** Every photo and signature a completion references, once each. */
export function completionPhotoIds(args: {
  removed: { photoIds: readonly string[] };
  installed: { photoIds: readonly string[] };
  handover: { signaturePhotoId: string; technicianSignaturePhotoId?: string | undefined };
}): string[] {
  const ids = [...args.removed.photoIds, ...args.installed.photoIds, args.handover.signaturePhotoId];
  if (args.handover.technicianSignaturePhotoId !== undefined) ids.push(args.handover.technicianSignaturePhotoId);
  return [...new Set(ids)];
}

/**
 * `POST /api/v1/photos` (issue 14): several photos in one request. The body is one line of JSON, the manifest
 * (`{"photos":[{"id","type","bytes"}]}` and a newline, at most PHOTO_BATCH_MANIFEST_MAX_BYTES), then each photo's
 * bytes in the manifest's order, back to back. Each photo is checked, hashed and made durable as in `PUT` (its blob
 * while the next one streams in); the rows of the whole ones are committed together when the body ends, also when it
 * is cut (a cut mid-batch keeps the photos that arrived whole); the answer, after that commit, gives each photo's
 * outcome in the manifest's order.
 */
export { PHOTO_BATCH_CONTENT_TYPE, PHOTO_BATCH_MANIFEST_MAX_BYTES, PHOTO_BATCH_MAX_BYTES, PHOTO_BATCH_MAX_PHOTOS };

export const PhotoBatchManifest = z.object({
  photos: z
    .array(
      z.object({
        id: PhotoId,
        /** What `PUT` takes from Content-Type: must name an image type; the stored type comes from the bytes. */
        type: z.string().check(z.maxLength(100)),
        bytes: z.number().check(z.int(), z.positive(), z.lte(PHOTO_MAX_BYTES)),
      }),
    )
    .check(z.minLength(1), z.maxLength(PHOTO_BATCH_MAX_PHOTOS)),
});
export type PhotoBatchManifest = z.infer<typeof PhotoBatchManifest>;

/** One photo's outcome: `created` (201 of a PUT), `stored` (already there, 200), or `refused` for good with the PUT's code. */
export const PhotoBatchItem = z.union([
  z.object({ id: PhotoId, outcome: z.enum(['created', 'stored']), mime: PhotoMime, bytes: z.number().check(z.int(), z.positive()) }),
  z.object({ id: PhotoId, outcome: z.literal('refused'), code: z.string(), detail: z.string() }),
]);
export type PhotoBatchItem = z.infer<typeof PhotoBatchItem>;

export const PhotoBatchResponse = z.object({ results: z.array(PhotoBatchItem) });
export type PhotoBatchResponse = z.infer<typeof PhotoBatchResponse>;
