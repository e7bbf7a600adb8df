import express, { type RequestHandler } from 'express';
import { AppError } from './problem';

/** Largest JSON body any route accepts: the push limit of design §5. */
export const JSON_BODY_LIMIT_BYTES = 256 * 1024;

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

/** Body parsing for JSON routes; mounted per route, after the role check. */
export function jsonBody(): RequestHandler[] {
  return [requireJson, express.json({ limit: JSON_BODY_LIMIT_BYTES, strict: true, type: JSON_TYPES })];
}
