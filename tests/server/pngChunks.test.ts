import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { pngChunksIntact } from '../../server/services/imageDimensions';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  // The CRC is not checked by the guard nor by pdfkit's reader; zeros keep the fixture short.
  return Buffer.concat([length, Buffer.from(type, 'ascii'), data, Buffer.alloc(4)]);
}

/** A 2 × 2 RGB PNG, well formed. */
function wholePng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('PNG chunk check before pdfkit draws a signature', () => {
  it('passes a whole PNG, which pdfkit then draws', () => {
    const png = wholePng();
    expect(pngChunksIntact(png)).toBe(true);
    const doc = new PDFDocument();
    expect(() => doc.image(png, 0, 0, { width: 20 })).not.toThrow();
    doc.end();
  });

  it('refuses what pdfkit would loop on forever: chunks running past the end, no IEND, random bytes after the signature', () => {
    const png = wholePng();
    expect(pngChunksIntact(png.subarray(0, png.length - 12))).toBe(false); // IEND cut off
    expect(pngChunksIntact(png.subarray(0, 40))).toBe(false); // cut inside IDAT
    for (let i = 0; i < 50; i++) expect(pngChunksIntact(Buffer.concat([SIGNATURE, randomBytes(512)]))).toBe(false);
  });

  it('refuses a PNG whose first chunk is not a 13-byte IHDR, or with no image data, or a declared length past 2^31', () => {
    const ihdr = wholePng().subarray(8, 8 + 25);
    const iend = chunk('IEND', Buffer.alloc(0));
    expect(pngChunksIntact(Buffer.concat([SIGNATURE, chunk('tEXt', Buffer.from('a\0b')), ihdr, iend]))).toBe(false);
    expect(pngChunksIntact(Buffer.concat([SIGNATURE, ihdr, iend]))).toBe(false);
    const huge = Buffer.concat([SIGNATURE, ihdr, chunk('IDAT', Buffer.alloc(4)), iend]);
    huge.writeUInt32BE(0xfffffff0, 8 + 25);
    expect(pngChunksIntact(huge)).toBe(false);
    expect(pngChunksIntact(Buffer.from('not a png at all'))).toBe(false);
  });
});
