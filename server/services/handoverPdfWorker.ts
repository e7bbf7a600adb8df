import { renderHandoverPdf, type HandoverInput } from './handoverPdf';

/**
 * One handover PDF, in a worker thread of the pool (./pdfRenderer.ts). The photos arrive as Uint8Arrays (a
 * structured clone of the main thread's Buffers); pdfkit takes only Buffers.
 */
export default async function renderInWorker(input: HandoverInput): Promise<Uint8Array> {
  const photos = input.photos.map((p) => ({
    ...p,
    bytes: p.bytes === null ? null : Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength),
  }));
  const pdf = await renderHandoverPdf({ ...input, photos });
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
