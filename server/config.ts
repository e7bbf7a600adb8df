import { isIP } from 'node:net';
import path from 'node:path';
import { PASSWORD_MIN_LENGTH } from '../src/domain/auth';

/**
 * Runtime configuration, read once from the environment (design §3).
 * A bad value is an operator mistake, not a bug: `parseConfig` returns it as a value
 * naming the variable, and main.ts prints that one line and exits 1.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres:// URL, or null for SQLite in `dataDir`. */
  databaseUrl: string | null;
  demo: boolean;
  /** Map tile URL template with {z}/{x}/{y} (and optionally {s}). */
  tileUrl: string;
  /** CSP source allowing the tiles, e.g. `https://tile.openstreetmap.org` or `https://*.tile.example.org`. */
  tileOrigin: string;
  /** Passed unchanged to Express's 'trust proxy' setting. */
  trustProxy: boolean | number | string;
  logLevel: LogLevel;
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  /** When the database has no users, `admin` is created with this password. */
  adminPassword: string | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const MAX_SESSION_DAYS = 3650;

/** A single variable's parse: the value, or what it must be (the caller adds the name and the value seen). */
type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string; secret?: boolean };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (expected: string, secret = false): Parsed<never> => ({ ok: false, expected, secret });

function integer(raw: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

function parsePort(raw: string): Parsed<number> {
  const n = integer(raw, 1, 65535);
  return n === null ? bad('an integer 1-65535') : ok(n);
}

function parseBoolean(raw: string): Parsed<boolean> {
  if (raw === '1' || raw === 'true') return ok(true);
  if (raw === '0' || raw === 'false') return ok(false);
  return bad('0 or 1');
}

function parseDatabaseUrl(raw: string): Parsed<string> {
  try {
    const url = new URL(raw);
    if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') return ok(raw);
  } catch {
    // fall through: not a URL at all
  }
  return bad('a postgres:// or postgresql:// URL', true);
}

/** The CSP source for the tile host: `{s}` subdomain templates become a wildcard. */
function parseTileUrl(raw: string): Parsed<{ url: string; origin: string }> {
  const expected = 'an http(s) URL template containing {z}, {x} and {y}';
  if (!raw.includes('{z}') || !raw.includes('{x}') || !raw.includes('{y}')) return bad(expected);
  try {
    const probe = new URL(raw.replace(/\{s\}/g, 'subdomain').replace(/\{[a-z]+\}/g, '0'));
    if (probe.protocol !== 'https:' && probe.protocol !== 'http:') return bad(expected);
    const host = raw.includes('{s}.') ? probe.host.replace(/^subdomain\./, '*.') : probe.host;
    return ok({ url: raw, origin: `${probe.protocol}//${host}` });
  } catch {
    return bad(expected);
  }
}

/** Express accepts a boolean, a hop count, or a comma list of names (loopback, linklocal, uniquelocal), addresses and subnets. */
function parseTrustProxy(raw: string): Parsed<boolean | number | string> {
  if (raw === 'true') return ok(true);
  if (raw === 'false') return ok(false);
  const hops = integer(raw, 0, 100);
  if (hops !== null) return ok(hops);
  const names = raw.split(',').map((s) => s.trim());
  const valid = names.every((name) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(name)) return true;
    const [address = '', bits, ...rest] = name.split('/');
    if (rest.length > 0 || isIP(address) === 0) return false;
    return bits === undefined || integer(bits, 0, isIP(address) === 4 ? 32 : 128) !== null;
  });
  return valid ? ok(names.join(',')) : bad('true, false, a hop count, or a comma list of loopback/linklocal/uniquelocal/IP/CIDR');
}

function parseLogLevel(raw: string): Parsed<LogLevel> {
  const level = LOG_LEVELS.find((l) => l === raw);
  return level === undefined ? bad(`one of ${LOG_LEVELS.join(', ')}`) : ok(level);
}

function parseDays(raw: string): Parsed<number> {
  const n = integer(raw, 1, MAX_SESSION_DAYS);
  return n === null ? bad(`an integer 1-${MAX_SESSION_DAYS}`) : ok(n);
}

function parseAdminPassword(raw: string): Parsed<string> {
  return raw.length >= PASSWORD_MIN_LENGTH ? ok(raw) : bad(`at least ${PASSWORD_MIN_LENGTH} characters long`, true);
}

function parseHost(raw: string): Parsed<string> {
  return /^[A-Za-z0-9.:[\]-]+$/.test(raw) ? ok(raw) : bad('a host name or IP address');
}

class ConfigProblem {
  constructor(readonly message: string) {}
}

/** Reads one variable: unset or empty means the default. */
function read<T>(env: Env, name: string, parse: (raw: string) => Parsed<T>, fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const parsed = parse(raw);
  if (parsed.ok) return parsed.value;
  const seen = parsed.secret === true ? '' : ` (got ${JSON.stringify(raw)})`;
  // Thrown only inside parseConfig and turned back into a value there.
  throw new ConfigProblem(`${name} must be ${parsed.expected}${seen}`);
}

function build(env: Env): Config {
  const tile = read(env, 'TILE_URL', parseTileUrl, { url: DEFAULT_TILE_URL, origin: 'https://tile.openstreetmap.org' });
  const sessionIdleDays = read(env, 'SESSION_IDLE_DAYS', parseDays, 30);
  const sessionAbsoluteDays = read(env, 'SESSION_ABSOLUTE_DAYS', parseDays, 90);
  if (sessionAbsoluteDays < sessionIdleDays) {
    throw new ConfigProblem(
      `SESSION_ABSOLUTE_DAYS must be at least SESSION_IDLE_DAYS (got ${sessionAbsoluteDays} < ${sessionIdleDays})`,
    );
  }
  return {
    port: read(env, 'PORT', parsePort, 8080),
    host: read(env, 'HOST', parseHost, '0.0.0.0'),
    dataDir: path.resolve(read(env, 'DATA_DIR', ok, './data')),
    databaseUrl: read<string | null>(env, 'DATABASE_URL', parseDatabaseUrl, null),
    demo: read(env, 'DEMO', parseBoolean, false),
    tileUrl: tile.url,
    tileOrigin: tile.origin,
    trustProxy: read(env, 'TRUST_PROXY', parseTrustProxy, false),
    logLevel: read(env, 'LOG_LEVEL', parseLogLevel, 'info'),
    sessionIdleDays,
    sessionAbsoluteDays,
    adminPassword: read<string | null>(env, 'ADMIN_PASSWORD', parseAdminPassword, null),
  };
}

/** Parses the environment; the failure message names the variable, e.g. `PORT must be an integer 1-65535 (got "abc")`. */
export function parseConfig(env: Env): ConfigResult {
  try {
    return { ok: true, config: build(env) };
  } catch (error) {
    if (error instanceof ConfigProblem) return { ok: false, message: error.message };
    throw error;
  }
}
