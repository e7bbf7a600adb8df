import * as z from 'zod/mini';
import { PhotoId } from './identifiers';

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
