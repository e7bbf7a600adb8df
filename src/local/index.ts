export { applyPull, type PullPage } from './applyPull';
export {
  deleteUserDatabaseByName,
  openUserDatabase,
  userDatabaseName,
  UserDatabase,
  type DraftRow,
  type OutboxRow,
  type PhotoRow,
  type RecordRow,
  type SyncMetaRow,
  type UserDatabaseDeps,
  type WorkOrderRow,
} from './database';
export { DEVICE_DATABASE_NAME, deviceUserStore, LEGACY_DEVICE_USER_KEY, type DeviceUserStore } from './deviceUser';
export { useDisplayStatus, useLastPulledAt, useTodayWorkOrders, useWorkOrder, type TodayListResult } from './hooks';
export { LocalDatabaseProvider, useLocalDatabase } from './LocalDatabaseProvider';
export { getClientId, getPullCursor, markPulled, readSyncMeta } from './meta';
export { pullStoreFor } from './pullStore';
export {
  countUnsyncedWork,
  removeUserDataByIdIfSynced,
  removeUserDataIfSynced,
  type RemoveUserDataResult,
} from './unsyncedWork';
