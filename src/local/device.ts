import type { GpsFix } from '../domain/map/geo';
import type { SwapContext } from '../domain/capture/swapValidation';
import type { SwapDraft } from '../domain/capture/swapDraft';
import type { WorkOrder } from '../domain/workOrder/workOrder';
import { cancelAmend, finishAmend, saveAmendDraft, saveAmendReason, startAmend, type FinishAmendInput, type StartAmendResult } from './amend';
import { completeSwap, recordFailedVisit, startVisit, type RecordInput, type RecordResult } from './capture';
import type { UserDatabase } from './database';
import { saveSwapDraft, type DraftChange, type SaveDraftResult } from './drafts';
import type { CommandDeps } from './outbox';
import { retryFailedPhoto } from './photoQueueStore';
import { exportOutboxRecord } from './recordExport';

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
  saveSwapDraft: DraftSaver;
  completeSwap(input: RecordInput & Pick<SwapContext, 'installedSerialsUsedToday'>): Promise<RecordResult>;
  recordFailedVisit(input: RecordInput): Promise<RecordResult>;
  /** Correcting a record the supervisor returned ("Bị trả lại"). */
  amend: {
    start(workOrder: WorkOrder): Promise<StartAmendResult>;
    saveDraft: DraftSaver;
    saveReason(workOrderId: string, reason: string): Promise<SaveDraftResult>;
    finish(input: FinishAmendInput): ReturnType<typeof finishAmend>;
    cancel(workOrderId: string): Promise<void>;
  };
  outbox: {
    retryPhoto(photoId: string): Promise<void>;
    /** The record behind an outbox row as a JSON file the technician can hand over by other means. */
    exportRecord(seq: number): ReturnType<typeof exportOutboxRecord>;
  };
}

export function bindDevice(db: UserDatabase, deps: CommandDeps): Device {
  return {
    startVisit: (input) => startVisit(db, input, deps),
    saveSwapDraft: (change) => saveSwapDraft(db, change, deps.now()),
    completeSwap: (input) => completeSwap(db, input, deps),
    recordFailedVisit: (input) => recordFailedVisit(db, input, deps),
    amend: {
      start: (workOrder) => startAmend(db, workOrder, deps),
      saveDraft: (change) => saveAmendDraft(db, change, deps.now()),
      saveReason: (workOrderId, reason) => saveAmendReason(db, workOrderId, reason, deps.now()),
      finish: (input) => finishAmend(db, input, deps),
      cancel: (workOrderId) => cancelAmend(db, workOrderId),
    },
    outbox: {
      retryPhoto: (photoId) => retryFailedPhoto(db, photoId),
      exportRecord: (seq) => exportOutboxRecord(db, seq),
    },
  };
}
