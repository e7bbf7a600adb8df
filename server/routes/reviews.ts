import { AppError } from '../http/problem';
import { route, type Api } from '../http/route';
import type { ReviewService } from '../services/reviewService';

/** Đối soát (design §9): the review queue and its decisions, supervisors within their team, admins anywhere. */
export function reviewRoutes(api: Api, reviews: ReviewService): void {
  route(api, 'reviews.list', async ({ auth, query }) => {
    const result = await reviews.queue(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'reviews.records', async ({ auth, query }) => {
    const result = await reviews.records(auth, query);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'reviews.decideRecord', async ({ auth, params, body }) => {
    const result = await reviews.decideRecord(auth, params.workOrderId, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });

  route(api, 'reviews.resolve', async ({ auth, params, body }) => {
    const result = await reviews.resolve(auth, params.id, body);
    if (!result.ok) throw AppError.fromFailure(result.error);
    return result.value;
  });
}
