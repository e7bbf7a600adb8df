/**
 * The day of work both sync stacks drain in `npm run bench -- --only sync` (issue 14), defined once: 500 swaps,
 * each ~1.5 KB of JSON, 4 photos of 200 KiB and a 10 KiB signature (≈ 415 MB in all). Deterministic: the same
 * seed gives the same bytes in Node (PouchDB's side) and in Chromium (ours, written into the app's IndexedDB),
 * so both move exactly the same payload. Photo bytes are incompressible (a pseudo-random stream) and every photo
 * is a real JPEG that passes the server's image check: TINY_JPEG's segments after comment segments of those bytes.
 *
 * `workloadPhoto` and `workloadSwapArgs` reference nothing outside themselves: their source is run in the page
 * (`new Function('return ' + fn.toString())()`), so keep them self-contained.
 */
import { TINY_JPEG } from '../../scripts/testImages';

export interface SyncWorkload {
  swaps: number;
  photosPerSwap: number;
  photoBytes: number;
  signatureBytes: number;
  seed: number;
}

export const SYNC_WORKLOAD: SyncWorkload = { swaps: 500, photosPerSwap: 4, photoBytes: 200 * 1024, signatureBytes: 10 * 1024, seed: 14 };

/** The minimal JPEG every workload photo ends with, as plain numbers (what page.evaluate can carry). */
export const WORKLOAD_TINY_JPEG: readonly number[] = [...TINY_JPEG];

/** Bytes of every photo and signature of the workload. */
export function workloadPhotoBytes(w: SyncWorkload): number {
  return w.swaps * (w.photosPerSwap * w.photoBytes + w.signatureBytes);
}

/**
 * Photo `index` of swap `swap` (`index === photosPerSwap` is the signature), `size` bytes: SOI, comment segments
 * of xorshift32 bytes seeded from (seed, swap, index), then TINY_JPEG after its SOI.
 */
export function workloadPhoto(seed: number, swap: number, index: number, size: number, tinyJpeg: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(swap + 1, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) | 0;
  if (x === 0) x = 0x2545f491;
  const words = new Uint32Array(bytes.buffer, 0, size >>> 2);
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  let at = 2;
  let left = size - tinyJpeg.length;
  while (left > 0) {
    let payload = Math.min(0xffff - 2, left - 4);
    if (left - (payload + 4) > 0 && left - (payload + 4) < 5) payload -= 5;
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    bytes[at + 2] = ((payload + 2) >> 8) & 0xff;
    bytes[at + 3] = (payload + 2) & 0xff;
    at += 4 + payload;
    left -= 4 + payload;
  }
  bytes.set(tinyJpeg.slice(2), at);
  return bytes;
}

/** The work order a swap is recorded on (what the device has of it). */
export interface WorkloadOrder {
  id: string;
  version: number;
  oldMeterSerial: string;
  lastBilledReading: number | null;
  lat: number;
  lng: number;
}

/**
 * The `swap.complete` args of swap `swap` (≈ 1.5 KB of JSON): ids and readings derived from the swap's number, the
 * removed meter's photos first, then the installed meter's, the signature apart.
 */
export function workloadSwapArgs(seed: number, swap: number, wo: WorkloadOrder, photoIds: readonly string[], signatureId: string, at: string) {
  const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0');
  const half = Math.floor(photoIds.length / 2);
  return {
    completionId: `${hex(seed, 8)}-${hex(swap, 4)}-4000-8000-${hex(swap * 7919, 12)}`,
    workOrderId: wo.id,
    baseVersion: wo.version,
    removed: {
      serial: wo.oldMeterSerial,
      serialMatches: true,
      readings: { total: (wo.lastBilledReading ?? 0) + 100 + (swap % 50) },
      sealCondition: 'intact',
      photoIds: photoIds.slice(0, half),
    },
    installed: {
      serial: `DT${hex(seed, 4).toUpperCase()}${hex(swap, 6).toUpperCase()}`,
      model: 'DDS26-D',
      readings: { total: 0.3 },
      seals: [
        { code: `TC-${100000 + swap}`, beads: 2 },
        { code: `HB-${200000 + swap}`, beads: 1 },
      ],
      photoIds: photoIds.slice(half),
    },
    gps: { lat: wo.lat, lng: wo.lng, accuracyM: 8, at },
    handover: {
      signerName: 'Nguyễn Thị Hoa',
      signerRole: 'customer',
      signaturePhotoId: signatureId,
      cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
    },
    notes:
      'Công tơ cũ treo trên cột, hộp bảo vệ còn tốt; khách hàng có mặt và đã ký biên bản. Đã hướng dẫn thanh toán qua ví điện tử. Dây dẫn sau công tơ đã cũ, đề nghị khách hàng thay khi có điều kiện; niêm chì hộp công tơ và đầu cốt đã kẹp đủ, ảnh chụp rõ số công tơ và chỉ số.',
    completedAt: at,
  };
}
