import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip as zlibGzip } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipLevel9 = (bytes: Buffer) => promisify(zlibGzip)(bytes, { level: 9 });

/** Hashed assets worth compressing (images other than SVG are compressed already). */
const COMPRESSIBLE = /^assets\/.+\.(js|css|svg|wasm|json)$/;
/** Below this a compressed copy saves less than its own request overhead. */
const MIN_BYTES = 1024;
/** Zopfli is slow; past this size plain zlib level 9 is within a percent of it. */
const ZOPFLI_MAX_BYTES = 512 * 1024;

/**
 * `best` (production: `npm run build`, `npm test`, CI): brotli 11 and zopfli, about 13 s of CPU for this app, and
 * 11 % fewer bytes than brotli 5. `fast` (`npm run demo` sets PRECOMPRESS=fast): brotli 5 and zlib 9, about 0.5 s,
 * so a newcomer's first start does not wait for bytes that matter only on a slow phone link.
 */
export type PrecompressLevel = 'best' | 'fast';
const BROTLI_QUALITY: Record<PrecompressLevel, number> = { best: 11, fast: 5 };

function gzip(bytes: Buffer, level: PrecompressLevel): Promise<Uint8Array> {
  if (level === 'best' && bytes.length <= ZOPFLI_MAX_BYTES) return gzipAsync(bytes, { numiterations: 5 });
  return gzipLevel9(bytes);
}

/**
 * Writes a brotli (`.br`, quality 11) and a gzip (`.gz`, zopfli) copy beside each hashed asset (`fast`: lower levels), for
 * `server/http/staticFiles.ts` to send as they are: the smallest bytes a phone can get, compressed once at build
 * time instead of at level 6 on every request. Brotli is about 13 % smaller than gzip on this app's JavaScript,
 * zopfli about 3 %; a copy that would not be smaller is not written.
 */
export function precompress(level: PrecompressLevel = 'best'): Plugin {
  let outDir = 'dist';
  return {
    name: 'meterswap:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(outDir, name);
          const bytes = await readFile(file);
          if (bytes.length < MIN_BYTES) return;
          const [br, gz] = await Promise.all([
            brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY[level], [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
            gzip(bytes, level),
          ]);
          if (br.length < bytes.length) await writeFile(`${file}.br`, br);
          if (gz.length < bytes.length) await writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}
