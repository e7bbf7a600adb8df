// The file the PDF worker threads load. A worker thread starts without the TypeScript loader its parent runs under
// (`node --import tsx`, Vitest), so it registers tsx itself, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const { default: renderInWorker } = await import('./handoverPdfWorker.ts');

export default renderInWorker;
