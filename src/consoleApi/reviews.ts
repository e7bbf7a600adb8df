import type {
  DecideRecordRequest,
  DecideRecordResponse,
  ResolveReviewRequest,
  ReviewQueue,
  ReviewQueueQuery,
  ReviewRecordPage,
  ReviewRecordQuery,
} from '../domain/console/reviews';
import { ok } from '../domain/protocol/result';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEndpoint } from '../sync/endpoints';

/** `GET /api/v1/reviews`: the đối soát queue item by item (kept for the API; the console lists records). */
export function fetchReviews(api: ApiClient, query: Partial<ReviewQueueQuery>): Promise<ApiResult<ReviewQueue>> {
  return callEndpoint(api, 'reviews.list', { query: { ...query } });
}

/** `POST /api/v1/reviews/:id/resolve`: approve, or return with a note. The answer's body is not needed. */
export async function resolveReview(api: ApiClient, reviewId: string, request: ResolveReviewRequest): Promise<ApiResult<null>> {
  const result = await callEndpoint(api, 'reviews.resolve', { params: { id: reviewId }, json: request });
  // A 204 has no JSON body to read: the decision was still taken.
  const answeredWithoutBody =
    !result.ok && result.error.code === 'BAD_RESPONSE' && (result.error.status ?? 0) >= 200 && (result.error.status ?? 0) < 300;
  return result.ok || answeredWithoutBody ? ok(null) : result;
}

/** `GET /api/v1/reviews/records`: the queue by record (one per work order waiting), and how many records wait. */
export function fetchReviewRecords(api: ApiClient, query: Partial<ReviewRecordQuery>): Promise<ApiResult<ReviewRecordPage>> {
  return callEndpoint(api, 'reviews.records', { query: { ...query } });
}

/** `POST /api/v1/reviews/records/:workOrderId/decision`: one decision for the record and every flag it names. */
export function decideRecord(api: ApiClient, workOrderId: string, request: DecideRecordRequest): Promise<ApiResult<DecideRecordResponse>> {
  return callEndpoint(api, 'reviews.decideRecord', { params: { workOrderId }, json: request });
}
