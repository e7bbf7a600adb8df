import type { RoadmapLetter } from '../../src/domain/campaign/letter';
import { renderLetter, type LetterFormat } from './letterRender';

/** One roadmap letter, in a worker thread of the pool (./pdfRenderer.ts): the bytes as a Uint8Array. */
export default async function renderLetterInWorker(input: { letter: RoadmapLetter; format: LetterFormat }): Promise<Uint8Array> {
  const bytes = await renderLetter(input.letter, input.format);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
