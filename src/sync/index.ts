export { createApiClient, REQUEST_TIMEOUT_MS, type ApiClient, type ApiResult, type PullParams, type Transport } from './api';
export { CLIENT_ERROR_CODES, type ApiError, type ClientErrorCode } from './apiError';
export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelayMs } from './backoff';
export { LOCAL_ERROR, SyncEngine, type SyncEngineDeps, type SyncTrigger } from './engine';
export { MAX_PULL_PAGES_PER_RUN, pullAll, type PullStore, type PullSummary } from './pull';
export { StatusStore, type SyncStatus } from './syncStatus';
