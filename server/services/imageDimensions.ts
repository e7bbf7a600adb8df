/**
 * Declared pixel dimensions of a JPEG, PNG or WebP from its first bytes, without decoding it: enough to refuse a
 * decompression bomb (a small file that declares 50,000 × 50,000 pixels) before anything tries to open it.
 */

export interface Dimensions {
  width: number;
  height: number;
}

/** A side longer than this, or more pixels than PHOTO_MAX_PIXELS, is refused (phone cameras: ~8,000 px, 50 MP). */
export const PHOTO_MAX_SIDE = 12_000;
export const PHOTO_MAX_PIXELS = 100_000_000;

/** Bytes read at most to find the dimensions; past them the image counts as "dimensions unknown". */
export const DIMENSION_PROBE_BYTES = 256 * 1024;

/** `more`: the header continues past these bytes; `unknown`: no dimensions can be read (not an image we parse). */
export type DimensionProbe = Dimensions | 'more' | 'unknown';

export function tooManyPixels(d: Dimensions): boolean {
  return d.width > PHOTO_MAX_SIDE || d.height > PHOTO_MAX_SIDE || d.width * d.height > PHOTO_MAX_PIXELS;
}

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32be = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) >>> 0) + ((b[at + 1] ?? 0) << 16) + ((b[at + 2] ?? 0) << 8) + (b[at + 3] ?? 0);
const u24le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16);
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);

function png(b: Uint8Array): DimensionProbe {
  if (b.length < 24) return 'more';
  if (!ascii(b, 12, 'IHDR')) return 'unknown';
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

function webp(b: Uint8Array): DimensionProbe {
  if (b.length < 30) return 'more';
  if (ascii(b, 12, 'VP8X')) return { width: 1 + u24le(b, 24), height: 1 + u24le(b, 27) };
  if (ascii(b, 12, 'VP8L')) {
    const bits = ((b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24)) >>> 0;
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  if (ascii(b, 12, 'VP8 ')) return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return 'unknown';
}

/** Walks the JPEG segments to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC). */
function jpeg(b: Uint8Array): DimensionProbe {
  let at = 2;
  for (;;) {
    if (at >= b.length) return 'more';
    if (b[at] !== 0xff) return 'unknown'; // not a segment: not a JPEG we can read (random bytes after FF D8)
    while (at < b.length && b[at] === 0xff) at++; // fill bytes
    if (at >= b.length) return 'more';
    const marker = b[at] ?? 0;
    at++;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return 'unknown'; // end of image or scan data before any frame
    if (at + 2 > b.length) return 'more';
    const length = u16be(b, at);
    if (length < 2) return 'unknown';
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 8 > b.length) return 'more';
      const precision = b[at + 2] ?? 0;
      const components = b[at + 7] ?? 0;
      // A frame header that is not plausible is no frame header: random bytes must not read as a huge image.
      if (![8, 12, 16].includes(precision) || components < 1 || components > 4) return 'unknown';
      return { height: u16be(b, at + 3), width: u16be(b, at + 5) };
    }
    at += length;
  }
}

/** The dimensions the first bytes declare, 'more' when the header goes on, 'unknown' when none can be read. */
export function probeDimensions(head: Uint8Array): DimensionProbe {
  if (head.length < 12) return 'more';
  if (head[0] === 0xff && head[1] === 0xd8) return jpeg(head);
  if (head[0] === 0x89 && ascii(head, 1, 'PNG\r\n\u001a\n')) return png(head);
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return webp(head);
  return 'unknown';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Whether a PNG's chunks are whole: the signature, IHDR first, every chunk (length, type, data, CRC) inside the
 * bytes, image data, and the IEND that ends it. pdfkit's PNG reader (png-js) loops forever, blocking the whole
 * process, on a PNG whose chunks run past the end, so the handover PDF checks this before it draws one.
 */
export function pngChunksIntact(b: Uint8Array): boolean {
  if (!PNG_SIGNATURE.every((byte, i) => b[i] === byte)) return false;
  let pos = PNG_SIGNATURE.length;
  let sawImageData = false;
  while (pos + 12 <= b.length) {
    const length = u32be(b, pos);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > b.length) return false;
    if (pos === PNG_SIGNATURE.length && !(ascii(b, pos + 4, 'IHDR') && length === 13)) return false;
    if (ascii(b, pos + 4, 'IDAT')) sawImageData = true;
    if (ascii(b, pos + 4, 'IEND')) return sawImageData;
    pos = end;
  }
  return false;
}
