import type { GpsFix } from '../map/geo';
import { formatCoordinates } from '../format/numberFormat';
import { formatDateTime, isoDayInVietnam } from '../time/time';

/**
 * Below this much free space (bytes) a new photo is refused before anything is written: a day of
 * photos is about 40 × 300 KB, and IndexedDB needs room for its own journal on top.
 */
export const STORAGE_MIN_FREE_BYTES = 50 * 1024 * 1024;

export type StorageAssessment = { status: 'unknown' } | { status: 'ok' | 'low'; usedBytes: number; freeBytes: number };

/** Whether there is room for another photo, from `navigator.storage.estimate()` (null when unsupported). */
export function assessStorage(estimate: { usage: number; quota: number } | null, minFreeBytes = STORAGE_MIN_FREE_BYTES): StorageAssessment {
  if (estimate === null || estimate.quota <= 0) return { status: 'unknown' };
  const freeBytes = Math.max(0, estimate.quota - estimate.usage);
  return { status: freeBytes < minFreeBytes ? 'low' : 'ok', usedBytes: estimate.usage, freeBytes };
}

/** Photo processing targets (issue 3): long edge, JPEG quality, size goal. */
export const PHOTO_MAX_EDGE_PX = 1600;
export const PHOTO_JPEG_QUALITY = 0.7;
export const PHOTO_TARGET_BYTES = 300 * 1024;
/** Lowest quality tried while aiming for the size goal; below it the photo keeps its size. */
export const PHOTO_MIN_JPEG_QUALITY = 0.4;

/**
 * The evidence stamp burnt into every photo: customer code and what the photo shows, then the
 * Vietnam date-time (dd/MM/yyyy HH:mm) and the position with its accuracy.
 */
export function photoStampLines(input: {
  customerCode: string;
  kindLabel: string;
  at: Date;
  gps: Pick<GpsFix, 'lat' | 'lng' | 'accuracyM'> | null;
  noGpsLabel: string;
}): string[] {
  const position =
    input.gps === null ? input.noGpsLabel : `GPS ${formatCoordinates(input.gps.lat, input.gps.lng)} ±${Math.round(input.gps.accuracyM)} m`;
  return [`${input.customerCode} · ${input.kindLabel}`, `${formatDateTime(input.at)} · ${position}`];
}

/** Handover record number (số biên bản): the Vietnam day and the first 8 hex digits of the completion id. */
export function handoverRecordNumber(completionId: string, completedAt: string): string {
  const day = isoDayInVietnam(new Date(completedAt)).replace(/-/g, '');
  return `BB-${day}-${completionId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}
