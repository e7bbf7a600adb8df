import express, { type RequestHandler } from 'express';
import { AppError } from './problem';

/** Largest JSON body any route accepts: the push limit of design §5. */
export const JSON_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Deepest nesting of arrays and objects any route accepts. Our deepest real body (a push of a swap with its
 * transformer rows) is 7 levels. Code that walks a parsed body recursively (the args hash, JSON.stringify when a
 * rejected mutation is kept, zod) would overflow the stack on a 40 KB body nested 20,000 levels, a 500 that the
 * same bytes repeat for ever; the limit refuses such a body before anything walks it.
 */
export const JSON_MAX_DEPTH = 64;

/** body-parser's error `type` for a body nested deeper than JSON_MAX_DEPTH (answered by the error handler). */
export const JSON_TOO_DEEP = 'entity.too.deep';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(headers: NodeJS.Dict<string | string[]>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A body in anything but JSON is refused (415) instead of being silently ignored. */
const requireJson: RequestHandler = (req, _res, next) => {
  if (hasBody(req.headers) && req.is(JSON_TYPES) === false) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'));
    return;
  }
  next();
};

/**
 * The deepest nesting of `[` and `{` in JSON text, counted in one pass without recursion (brackets inside strings
 * do not count). Stops counting once past `limit`. Malformed text gives some number; JSON.parse refuses it after.
 */
export function jsonDepth(text: string, limit: number = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

class TooDeep extends Error {
  // Read by body-parser: it answers with this status and type instead of its default 403.
  readonly status = 400;
  readonly type = JSON_TOO_DEEP;
  constructor() {
    super(`JSON nested deeper than ${JSON_MAX_DEPTH} levels`);
  }
}

/** body-parser's `verify` hook: runs on the raw bytes before JSON.parse. */
function refuseDeepNesting(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (jsonDepth(new TextDecoder(encoding).decode(body), JSON_MAX_DEPTH) > JSON_MAX_DEPTH) throw new TooDeep();
}

/** Body parsing for JSON routes; mounted per route, after the role check. */
export function jsonBody(): RequestHandler[] {
  return [requireJson, express.json({ limit: JSON_BODY_LIMIT_BYTES, strict: true, type: JSON_TYPES, verify: refuseDeepNesting })];
}
