import { PHOTO_JPEG_QUALITY, PHOTO_MAX_EDGE_PX, PHOTO_MIN_JPEG_QUALITY, PHOTO_TARGET_BYTES } from '../domain/capture/captureRules';
import { sha256Hex } from './digest';

/** A photo ready to store: JPEG bytes (resized, stamped) and their SHA-256, the photo id. */
export interface ProcessedPhoto {
  photoId: string;
  mime: 'image/jpeg';
  bytes: ArrayBuffer;
  width: number;
  height: number;
  /** JPEG quality the size goal was reached with (or the lowest tried). */
  quality: number;
}

/** A picked file that is not an image the browser can decode (or a broken one). */
export class PhotoDecodeError extends Error {
  constructor(cause: unknown) {
    super('could not decode the image', { cause });
    this.name = 'PhotoDecodeError';
  }
}

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

/** OffscreenCanvas where it exists (workers, modern main threads), a detached <canvas> otherwise. */
function makeCanvas(width: number, height: number): { canvas: AnyCanvas; ctx: Canvas2D } {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (ctx !== null) return { canvas, ctx };
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2d canvas');
  return { canvas, ctx };
}

function encodeJpeg(canvas: AnyCanvas, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob === null ? reject(new Error('JPEG encoding failed')) : resolve(blob)), 'image/jpeg', quality);
  });
}

/** The evidence band: white text on a dark strip along the bottom, sized to the image so it stays legible. */
export function drawStamp(ctx: Canvas2D, width: number, height: number, lines: readonly string[]): void {
  const fontSize = Math.max(14, Math.round(width / 42));
  const lineHeight = Math.round(fontSize * 1.3);
  const pad = Math.round(fontSize * 0.6);
  const band = lines.length * lineHeight + pad * 2;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.62)';
  ctx.fillRect(0, height - band, width, band);
  ctx.font = `700 ${fontSize}px "DejaVu Sans", Roboto, "Noto Sans", Arial, sans-serif`;
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => {
    ctx.fillText(line, pad, height - band + pad + i * lineHeight, width - pad * 2);
  });
}

/**
 * Decodes (EXIF orientation applied), scales so the long edge is at most 1600 px, burns the stamp in,
 * then encodes JPEG at 0.7, stepping the quality down while the file is above 300 KB. One encode per
 * try, no intermediate full-size canvas: a 12-megapixel camera photo is decoded once and dropped.
 */
export async function processPhoto(file: Blob, stampLines: readonly string[]): Promise<ProcessedPhoto> {
  let source: ImageBitmap;
  try {
    source = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (cause) {
    throw new PhotoDecodeError(cause);
  }
  const scale = Math.min(1, PHOTO_MAX_EDGE_PX / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const { canvas, ctx } = makeCanvas(width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, width, height);
  source.close();
  drawStamp(ctx, width, height, stampLines);

  let quality = PHOTO_JPEG_QUALITY;
  let blob = await encodeJpeg(canvas, quality);
  while (blob.size > PHOTO_TARGET_BYTES && quality - 0.1 >= PHOTO_MIN_JPEG_QUALITY - 1e-9) {
    quality = Math.round((quality - 0.1) * 10) / 10;
    blob = await encodeJpeg(canvas, quality);
  }
  canvas.width = 0;
  canvas.height = 0;
  const bytes = await blob.arrayBuffer();
  return { photoId: await sha256Hex(bytes), mime: 'image/jpeg', bytes, width, height, quality };
}
