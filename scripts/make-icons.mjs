#!/usr/bin/env node
// Draws the app icons (a white meter dial with a lightning bolt on the brand blue) and writes
// them as PNG/ICO/SVG into public/. No image library: a tiny supersampling rasterizer and a PNG
// encoder on node:zlib. Run after changing the drawing: `node scripts/make-icons.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const BRAND = [0x0b, 0x4f, 0x9c];
const WHITE = [0xff, 0xff, 0xff];
/** Samples per pixel side: 4×4 gives smooth edges without a real antialiasing algorithm. */
const SUPERSAMPLE = 4;

// The glyph in a 48-unit box, the same drawing as src/ui/AppMark.tsx.
const RING = { cx: 24, cy: 24, outer: 22, inner: 18 };
const BOLT = [
  [27, 8],
  [14, 27],
  [23, 27],
  [20, 40],
  [34, 20],
  [25, 20],
];

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideGlyph(gx, gy) {
  const d = Math.hypot(gx - RING.cx, gy - RING.cy);
  return (d <= RING.outer && d >= RING.inner) || insidePolygon(gx, gy, BOLT);
}

function insideRoundedSquare(x, y, size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/**
 * @param size pixel width and height
 * @param glyphFraction share of the side the 48-unit glyph box takes (smaller for maskable: safe zone)
 * @param cornerFraction corner radius as a share of the side; 0 = full-bleed square (opaque)
 */
function draw(size, glyphFraction, cornerFraction) {
  const rgba = Buffer.alloc(size * size * 4);
  const glyphSide = size * glyphFraction;
  const offset = (size - glyphSide) / 2;
  const radius = size * cornerFraction;
  const n = SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = px + (sx + 0.5) / n;
          const y = py + (sy + 0.5) / n;
          if (radius > 0 && !insideRoundedSquare(x, y, size, radius)) continue;
          bg++;
          if (insideGlyph(((x - offset) / glyphSide) * 48, ((y - offset) / glyphSide) * 48)) fg++;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = bg / (n * n);
      const mix = bg === 0 ? 0 : fg / bg;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(BRAND[c] * (1 - mix) + WHITE[c] * mix);
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  // Each scanline starts with its filter type; 0 (none) compresses flat colour well enough.
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO file holding one PNG image (supported by every current browser). */
function encodeIco(size, png) {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header[6] = size;
  header[7] = size;
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // offset of the PNG
  return Buffer.concat([header, png]);
}

function svg() {
  const bolt = BOLT.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">
<rect width="48" height="48" rx="9" fill="#0b4f9c"/>
<g transform="translate(5.3 5.3) scale(0.78)"><circle cx="24" cy="24" r="20" fill="none" stroke="#fff" stroke-width="4"/><path d="${bolt} Z" fill="#fff"/></g>
</svg>
`;
}

const outputs = [
  // "any" icons: rounded square, glyph large.
  { file: 'icons/icon-192.png', size: 192, glyph: 0.78, corner: 0.18 },
  { file: 'icons/icon-512.png', size: 512, glyph: 0.78, corner: 0.18 },
  // maskable: full bleed, glyph inside the central 80 % safe circle with room to spare.
  { file: 'icons/icon-maskable-512.png', size: 512, glyph: 0.58, corner: 0 },
  // iOS rounds the corners itself and wants no transparency.
  { file: 'apple-touch-icon.png', size: 180, glyph: 0.7, corner: 0 },
];

mkdirSync(join(PUBLIC, 'icons'), { recursive: true });
for (const { file, size, glyph, corner } of outputs) {
  const png = encodePng(size, draw(size, glyph, corner));
  writeFileSync(join(PUBLIC, file), png);
  console.log(`${file}: ${png.length} bytes`);
}
const faviconPng = encodePng(32, draw(32, 0.84, 0.18));
writeFileSync(join(PUBLIC, 'favicon.ico'), encodeIco(32, faviconPng));
writeFileSync(join(PUBLIC, 'favicon.svg'), svg());
console.log('favicon.ico, favicon.svg written');
