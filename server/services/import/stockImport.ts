import { IMPORT_MAX_BYTES } from '../../../src/domain/workOrder/imports';
import type { Store } from '../../store/store';
import type { Clock } from '../clock';
import { createWorkerImport, type WorkerImportLimits } from './workerImport';

/** `POST /api/v1/stock/import`: spooled here, then read, checked and written in the import worker (./stockDeliveryJob.ts). */
export const createStockImport = (store: Store, clock: Clock, limits: WorkerImportLimits = { maxBytes: IMPORT_MAX_BYTES }) =>
  createWorkerImport('stockDelivery', 'stock', store, clock, limits);

export type StockImport = ReturnType<typeof createStockImport>;
