import * as z from 'zod/mini';
import { Me } from '../domain/users/auth';
import { Problem } from '../domain/protocol/errors';
import { ImportRowError } from '../domain/workOrder/imports';
import { PhotoBatchResponse, PhotoUploadResponse } from '../domain/capture/photos';
import { PushResponse } from '../domain/protocol/mutations';
import { PullPageResponse } from '../domain/protocol/sync';

/*
 * What the API client checks the server's answers with. `./api.ts` imports this module with the first answer it
 * reads, not with the page: the list a technician opens in the morning comes from the device's own database, so
 * the schema library (about 19 KB gzip) stays off the first screen and arrives with the first sync.
 */

export { ImportRowError, Me, Problem, PhotoBatchResponse, PhotoUploadResponse, PushResponse };

/** A pull page whose upserts all carry data: an upsert without data would silently lose an update. */
export const CheckedPullResponse = PullPageResponse.check(
  z.refine((page) => page.changes.every((c) => c.op !== 'upsert' || c.entity !== 'workOrder' || c.data !== undefined), {
    message: 'workOrder upsert without data',
  }),
);

export function check<T>(schema: z.core.$ZodType<T>, value: unknown): { success: true; data: T } | { success: false } {
  return z.safeParse(schema, value);
}
