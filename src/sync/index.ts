export {
  createApiClient,
  REQUEST_TIMEOUT_MS,
  type ApiClient,
  type ApiResult,
  type CallOptions,
  type PhotoUpload,
  type PullParams,
  type Transport,
} from './api';
export { CLIENT_ERROR_CODES, isClientOutdated, type ApiError, type ClientErrorCode } from './apiError';
export { Connectivity, NOT_REACHED_CODES, type ConnectivityState } from './connectivity';
export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelayMs } from './backoff';
export { LOCAL_ERROR, PENDING_INTERVAL_MS, SyncEngine, WRITE_DEBOUNCE_MS, type SyncEngineDeps, type SyncTrigger } from './engine';
export {
  PHOTO_ACK_BATCH,
  PHOTO_BATCH_PHOTOS,
  uploadPendingPhotos,
  type PhotoQueueApi,
  type PhotoQueueStore,
  type PhotoQueueSummary,
} from './photoQueue';
export { MAX_PUSH_BATCHES_PER_RUN, PUSH_ERROR_CODES, pushAll, type PushStore, type PushSummary } from './push';
export { MAX_PULL_PAGES_PER_RUN, pullAll, type PullStore, type PullSummary } from './pull';
export { StatusStore, type SyncStatus } from './syncStatus';
