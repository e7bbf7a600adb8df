import { z } from 'zod';
import { ResolveReviewRequest, ReviewQueueQuery, type ResolveReviewResponse, type ReviewQueue } from '../../src/domain/reviews';
import { AppError } from '../http/problem';
import { guardedRoute, type Api } from '../http/route';
import type { ReviewService } from '../services/reviewService';

const MANAGERS = ['supervisor', 'admin'] as const;
const ReviewIdParams = z.object({ id: z.uuid() });

/** Đối soát (design §9): the review queue and its decisions, supervisors within their team, admins anywhere. */
export function reviewRoutes(api: Api, reviews: ReviewService): void {
  guardedRoute(api, MANAGERS, {
    method: 'get',
    path: '/reviews',
    query: ReviewQueueQuery,
    handle: async ({ res, auth, query }) => {
      const result = await reviews.queue(auth, query);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies ReviewQueue);
    },
  });

  guardedRoute(api, MANAGERS, {
    method: 'post',
    path: '/reviews/:id/resolve',
    params: ReviewIdParams,
    body: ResolveReviewRequest,
    handle: async ({ res, auth, params, body }) => {
      const result = await reviews.resolve(auth, params.id, body);
      if (!result.ok) throw AppError.fromFailure(result.error);
      res.json(result.value satisfies ResolveReviewResponse);
    },
  });
}
