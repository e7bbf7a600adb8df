import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE, probeDimensions, tooManyPixels } from '../../server/services/imageDimensions';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';
import { solidPng } from './exportFixtures';
import { photoPath, upload, type Photo } from './syncFixtures';

const photoOf = (bytes: Uint8Array): Photo => ({ id: createHash('sha256').update(bytes).digest('hex'), bytes });

/** A JPEG start: SOI, an APP0 segment, then a baseline frame header (SOF0) declaring these dimensions. */
function jpegDeclaring(width: number, height: number, padding = 0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const comment = padding > 0 ? [0xff, 0xfe, ((padding + 2) >> 8) & 0xff, (padding + 2) & 0xff, ...new Array<number>(padding).fill(0x20)] : [];
  const sof0 = [
    0xff,
    0xc0,
    0x00,
    0x11,
    8,
    (height >> 8) & 0xff,
    height & 0xff,
    (width >> 8) & 0xff,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return new Uint8Array([0xff, 0xd8, ...app0, ...comment, ...sof0, 0xff, 0xd9]);
}

/** A PNG signature and IHDR declaring these dimensions, then junk: a decompression bomb's header. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(64);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return new Uint8Array(b);
}

function webpDeclaring(kind: 'VP8X' | 'VP8L' | 'VP8 ', width: number, height: number): Uint8Array {
  const b = Buffer.alloc(40);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(32, 4);
  b.write('WEBP', 8, 'latin1');
  b.write(kind, 12, 'latin1');
  b.writeUInt32LE(20, 16); // the chunk fills the rest of the file
  if (kind === 'VP8X') {
    b.writeUIntLE(width - 1, 24, 3);
    b.writeUIntLE(height - 1, 27, 3);
  } else if (kind === 'VP8L') {
    b[20] = 0x2f;
    b.writeUInt32LE(((width - 1) | ((height - 1) << 14)) >>> 0, 21);
  } else {
    b.set([0x9d, 0x01, 0x2a], 23);
    b.writeUInt16LE(width, 26);
    b.writeUInt16LE(height, 28);
  }
  return new Uint8Array(b);
}

describe('image dimensions from the header', () => {
  it('reads a real PNG, JPEG frame headers past other segments, and the three WebP kinds', () => {
    expect(probeDimensions(solidPng(40, 30, [1, 2, 3]).bytes)).toEqual({ width: 40, height: 30 });
    expect(probeDimensions(jpegDeclaring(4032, 3024))).toEqual({ width: 4032, height: 3024 });
    expect(probeDimensions(jpegDeclaring(800, 600, 5000))).toEqual({ width: 800, height: 600 });
    expect(probeDimensions(webpDeclaring('VP8X', 16_000, 9_000))).toEqual({ width: 16_000, height: 9_000 });
    expect(probeDimensions(webpDeclaring('VP8L', 1024, 768))).toEqual({ width: 1024, height: 768 });
    expect(probeDimensions(webpDeclaring('VP8 ', 640, 480))).toEqual({ width: 640, height: 480 });
  });

  it('asks for more bytes while the header goes on, and gives up on what it cannot read', () => {
    const jpeg = jpegDeclaring(800, 600, 5000);
    expect(probeDimensions(jpeg.subarray(0, 100))).toBe('more');
    expect(probeDimensions(pngDeclaring(1, 1).subarray(0, 20))).toBe('more');
    expect(probeDimensions(new TextEncoder().encode('<html><body>hello</body></html>'))).toBe('unknown');
    expect(probeDimensions(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2, 0, 0, 0, 0, 0, 0]))).toBe('unknown'); // scan before frame
    // Random bytes after the JPEG magic (what many tests upload) never read as a frame, let alone a huge one.
    for (let i = 0; i < 2000; i++) {
      const random = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(512)]));
      const probed = probeDimensions(random);
      expect(typeof probed === 'object' && tooManyPixels(probed)).toBe(false);
    }
  });

  it('refuses more than the side or pixel limit', () => {
    expect(tooManyPixels({ width: PHOTO_MAX_SIDE, height: 8000 })).toBe(false);
    expect(tooManyPixels({ width: PHOTO_MAX_SIDE + 1, height: 10 })).toBe(true);
    expect(tooManyPixels({ width: 10_001, height: Math.ceil(PHOTO_MAX_PIXELS / 10_000) })).toBe(true);
  });
});

describe.each(backends)('upload hardening (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200 });
    tech1 = await server.login('tech1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses decompression bombs by their declared dimensions with 413, storing nothing', async () => {
    for (const bomb of [
      pngDeclaring(50_000, 50_000),
      jpegDeclaring(65_000, 65_000),
      webpDeclaring('VP8X', 16_000, 16_000),
      pngDeclaring(11_000, 11_000),
    ]) {
      const photo = photoOf(bomb);
      const res = await upload(tech1, photo, 'image/png');
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(await server.store.photos.findById(photo.id)).toBeUndefined();
    }
    const fine = solidPng(64, 48, [200, 10, 10]);
    expect((await upload(tech1, fine, 'image/png')).status).toBe(201);
  });

  it('types by the bytes: PNG bytes named image/jpeg are a PNG; HTML or SVG named image/jpeg is refused', async () => {
    const png = solidPng(8, 8, [0, 0, 255]);
    expect((await upload(tech1, png, 'image/jpeg')).status).toBe(201);
    const got = await tech1.get(photoPath(png.id));
    expect(got.headers.get('content-type')).toBe('image/png');
    for (const text of ['<html><script>alert(document.cookie)</script></html>', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>']) {
      const fake = photoOf(new TextEncoder().encode(text.padEnd(300, ' ')));
      expectProblem(await upload(tech1, fake, 'image/jpeg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await server.store.photos.findById(fake.id)).toBeUndefined();
    }
  });

  it('names stored files by their content hash only, never by anything the client sent', async () => {
    const files = (await readdir(server.blobDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(name).toMatch(/^[0-9a-f]{64}$/);
  });
});
