/**
 * The jobs the import worker process runs (./importWorker.ts): each reads an upload spooled to a file, on a database
 * connection of its own (opened and closed here, `onOwnStore`), and answers a Result. The API process names the job
 * and hands plain data; the worker loads only that job's module.
 */
import type { PaymentMethodImportResponse } from '../../../src/domain/console/cashless';
import type { StockImportResponse } from '../../../src/domain/stock/stock';
import type { HesImportResponse } from '../../../src/domain/commissioning/commissioningApi';
import type { HesCsvTask } from '../hes/meterReadingsCsv';
import type { Result } from '../result';
import type { ConnectOptions } from '../../store/connect';
import { createStore, type Store } from '../../store/store';
import type { BeforePublish, SpooledImportTask } from './csvImport';
import type { WriteCounts, WriteTask } from './importWrite';

/** Each job's task (what the API process sends) and the value of its answer. */
export interface ImportJobs {
  /** Pass 2 of the work-order import (./importWrite.ts). */
  workOrders: { task: WriteTask; value: WriteCounts };
  /** The whole stock delivery import, read to written (./stockDeliveryJob.ts). */
  stockDelivery: { task: SpooledImportTask; value: StockImportResponse };
  /** The whole payment-method import, read to written (./paymentMethodJob.ts). */
  paymentMethods: { task: SpooledImportTask; value: PaymentMethodImportResponse };
  /** The head-end's readings CSV, read to applied (../hes/meterReadingsCsv.ts). */
  hesCsv: { task: HesCsvTask; value: HesImportResponse };
}
export type ImportJobName = keyof ImportJobs;

/** A job on a store of its own (a connection or two of its own), closed whatever happens. */
const onOwnStore =
  <T extends { location: ConnectOptions }, A extends unknown[], R>(job: (store: Store, task: T, ...rest: A) => Promise<R>) =>
  async (task: T, ...rest: A): Promise<R> => {
    const store = await createStore({ ...task.location, poolSize: 2 });
    try {
      return await job(store, task, ...rest);
    } finally {
      await store.close();
    }
  };

type Job<J extends ImportJobName> = (task: ImportJobs[J]['task'], beforePublish: BeforePublish) => Promise<Result<ImportJobs[J]['value']>>;

/** Loaded in the worker only (dynamic imports: the API process never loads a job's reading code through here). */
export const IMPORT_JOBS: { [J in ImportJobName]: () => Promise<Job<J>> } = {
  workOrders: async () => (await import('./importWrite')).writeImport,
  stockDelivery: async () => onOwnStore((await import('./stockDeliveryJob')).deliverStock),
  paymentMethods: async () => onOwnStore((await import('./paymentMethodJob')).importPaymentMethods),
  hesCsv: async () => onOwnStore((await import('../hes/meterReadingsCsv')).importHesCsv),
};
