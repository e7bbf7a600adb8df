import { createInflate, crc32, type Inflate } from 'node:zlib';

/**
 * Checks an uploaded image in full while it streams in, once, at upload: every byte the server (and pdfkit, when it
 * draws the handover PDF) will ever read is read here first, with nothing held beyond a segment header.
 *
 * - PNG: every chunk whole and its CRC right, IHDR first and valid, the image data inflated (zlib, streaming, capped
 *   at the exact size its header implies) with a valid filter byte on every row, IEND at the end.
 * - JPEG: the segments walked from SOI to the first scan, strictly (one FF per marker, no stray bytes), wherever the
 *   frame header is; its dimensions are the image's. pdfkit embeds a JPEG as it is (DCTDecode) after the same walk,
 *   so the server never decodes its pixels; a strict walk guarantees pdfkit's lenient one lands on the same frame.
 * - WebP: the RIFF chunks whole, the image chunk's header and dimensions (pdfkit cannot draw WebP at all).
 *
 * Then the pixel budget: a device stores at most 1600 px per side, so ≤ 8192 px per side, ≤ 16 MP and ≤ 64 MiB
 * decoded leave a wide margin and no decompression bomb.
 */

export const IMAGE_MAX_SIDE = 8192;
export const IMAGE_MAX_PIXELS = 16_000_000;
export const IMAGE_MAX_DECODED_BYTES = 64 * 1024 * 1024;

export type ImageRefusal = { code: 'PHOTO_UNREADABLE'; detail: string } | { code: 'PAYLOAD_TOO_LARGE'; detail: string };

export interface ImageFacts {
  width: number;
  height: number;
}

export type ImageVerdict = { ok: true; image: ImageFacts } | { ok: false; refusal: ImageRefusal };

const unreadable = (detail: string): ImageVerdict => ({ ok: false, refusal: { code: 'PHOTO_UNREADABLE', detail } });

/**
 * Over budget, or null. `bytesPerPixel` is what a decoder holds per pixel; at least 4 (RGBA), as pdfkit's PNG reader
 * and browsers expand to it.
 */
export function overBudget(width: number, height: number, bytesPerPixel = 4): ImageRefusal | null {
  const pixels = width * height;
  if (
    width > IMAGE_MAX_SIDE ||
    height > IMAGE_MAX_SIDE ||
    pixels > IMAGE_MAX_PIXELS ||
    pixels * Math.max(4, bytesPerPixel) > IMAGE_MAX_DECODED_BYTES
  ) {
    return {
      code: 'PAYLOAD_TOO_LARGE',
      detail: `The image has ${width} × ${height} pixels; at most ${IMAGE_MAX_SIDE} per side, ${IMAGE_MAX_PIXELS} in all and ${IMAGE_MAX_DECODED_BYTES} bytes decoded.`,
    };
  }
  return null;
}

/** What a parser asks of the bytes: the next `n` bytes, or to pass `n` bytes (each piece to `sink`, when given). */
type Need = { read: number } | { skip: number; sink?: (piece: Uint8Array) => void };
/** A parser: yields its needs, gets the bytes it read (an empty array after a skip), returns its verdict. */
type Parser = Generator<Need, Verdict, Uint8Array>;
/** The parser's verdict; a PNG's waits for its inflater. */
type Verdict = ImageVerdict | Promise<ImageVerdict>;

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));
const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32be = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) >>> 0) + ((b[at + 1] ?? 0) << 16) + ((b[at + 2] ?? 0) << 8) + (b[at + 3] ?? 0);
const u32le = (b: Uint8Array, at: number): number =>
  ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16);

// ---------------------------------------------------------------- PNG

/** Bit depths allowed per colour type, and samples per pixel (PNG spec, table 11.1). */
const PNG_COLOUR_TYPES: Record<number, { depths: number[]; samples: number }> = {
  0: { depths: [1, 2, 4, 8, 16], samples: 1 },
  2: { depths: [8, 16], samples: 3 },
  3: { depths: [1, 2, 4, 8], samples: 1 },
  4: { depths: [8, 16], samples: 2 },
  6: { depths: [8, 16], samples: 4 },
};

/** Adam7 passes: [x start, y start, x step, y step]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Rows of the filtered image data, pass by pass: each row is a filter byte and `bytes` more. */
function pngRows(width: number, height: number, bitsPerPixel: number, interlaced: boolean): { rows: number; bytes: number }[] {
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  if (!interlaced) return [{ rows: height, bytes: rowBytes(width) }];
  return ADAM7.map(([x0, y0, dx, dy]) => {
    const w = Math.ceil(Math.max(0, width - x0) / dx);
    const h = Math.ceil(Math.max(0, height - y0) / dy);
    return w === 0 || h === 0 ? { rows: 0, bytes: 0 } : { rows: h, bytes: rowBytes(w) };
  });
}

/**
 * Inflates the image data as it arrives and checks it without keeping it: exactly the size the header implies (a
 * byte more and it stops: no bomb), a filter type 0–4 at the start of every row, a complete zlib stream.
 */
class PngDataCheck {
  // Output pieces of 64 KiB, not zlib's default 16: a photo-sized PNG inflates to megabytes, and each piece is an
  // event and a row walk; a bomb still stops within one piece past the size the header implies.
  private readonly inflate: Inflate = createInflate({ chunkSize: 64 * 1024 });
  private readonly rows: { rows: number; bytes: number }[];
  private readonly expected: number;
  private produced = 0;
  private pass = 0;
  private rowLeft = 0;
  private rowsLeft: number;
  private failure: string | null = null;
  readonly settled: Promise<ImageVerdict>;

  constructor(
    width: number,
    height: number,
    bitsPerPixel: number,
    interlaced: boolean,
    private readonly image: ImageFacts,
  ) {
    this.rows = pngRows(width, height, bitsPerPixel, interlaced);
    this.expected = this.rows.reduce((n, p) => n + p.rows * (1 + p.bytes), 0);
    this.rowsLeft = this.rows[0]?.rows ?? 0;
    this.settled = new Promise((resolve) => {
      this.inflate.on('data', (piece: Buffer) => this.check(piece));
      this.inflate.on('error', () => {
        this.failure ??= 'The image data is not valid zlib data.';
        resolve(unreadable(this.failure));
      });
      this.inflate.on('end', () => {
        if (this.failure === null && this.produced !== this.expected)
          this.failure = `The image data inflates to ${this.produced} bytes, not ${this.expected}.`;
        resolve(this.failure === null ? { ok: true, image: this.image } : unreadable(this.failure));
      });
    });
  }

  /** Why the data is already known to be bad, or null. */
  get failed(): string | null {
    return this.failure;
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    this.inflate.destroy(new Error(reason));
  }

  private check(piece: Buffer): void {
    if (this.failure !== null) return;
    this.produced += piece.length;
    if (this.produced > this.expected) return this.fail(`The image data inflates to more than the ${this.expected} bytes its header implies.`);
    let at = 0;
    while (at < piece.length) {
      if (this.rowLeft === 0) {
        while (this.rowsLeft === 0) this.rowsLeft = this.rows[++this.pass]?.rows ?? 0;
        if ((piece[at] ?? 0) > 4) return this.fail('A row of the image data has an unknown filter type.');
        at++;
        this.rowLeft = this.rows[this.pass]?.bytes ?? 0;
        this.rowsLeft--;
        continue;
      }
      const n = Math.min(this.rowLeft, piece.length - at);
      this.rowLeft -= n;
      at += n;
    }
  }

  write(piece: Uint8Array): void {
    if (this.failure === null) this.inflate.write(piece);
  }

  end(): void {
    if (this.failure === null) this.inflate.end();
  }

  dispose(): void {
    this.inflate.destroy();
  }
}

function* png(track: (check: PngDataCheck) => void): Parser {
  yield { read: 8 }; // the signature, already sniffed
  let image: ImageFacts | null = null;
  let data: PngDataCheck | null = null;
  let palette = false;
  let colourType = 0;
  let dataState: 'before' | 'in' | 'after' = 'before';
  for (;;) {
    const head = yield { read: 8 };
    const length = u32be(head, 0);
    const type = ascii(head, 4, 4);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) return unreadable('A PNG chunk header is damaged.');
    if (image === null && type !== 'IHDR') return unreadable('A PNG starts with its IHDR chunk.');
    if (dataState === 'in' && type !== 'IDAT') dataState = 'after';
    let crc = crc32(head.subarray(4, 8));
    if (type === 'IHDR') {
      if (image !== null || length !== 13) return unreadable('A PNG has one 13-byte IHDR chunk.');
      const h = yield { read: 13 };
      crc = crc32(h, crc);
      const width = u32be(h, 0);
      const height = u32be(h, 4);
      const depth = h[8] ?? 0;
      colourType = h[9] ?? 0;
      const kind = PNG_COLOUR_TYPES[colourType];
      if (width === 0 || height === 0) return unreadable('The PNG declares no pixels.');
      // The declared size first: a bomb's header is refused as too large whatever else it says.
      const declaredTooLarge = overBudget(width, height);
      if (declaredTooLarge !== null) return { ok: false, refusal: declaredTooLarge };
      if (kind === undefined || !kind.depths.includes(depth) || h[10] !== 0 || h[11] !== 0 || (h[12] ?? 2) > 1)
        return unreadable('The PNG header is not valid.');
      const bitsPerPixel = depth * kind.samples;
      const tooLarge = overBudget(width, height, (bitsPerPixel / 8) * (colourType === 3 ? 4 : 1));
      if (tooLarge !== null) return { ok: false, refusal: tooLarge };
      image = { width, height };
      data = new PngDataCheck(width, height, bitsPerPixel, h[12] === 1, image);
      track(data);
    } else if (type === 'IDAT') {
      if (dataState === 'after') return unreadable('The PNG image data is split by other chunks.');
      if (colourType === 3 && !palette) return unreadable('An indexed PNG has no palette before its image data.');
      dataState = 'in';
      const sink = data;
      yield {
        skip: length,
        sink: (piece) => {
          crc = crc32(piece, crc);
          sink?.write(piece);
        },
      };
    } else if (type === 'IEND') {
      if (length !== 0) return unreadable('The IEND chunk of a PNG is empty.');
      if (dataState === 'before') return unreadable('The PNG has no image data.');
    } else {
      // An unknown critical chunk (upper-case first letter) means the image cannot be read correctly (PNG spec 5.4).
      if (type === 'PLTE') {
        if (length === 0 || length % 3 !== 0 || length > 768) return unreadable('The PNG palette is not valid.');
        palette = true;
      } else if (/^[A-Z]/.test(type) && type !== 'PLTE') {
        return unreadable(`The PNG has an unknown critical chunk ${type}.`);
      }
      yield { skip: length, sink: (piece) => (crc = crc32(piece, crc)) };
    }
    const stored = yield { read: 4 };
    if (u32be(stored, 0) !== crc >>> 0) return unreadable(`The CRC of the PNG chunk ${type} is wrong.`);
    if (type === 'IEND') {
      if (data === null) return unreadable('The PNG has no header.');
      // Bytes after IEND are never read, by us or by pdfkit.
      data.end();
      return data.settled;
    }
  }
}

// ---------------------------------------------------------------- JPEG

/** Frame headers (SOF0–SOF15 but DHT C4, JPG C8 and DAC CC). */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Segments allowed before the first scan: APPn, COM, DQT, DHT, DRI, DAC (after the frame); nothing pdfkit would read as a frame. */
const isTable = (m: number, afterFrame: boolean) =>
  (m >= 0xe0 && m <= 0xef) || m === 0xfe || m === 0xdb || m === 0xc4 || m === 0xdd || (afterFrame && m === 0xcc);

function* jpeg(): Parser {
  yield { read: 2 }; // SOI, already sniffed
  let image: ImageFacts | null = null;
  for (;;) {
    const marker = yield { read: 2 };
    const m = marker[1] ?? 0;
    if (marker[0] !== 0xff || m === 0xff || m === 0x00)
      return unreadable('The JPEG segments do not follow one another (a stray byte or fill bytes).');
    const length = u16be(yield { read: 2 }, 0);
    if (length < 2) return unreadable('A JPEG segment has a length below 2.');
    if (isFrame(m)) {
      if (image !== null) return unreadable('The JPEG has two frame headers.');
      if (length < 8) return unreadable('The JPEG frame header is cut short.');
      const f = yield { read: length - 2 };
      const precision = f[0] ?? 0;
      const height = u16be(f, 1);
      const width = u16be(f, 3);
      const components = f[5] ?? 0;
      if (![8, 12].includes(precision) || ![1, 3, 4].includes(components) || length !== 8 + 3 * components)
        return unreadable('The JPEG frame header is not valid.');
      if (width === 0 || height === 0) return unreadable('The JPEG declares no pixels.');
      const tooLarge = overBudget(width, height, components * (precision / 8));
      if (tooLarge !== null) return { ok: false, refusal: tooLarge };
      image = { width, height };
    } else if (m === 0xda) {
      if (image === null) return unreadable('The JPEG has image data before its frame header.');
      yield { skip: length - 2 };
      // The entropy-coded data and what follows are embedded as they are; nothing on the server reads them.
      return { ok: true, image };
    } else if (isTable(m, image !== null)) {
      yield { skip: length - 2 };
    } else {
      return unreadable(`The JPEG has an unexpected segment FF ${m.toString(16).toUpperCase()} before its image data.`);
    }
  }
}

// ---------------------------------------------------------------- WebP

function* webp(): Parser {
  const riff = yield { read: 12 };
  const riffSize = u32le(riff, 4);
  if (riffSize < 4 + 8 + 10) return unreadable('The WebP file is too short.');
  let left = riffSize - 4; // bytes of chunks after "WEBP"
  let image: ImageFacts | null = null;
  let first = true;
  while (left > 0) {
    if (left < 8) return unreadable('A WebP chunk runs past the end of the file.');
    const head = yield { read: 8 };
    const type = ascii(head, 0, 4);
    const size = u32le(head, 4);
    const padded = size + (size % 2);
    if (padded > left - 8) return unreadable('A WebP chunk runs past the end of the file.');
    left -= 8 + padded;
    if (first && !['VP8 ', 'VP8L', 'VP8X'].includes(type)) return unreadable('A WebP starts with its image chunk.');
    first = false;
    let consumed = 0;
    if (type === 'VP8X' && image === null) {
      if (size < 10) return unreadable('The WebP VP8X chunk is cut short.');
      const x = yield { read: 10 };
      consumed = 10;
      if (((x[0] ?? 0) & 0x02) !== 0) return unreadable('An animated WebP is no photo.');
      image = { width: 1 + u24le(x, 4), height: 1 + u24le(x, 7) };
    } else if (type === 'VP8 ' && image === null) {
      if (size < 10) return unreadable('The WebP VP8 chunk is cut short.');
      const v = yield { read: 10 };
      consumed = 10;
      if (((v[0] ?? 1) & 1) !== 0 || v[3] !== 0x9d || v[4] !== 0x01 || v[5] !== 0x2a) return unreadable('The WebP VP8 header is not valid.');
      image = { width: u16le(v, 6) & 0x3fff, height: u16le(v, 8) & 0x3fff };
    } else if (type === 'VP8L' && image === null) {
      if (size < 5) return unreadable('The WebP VP8L chunk is cut short.');
      const l = yield { read: 5 };
      consumed = 5;
      const bits = u32le(l, 1);
      if (l[0] !== 0x2f || bits >>> 29 !== 0) return unreadable('The WebP VP8L header is not valid.');
      image = { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
    }
    if (image !== null && (image.width === 0 || image.height === 0)) return unreadable('The WebP declares no pixels.');
    const tooLarge = image === null ? null : overBudget(image.width, image.height);
    if (tooLarge !== null) return { ok: false, refusal: tooLarge };
    yield { skip: padded - consumed };
  }
  return image === null ? unreadable('The WebP has no image chunk.') : { ok: true, image };
}

// ---------------------------------------------------------------- driver

export interface ImageCheck {
  /** Feeds the next bytes; a refusal as soon as one is certain (the rest need not be read), else null. */
  push(chunk: Uint8Array): ImageRefusal | null;
  /** After the last byte: the verdict (a PNG's once its data has inflated). */
  finish(): Promise<ImageVerdict>;
  /** Frees what the check holds (an inflater) when the upload ends early. */
  dispose(): void;
}

/** A check for an image of the sniffed type; it reads the bytes from the very first one. */
export function createImageCheck(mime: 'image/jpeg' | 'image/png' | 'image/webp'): ImageCheck {
  const inflating: { data: PngDataCheck | null } = { data: null };
  const parser: Parser = mime === 'image/png' ? png((check) => (inflating.data = check)) : mime === 'image/jpeg' ? jpeg() : webp();
  let step = parser.next(new Uint8Array(0));
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  let skipLeft = 0;

  const current = (): Need | null => (step.done === true ? null : step.value);
  const advance = (bytes: Uint8Array) => {
    step = parser.next(bytes);
    const need = current();
    skipLeft = need !== null && 'skip' in need ? need.skip : 0;
  };
  // A zero-length skip or read is satisfied at once.
  const settleEmpty = () => {
    for (let need = current(); need !== null; need = current()) {
      if ('skip' in need && need.skip === 0) advance(new Uint8Array(0));
      else if ('read' in need && need.read === 0) advance(new Uint8Array(0));
      else break;
    }
  };
  const refusalNow = (): ImageRefusal | null => {
    if (step.done === true && !(step.value instanceof Promise) && !step.value.ok) return step.value.refusal;
    const failed = inflating.data?.failed ?? null;
    return failed === null ? null : { code: 'PHOTO_UNREADABLE', detail: failed };
  };
  const first = current();
  if (first !== null && 'skip' in first) skipLeft = first.skip;
  settleEmpty();

  return {
    push(chunk) {
      let at = 0;
      while (at < chunk.length) {
        const need = current();
        if (need === null) break; // the parser is done: trailing bytes are never read
        if ('skip' in need) {
          const n = Math.min(skipLeft, chunk.length - at);
          need.sink?.(chunk.subarray(at, at + n));
          skipLeft -= n;
          at += n;
          if (skipLeft === 0) advance(new Uint8Array(0));
        } else {
          const n = Math.min(need.read - gatheredBytes, chunk.length - at);
          gathered.push(chunk.subarray(at, at + n));
          gatheredBytes += n;
          at += n;
          if (gatheredBytes === need.read) {
            const bytes = gathered.length === 1 ? (gathered[0] ?? new Uint8Array(0)) : new Uint8Array(Buffer.concat(gathered));
            gathered = [];
            gatheredBytes = 0;
            advance(bytes);
          }
        }
        settleEmpty();
        const refusal = refusalNow();
        if (refusal !== null) return refusal;
      }
      return refusalNow();
    },
    async finish() {
      if (step.done !== true) {
        inflating.data?.dispose();
        return unreadable('The image ends before it is complete.');
      }
      return step.value;
    },
    dispose() {
      inflating.data?.dispose();
      parser.return(unreadable('abandoned'));
    },
  };
}
