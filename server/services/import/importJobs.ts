/**
 * The jobs the import worker thread runs (./importWorker.ts): each reads an upload spooled to a file, on a
 * database connection of its own (opened and closed here, `onOwnStore`), and answers a Result. The API process names the job and hands plain data;
 * the worker loads only that job's module.
 */
import type { PaymentMethodImportResponse } from '../../../src/domain/console/cashless';
import type { StockImportResponse } from '../../../src/domain/stock/stock';
import type { HesImportResponse } from '../../../src/domain/commissioning/commissioningApi';
import type { HesCsvTask } from '../hes/meterReadingsCsv';
import type { Result } from '../result';
import { onOwnStore, type SpooledImportTask } from './csvImport';
import type { WriteCounts, WriteTask } from './importWrite';

/** Called just before the job's publishing transaction: resolves once the API process holds its own writers. */
export type BeforePublish = () => Promise<void>;

/** Each job's task (what the API process sends) and the value of its answer. */
export interface ImportJobs {
  /** Pass 2 of the work-order import (./importWrite.ts). */
  workOrders: { task: WriteTask; value: WriteCounts };
  /** The whole stock delivery import, read to written (./stockImport.ts). */
  stockDelivery: { task: SpooledImportTask; value: StockImportResponse };
  /** The whole payment-method import, read to written (./paymentMethodImport.ts). */
  paymentMethods: { task: SpooledImportTask; value: PaymentMethodImportResponse };
  /** The head-end's readings CSV, read to applied (../hes/meterReadingsCsv.ts). */
  hesCsv: { task: HesCsvTask; value: HesImportResponse };
}
export type ImportJobName = keyof ImportJobs;

type Job<J extends ImportJobName> = (task: ImportJobs[J]['task'], beforePublish: BeforePublish) => Promise<Result<ImportJobs[J]['value']>>;

/** Loaded in the worker only (dynamic imports: the API process never loads a job's reading code through here). */
export const IMPORT_JOBS: { [J in ImportJobName]: () => Promise<Job<J>> } = {
  workOrders: async () => (await import('./importWrite')).writeImport,
  stockDelivery: async () => onOwnStore((await import('./stockImport')).deliverStock),
  paymentMethods: async () => onOwnStore((await import('./paymentMethodImport')).importPaymentMethods),
  hesCsv: async () => onOwnStore((await import('../hes/meterReadingsCsv')).importHesCsv),
};
