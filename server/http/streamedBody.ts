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
export async function consumeStreamedBody<T>(
  req: Request,
  res: Response,
  consume: (body: StreamedBody) => Promise<Result<T>>,
  options: { idleMs?: number } = {},
): Promise<T | undefined> {
  let result: Result<T>;
  // A client that stops sending mid-body holds a socket and a temporary file until it leaves: after `idleMs`
  // without a byte the request is ended (destroyed), which ends the read like a client gone away.
  let timer: NodeJS.Timeout | undefined;
  // Called for every chunk: the one timer is re-armed (refresh), not replaced by a new one each time.
  const idle = () => {
    if (options.idleMs === undefined) return;
    if (timer === undefined) timer = setTimeout(() => req.destroy(), options.idleMs);
    else timer.refresh();
  };
  async function* watched(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    idle();
    for await (const chunk of body) {
      idle();
      yield chunk;
    }
    clearTimeout(timer);
  }
  try {
    result = await consume({
      contentType: req.get('content-type'),
      contentLength: req.get('content-length'),
      body: watched(req.iterator({ destroyOnReturn: false })),
    });
  } catch (error) {
    if (req.destroyed && !req.complete) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (!req.complete) res.set('Connection', 'close');
  if (!result.ok) throw AppError.fromFailure(result.error);
  return result.value;
}
