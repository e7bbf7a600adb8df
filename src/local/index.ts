// The one door into the device's data (lint: screens and the app shell import src/local only from here).
// Commands come bound to the signed-in user's database, clock and ids through useDevice(); the live
// queries are hooks that read the same database from <DeviceProvider>.
export { applyPull, type PullPage } from './applyPull';
export type { AmendRefusal } from './amend';
export type { AmendDraft } from './amendDraft';
export { useAmendDraft } from './amendHooks';
export { useInstalledSerialsUsedToday, usePhotoOnlyOnServer, usePhotoUrl, useSwapDraft, useWorkOrderRecords } from './captureHooks';
export type { RecordResult } from './capture';
export {
  deleteUserDatabaseByName,
  openUserDatabase,
  userDatabaseName,
  UserDatabase,
  type DraftRow,
  type OutboxRow,
  type PhotoBytesRow,
  type PhotoRow,
  type RecordRow,
  type StockVoidRow,
  type SyncMetaRow,
  type UserDatabaseDeps,
  type WorkOrderRow,
} from './database';
export type { Device, DraftSaver } from './device';
export { DeviceProvider, useDevice } from './DeviceProvider';
export { DEVICE_DATABASE_NAME, deviceUserStore, LEGACY_DEVICE_USER_KEY, type DeviceUserStore } from './deviceUser';
export { mergeDraftChanges, type DraftChange, type NewPhoto, type SaveDraftResult } from './drafts';
export { useCommissioning } from './commissioningHooks';
export { useWorkOrderNotice } from './noticeHooks';
export { useDisplayStatus, useLastPulledAt, useTodayWorkOrders, useWorkOrder, type TodayListResult } from './hooks';
export { LatestWriter } from './latestWriter';
export { getClientId, getPullCursor, markPulled, readSyncMeta } from './meta';
export type { CommandDeps } from './outbox';
export { useOutboxOverview, useWaitingCount, type OutboxItem } from './outboxHooks';
export { OutboxOverviewProvider } from './OutboxOverviewProvider';
export { pushStoreFor, watchPendingWork } from './outboxStore';
export { photoQueueStoreFor } from './photoQueueStore';
export { pullStoreFor } from './pullStore';
export { reclaimRetained } from './retention';
export {
  readHeldStock,
  readStockDay,
  useHeldItems,
  useHeldStock,
  useStockDay,
  useStockVoidDraft,
  type InstalledToday,
  type StockDay,
  type ToReturn,
} from './stockHooks';
export type { StockVoidChange } from './stockVoid';
export { useReturnBadges, useReturnInfo, type ReturnBadge, type ReturnInfo } from './returnHooks';
export { countUnsyncedWork, removeUserDataByIdIfSynced, removeUserDataIfSynced, type RemoveUserDataResult } from './unsyncedWork';
