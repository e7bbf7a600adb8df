import type { GpsFix } from '../domain/map/geo';
import type { SwapContext } from '../domain/capture/swapValidation';
import type { SwapDraft } from '../domain/capture/swapDraft';
import type { ManualNoticeVia } from '../domain/workOrder/notice';
import type { WorkOrder } from '../domain/workOrder/workOrder';
import type { FinishAmendInput, StartAmendResult, finishAmend } from './amend';
import type { RecordInput, RecordResult } from './capture';
import type { UserDatabase } from './database';
import type { DraftChange, SaveDraftResult } from './drafts';
import type { CommandDeps } from './outbox';
import { retryFailedPhoto } from './photoQueueStore';
import type { exportOutboxRecord } from './recordExport';
import type { StockVoidDraft } from '../domain/capture/stockVoidDraft';
import type { recordStockVoid, StockVoidChange } from './stockVoid';

/** Where a draft change is written: the swap draft, or an amendment's draft when correcting a returned record. */
export type DraftSaver = (change: DraftChange) => Promise<SaveDraftResult>;

/**
 * Everything a technician's screen does to the device's data, already tied to the signed-in user's
 * database, the clock and the id source. Screens get it from `useDevice()` and never pass `db`,
 * `now` or `uuid` themselves (the console's counterpart is `callEndpoint`).
 */
export interface Device {
  /** "Bắt đầu": checks in at the work order; a second tap returns the same draft. */
  startVisit(input: { workOrder: WorkOrder; gps?: GpsFix | undefined }): Promise<SwapDraft>;
  /** "Không thực hiện được" from the work order: the failed-visit form, with no start recorded. */
  openFailedVisit(input: { workOrder: WorkOrder }): Promise<SwapDraft>;
  /** Leaves that form: an untouched one is removed, one with anything entered stays to continue. */
  closeUnstartedVisit(workOrderId: string): Promise<void>;
  saveSwapDraft: DraftSaver;
  completeSwap(input: RecordInput & Pick<SwapContext, 'installedSerialsUsedToday'>): Promise<RecordResult>;
  recordFailedVisit(input: RecordInput): Promise<RecordResult>;
  /** "Đã báo trực tiếp / qua loa": the household was told of the visit. */
  recordNotified(input: { workOrder: WorkOrder; via: ManualNoticeVia }): Promise<void>;
  /** Correcting a record the supervisor returned ("Bị trả lại"). */
  amend: {
    start(workOrder: WorkOrder): Promise<StartAmendResult>;
    saveDraft: DraftSaver;
    saveReason(workOrderId: string, reason: string): Promise<SaveDraftResult>;
    finish(input: FinishAmendInput): ReturnType<typeof finishAmend>;
    cancel(workOrderId: string): Promise<void>;
  };
  /** "Báo hỏng / mất" on "Vật tư" (issue 16 §4): a seal or new meter written off with its photos. */
  stockVoid: {
    open(item: { kind: StockVoidDraft['kind']; code: string; workOrderId?: string | undefined }): Promise<StockVoidDraft>;
    saveDraft(change: StockVoidChange): Promise<'saved' | 'gone'>;
    cancel(kind: StockVoidDraft['kind'], code: string): Promise<void>;
    record(item: { kind: StockVoidDraft['kind']; code: string }): ReturnType<typeof recordStockVoid>;
  };
  outbox: {
    retryPhoto(photoId: string): Promise<void>;
    /** The record behind an outbox row as a JSON file the technician can hand over by other means. */
    exportRecord(seq: number): ReturnType<typeof exportOutboxRecord>;
  };
}

/*
 * The commands' modules (and the schemas they validate with) load on first use, not with the first screen: the
 * work-order list needs none of them. The chunks are precached, so the first tap works offline too. (The photo
 * queue is on the first screen already: the sync engine uploads from it.)
 */
const capture = () => import('./capture');
const amend = () => import('./amend');
const drafts = () => import('./drafts');
const records = () => import('./recordExport');
const notify = () => import('./notify');
const stockVoid = () => import('./stockVoid');

export function bindDevice(db: UserDatabase, deps: CommandDeps): Device {
  return {
    startVisit: async (input) => (await capture()).startVisit(db, input, deps),
    openFailedVisit: async (input) => (await capture()).openFailedVisit(db, input, deps),
    closeUnstartedVisit: async (workOrderId) => (await capture()).closeUnstartedVisit(db, workOrderId),
    saveSwapDraft: async (change) => (await drafts()).saveSwapDraft(db, change, deps.now()),
    completeSwap: async (input) => (await capture()).completeSwap(db, input, deps),
    recordFailedVisit: async (input) => (await capture()).recordFailedVisit(db, input, deps),
    recordNotified: async (input) => (await notify()).recordNotified(db, input, deps),
    amend: {
      start: async (workOrder) => (await amend()).startAmend(db, workOrder, deps),
      saveDraft: async (change) => (await amend()).saveAmendDraft(db, change, deps.now()),
      saveReason: async (workOrderId, reason) => (await amend()).saveAmendReason(db, workOrderId, reason, deps.now()),
      finish: async (input) => (await amend()).finishAmend(db, input, deps),
      cancel: async (workOrderId) => (await amend()).cancelAmend(db, workOrderId),
    },
    stockVoid: {
      open: async (item) => (await stockVoid()).openStockVoid(db, item, deps),
      saveDraft: async (change) => (await stockVoid()).saveStockVoidDraft(db, change, deps.now()),
      cancel: async (kind, code) => (await stockVoid()).cancelStockVoid(db, kind, code),
      record: async (item) => (await stockVoid()).recordStockVoid(db, item, deps),
    },
    outbox: {
      retryPhoto: (photoId) => retryFailedPhoto(db, photoId),
      exportRecord: async (seq) => (await records()).exportOutboxRecord(db, seq),
    },
  };
}
