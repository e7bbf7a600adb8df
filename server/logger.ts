import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';

/** Paths never written to the log, wherever a careless call site puts them. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'body.password',
  'req.body.password',
  'token',
  '*.token',
  'cookie',
  '*.cookie',
  'headers.cookie',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers["set-cookie"]',
  'adminPassword',
  '*.adminPassword',
  'databaseUrl',
  '*.databaseUrl',
];

/** JSON lines to stdout (or a test's stream); ISO timestamps. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'meter-swap' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
