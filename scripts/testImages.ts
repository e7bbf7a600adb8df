// Real, minimal images padded to a given size with random bytes in places every decoder skips (JPEG comments, a
// private PNG chunk, an unknown WebP chunk): each call is a new photo (a new SHA-256), and each passes the server's
// image check (server/services/imageCheck.ts) as a device's photo would. For tests, benches and the chaos script.
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** An 8 × 8 baseline JPEG (jpeg-js, quality 50), 619 bytes. */
export const TINY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MBERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIAAgACAMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/ADQv4a8vFHsY3qf/2Q==',
  'base64',
);

/** A 1 × 1 lossless WebP (VP8L), 34 bytes. */
export const TINY_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** The largest payload of one JPEG comment segment (its length field counts itself). */
const COM_MAX = 0xffff - 2;

/**
 * JPEG comment segments (FF FE) of random bytes, `total` bytes in all (0, or at least 4+1): pieces of at most
 * 64 KB, the last two balanced so none is shorter than its own header.
 */
export function jpegComments(total: number, fill: (n: number) => Uint8Array = (n) => randomBytes(n)): Buffer {
  const parts: Buffer[] = [];
  let left = total;
  while (left > 0) {
    let payload = Math.min(COM_MAX, left - 4);
    if (left - (payload + 4) > 0 && left - (payload + 4) < 5) payload -= 5;
    const head = Buffer.from([0xff, 0xfe, ((payload + 2) >> 8) & 0xff, (payload + 2) & 0xff]);
    parts.push(head, Buffer.from(fill(payload)));
    left -= payload + 4;
  }
  return Buffer.concat(parts);
}

/** Random bytes every padded image carries at least, so two of them never share a SHA-256 (one byte did: 1 in 256). */
const MIN_RANDOM_BYTES = 32;

/**
 * A valid JPEG of `size` bytes, random comments after SOI; never smaller than the tiny JPEG plus one comment of
 * MIN_RANDOM_BYTES, so each call is a different photo (tests upload several as different users and expect 201 each).
 */
export function paddedJpeg(size: number): Uint8Array {
  const padding = Math.max(4 + MIN_RANDOM_BYTES, size - TINY_JPEG.length);
  return new Uint8Array(Buffer.concat([TINY_JPEG.subarray(0, 2), jpegComments(padding), TINY_JPEG.subarray(2)]));
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG with these chunks between the signature and IEND (CRCs computed). */
export function pngOf(chunks: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      ...chunks.map(([type, data]) => pngChunk(type, data)),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** An IHDR chunk's data. */
export function pngHeader(width: number, height: number, depth = 8, colourType = 2, interlace = 0): Uint8Array {
  const h = Buffer.alloc(13);
  h.writeUInt32BE(width, 0);
  h.writeUInt32BE(height, 4);
  h.set([depth, colourType, 0, 0, interlace], 8);
  return h;
}

/** A valid 2 × 2 RGB PNG of `size` bytes (at least ~90): a private ancillary chunk of random bytes pads it. */
export function paddedPng(size: number): Uint8Array {
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  const fixed = 8 + 25 + 12 + deflateSync(rows).length + 12 + 12;
  return pngOf([
    ['IHDR', pngHeader(2, 2)],
    ['rnDm', randomBytes(Math.max(MIN_RANDOM_BYTES, size - fixed))],
    ['IDAT', deflateSync(rows)],
  ]);
}

/** A valid 1 × 1 WebP of `size` bytes (at least ~44): an unknown chunk of random bytes after the image. */
export function paddedWebp(size: number): Uint8Array {
  const payload = Math.max(MIN_RANDOM_BYTES, size - TINY_WEBP.length - 8) & ~1;
  const chunkHead = Buffer.alloc(8);
  chunkHead.write('XTRA', 0, 'latin1');
  chunkHead.writeUInt32LE(payload, 4);
  const bytes = Buffer.concat([TINY_WEBP, chunkHead, randomBytes(payload)]);
  bytes.writeUInt32LE(bytes.length - 8, 4);
  return new Uint8Array(bytes);
}

// ---------------------------------------------------------------- images that once hurt the server (issue 13 §2)

/** An RGBA PNG whose chunks are whole (CRCs right) but whose image data is not zlib data: pdfkit inflates an image with alpha to split it, and threw where nothing caught it. */
export function pngWithBadImageData(): Uint8Array {
  return pngOf([
    ['IHDR', pngHeader(64, 48, 8, 6)],
    ['IDAT', Buffer.from('this is not zlib data, whatever the chunk says'.repeat(4), 'latin1')],
  ]);
}

/** A `width` × `height` RGBA PNG of one colour (~390 KB at 10,000 × 10,000): deflated a row at a time, never held whole. */
export async function blankRgbaPng(width = 10_000, height = 10_000): Promise<Uint8Array> {
  const { createDeflate } = await import('node:zlib');
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (piece: Buffer) => parts.push(piece));
  const ended = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const row = Buffer.alloc(1 + width * 4);
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return pngOf([
    ['IHDR', pngHeader(width, height, 8, 6)],
    ['IDAT', Buffer.concat(parts)],
  ]);
}

/** A valid JPEG whose frame header (declaring `width` × `height`) comes after `before` bytes of comments. */
export function jpegWithLateFrame(before = 300 * 1024, width = 65_535, height = 65_535): Uint8Array {
  const rest = Buffer.from(TINY_JPEG.subarray(2));
  const sof = rest.indexOf(Buffer.from([0xff, 0xc0]));
  rest.writeUInt16BE(height, sof + 5);
  rest.writeUInt16BE(width, sof + 7);
  return new Uint8Array(Buffer.concat([TINY_JPEG.subarray(0, 2), jpegComments(before), rest]));
}

/** A whole 32 × 32 RGB PNG with its last 20 bytes cut off (the end of the image data and IEND are missing). */
export function pngCutShort(): Uint8Array {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(32 * 3, 0x7f)]);
  const whole = pngOf([
    ['IHDR', pngHeader(32, 32)],
    ['IDAT', deflateSync(Buffer.concat(Array.from({ length: 32 }, () => row)))],
  ]);
  return whole.subarray(0, whole.length - 20);
}

/** A 4 × 4 PNG whose image data inflates to 100,000 bytes, far past the 52 its header allows: a decompression bomb in small. */
export function pngInflatingPastHeader(): Uint8Array {
  return pngOf([
    ['IHDR', pngHeader(4, 4)],
    ['IDAT', deflateSync(Buffer.alloc(100_000))],
  ]);
}

/** The tiny JPEG with a stray 0x00 between two segments (after 100 bytes of comments), where a marker must be. */
export function jpegWithStrayByte(): Uint8Array {
  return new Uint8Array(Buffer.concat([TINY_JPEG.subarray(0, 2), jpegComments(100), Buffer.from([0x00]), TINY_JPEG.subarray(2)]));
}

/** A stored image that once crashed or froze the server, or that the upload check refuses. */
export interface BadImage {
  name: string;
  mime: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
}

/**
 * Every image of issue 13 §2 the upload check refuses, as old data (stored before the check) would hold them: for
 * tests/server/badImages.test.ts and bench/pdfLoad.ts. The 10,000² PNG takes a few seconds to deflate.
 */
export async function badImages(): Promise<BadImage[]> {
  return [
    { name: 'RGBA PNG whose image data is not zlib data', mime: 'image/png', bytes: pngWithBadImageData() },
    { name: '10,000 × 10,000 RGBA PNG of 390 KB', mime: 'image/png', bytes: await blankRgbaPng(10_000, 10_000) },
    { name: 'JPEG of 65,535² whose frame header is after 300 KB', mime: 'image/jpeg', bytes: jpegWithLateFrame(300 * 1024) },
    { name: 'PNG cut short', mime: 'image/png', bytes: pngCutShort() },
    { name: 'PNG whose data inflates past its header', mime: 'image/png', bytes: pngInflatingPastHeader() },
    { name: 'JPEG with a stray byte between segments', mime: 'image/jpeg', bytes: jpegWithStrayByte() },
  ];
}
