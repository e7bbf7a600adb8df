/**
 * Barcode and QR reading for meter serials. Loaded only when the technician opens the scanner (a
 * dynamic import of this module): the WebAssembly reader is ~1 MB. The .wasm file is part of the
 * build (Vite `?url`) and precached by the service worker, never fetched from a CDN, so scanning
 * works on a closed network and offline.
 */
import { BarcodeDetector as PolyfillDetector, prepareZXingModule, type BarcodeFormat } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** Symbologies printed on meters and their boxes: 1D codes for serials, QR/Data Matrix on newer meters. */
export const SERIAL_FORMATS: BarcodeFormat[] = ['code_128', 'code_39', 'code_93', 'codabar', 'itf', 'ean_13', 'ean_8', 'qr_code', 'data_matrix'];

export interface DetectedCode {
  rawValue: string;
  format: string;
}

export interface CodeReader {
  detect(source: ImageBitmapSource): Promise<DetectedCode[]>;
}

let configured = false;

function configureWasm(): void {
  if (configured) return;
  configured = true;
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
    },
  });
}

interface NativeDetector {
  detect(source: ImageBitmapSource): Promise<DetectedCode[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

/** The browser's own BarcodeDetector when it reads our formats (Chrome on Android), else the WebAssembly one. */
export async function loadCodeReader(): Promise<CodeReader> {
  const native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (native !== undefined) {
    try {
      const supported = await native.getSupportedFormats();
      const formats = SERIAL_FORMATS.filter((f) => supported.includes(f));
      if (formats.includes('code_128') && formats.includes('qr_code')) return new native({ formats });
    } catch {
      // Fall through to the WebAssembly reader.
    }
  }
  configureWasm();
  const detector = new PolyfillDetector({ formats: SERIAL_FORMATS });
  return {
    detect: async (source) => (await detector.detect(source)).map((code) => ({ rawValue: code.rawValue, format: code.format })),
  };
}
