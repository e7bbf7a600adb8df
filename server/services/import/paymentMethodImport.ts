import { IMPORT_MAX_BYTES } from '../../../src/domain/workOrder/imports';
import type { Store } from '../../store/store';
import type { Clock } from '../clock';
import { createWorkerImport, type WorkerImportLimits } from './workerImport';

/** `POST /api/v1/payment-methods/import`: spooled here, then read, checked and written in the import worker (./paymentMethodJob.ts). */
export const createPaymentMethodImport = (store: Store, clock: Clock, limits: WorkerImportLimits = { maxBytes: IMPORT_MAX_BYTES }) =>
  createWorkerImport('paymentMethods', 'payment methods', store, clock, limits);

export type PaymentMethodImport = ReturnType<typeof createPaymentMethodImport>;
