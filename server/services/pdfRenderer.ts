import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { HandoverInput } from './handoverPdf';
import type { RoadmapLetter } from '../../src/domain/campaign/letter';
import type { LetterFormat } from './letterRender';
import { ok } from '../../src/domain/protocol/result';
import { failure, type Result } from './result';

/**
 * Handover PDFs are drawn in worker threads, never on the thread that serves the API: pdfkit decodes the images a
 * record holds, and a decoder that loops, throws where nothing catches it, or takes gigabytes must cost one worker,
 * not the process. Each worker has a heap limit; each render a time limit. A worker that crashes, runs out of
 * memory or is stopped at the time limit is replaced by the pool; the request is then rendered once more without
 * its images ("ảnh không hiển thị được" in their place), and answers 503 only if even that fails.
 */
export interface PdfRenderer {
  render(input: HandoverInput): Promise<Result<Buffer>>;
  /**
   * A commune's roadmap letter (issue 15 §2) as PDF or DOCX, in a pool of its own (./letterWorker.mjs): it holds
   * no untrusted bytes, but a 5,000-order commune's schedule is drawn off the API's thread all the same.
   */
  renderLetter(letter: RoadmapLetter, format: LetterFormat): Promise<Result<Buffer>>;
  /** Stops the workers (graceful shutdown, a test's close). */
  close(): Promise<void>;
}

export interface PdfRendererOptions {
  /** Worker threads at most (default 2: the PDF is rare, and the API needs the other cores). */
  maxThreads?: number;
  /** One render may take this long, queueing included (default 20 s). */
  timeoutMs?: number;
  /** A worker's V8 heap limit (default 256 MB). */
  maxOldGenerationSizeMb?: number;
  /** Renders waiting for a worker at most; beyond them a request answers 503 at once (default 16). */
  maxQueue?: number;
  /**
   * The worker script (default ./handoverPdfWorker.mjs). Only code sets it, never a request or the environment:
   * tests/server/pdfIsolation.test.ts gives one that crashes, exits, runs out of memory or loops, to drive the pool's
   * failure paths without an image that still breaks pdfkit.
   */
  workerFile?: string;
}

const WORKER_FILE = fileURLToPath(new URL('./handoverPdfWorker.mjs', import.meta.url));
const LETTER_WORKER_FILE = fileURLToPath(new URL('./letterWorker.mjs', import.meta.url));
const RETRY_AFTER_SECONDS = 5;

function isPdf(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const pool = new Piscina({
    filename: options.workerFile ?? WORKER_FILE,
    // No thread until the first PDF: most server processes (and test servers) never draw one.
    minThreads: 0,
    maxThreads: options.maxThreads ?? 2,
    idleTimeout: 30_000,
    maxQueue: options.maxQueue ?? 16,
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 256, maxYoungGenerationSizeMb: 32 },
  });

  // The letters' pool: one thread, started on the first letter.
  const letters = new Piscina({
    filename: LETTER_WORKER_FILE,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 30_000,
    maxQueue: options.maxQueue ?? 16,
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 256, maxYoungGenerationSizeMb: 32 },
  });

  async function attempt(input: HandoverInput): Promise<Uint8Array | 'failed' | 'busy'> {
    try {
      // Aborting a running task terminates its worker: the time limit holds even for a render that never yields.
      const pdf: unknown = await pool.run(input, { signal: AbortSignal.timeout(timeoutMs) });
      return isPdf(pdf) ? pdf : 'failed';
    } catch (error) {
      if (error instanceof Error && /queue is at limit/i.test(error.message)) return 'busy';
      return 'failed';
    }
  }

  return {
    async render(input) {
      const first = await attempt(input);
      if (first === 'busy')
        return failure('UNAVAILABLE', 'Too many PDFs are being drawn right now; try again in a few seconds.', {
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        });
      if (first !== 'failed') return ok(Buffer.from(first.buffer, first.byteOffset, first.byteLength));
      // Whatever broke the worker came with the record's images (the rest is text we wrote): draw it without them.
      const textOnly = await attempt({ ...input, photos: input.photos.map((p) => ({ ...p, bytes: p.bytes === null ? null : Buffer.alloc(0) })) });
      if (isPdf(textOnly)) return ok(Buffer.from(textOnly.buffer, textOnly.byteOffset, textOnly.byteLength));
      return failure('UNAVAILABLE', 'The handover PDF could not be drawn right now; try again in a few seconds.', {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    },
    async renderLetter(letter, format) {
      try {
        const bytes: unknown = await letters.run({ letter, format }, { signal: AbortSignal.timeout(timeoutMs) });
        if (isPdf(bytes)) return ok(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (error) {
        const busy =
          error instanceof Error && (/queue is at limit/i.test(error.message) || error.name === 'AbortError' || error.name === 'TimeoutError');
        if (busy) {
          return failure('UNAVAILABLE', 'The letter could not be drawn right now; try again in a few seconds.', {
            retryAfterSeconds: RETRY_AFTER_SECONDS,
          });
        }
        throw error;
      }
      throw new Error('the letter worker answered something other than bytes');
    },
    close: async () => {
      await Promise.all([pool.destroy(), letters.destroy()]);
    },
  };
}
