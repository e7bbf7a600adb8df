import type { Request, Response } from 'express';
import type { Result } from '../services/result';
import { AppError } from './problem';

/** The fields of an upload a service reads as a stream (photos, CSV imports). */
export interface StreamedBody {
  contentType: string | undefined;
  contentLength: string | undefined;
  body: AsyncIterable<Uint8Array>;
}

/**
 * Hands the request body to a service that reads it as a stream and may stop early (too large, wrong type, a
 * broken header): the stream stays alive so the refusal can still be answered, and a body left unread is not
 * drained (the connection closes after the answer, so a huge upload stops early). Resolves to the service's
 * value, throws its failure as an AppError, or resolves to `undefined` when the client went away mid-upload
 * (nobody is left to answer).
 */
export async function consumeStreamedBody<T>(req: Request, res: Response, consume: (body: StreamedBody) => Promise<Result<T>>): Promise<T | undefined> {
  let result: Result<T>;
  try {
    result = await consume({
      contentType: req.get('content-type'),
      contentLength: req.get('content-length'),
      body: req.iterator({ destroyOnReturn: false }),
    });
  } catch (error) {
    if (req.destroyed && !req.complete) return undefined;
    throw error;
  }
  if (!req.complete) res.set('Connection', 'close');
  if (!result.ok) throw AppError.fromFailure(result.error);
  return result.value;
}
