import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_COMMISSIONING_DEADLINE_HOURS } from '../src/domain/commissioning/commissioning';
import { NOTIFY_BEFORE_DAYS_DEFAULT, parseQuietHours, type QuietHours } from '../src/domain/campaign/notices';
import { PASSWORD_MIN_LENGTH } from '../src/domain/users/auth';

/**
 * Runtime configuration, read once from the environment (design §3).
 * Each variable is a zod schema over its raw string. A bad value is an operator mistake, not a bug: `parseConfig` returns it as a value
 * naming the variable, and main.ts prints that one line and exits 1.
 */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres:// URL, or null for SQLite in `dataDir`. */
  databaseUrl: string | null;
  /** Where photos live: files under `dataDir/photos`, or the PostgreSQL database (shared by every server process on it). */
  blobStore: BlobStoreKind;
  demo: boolean;
  /** Map tile URL template with {z}/{x}/{y} (and optionally {s}). */
  tileUrl: string;
  /** CSP source allowing the tiles, e.g. `https://tile.openstreetmap.org` or `https://*.tile.example.org`. */
  tileOrigin: string;
  /** Credit shown on the map for the tiles (plain text). */
  tileAttribution: string;
  /** The tile source permits downloading a route's area ahead of time (OpenStreetMap's public tiles do not). */
  tileBulkDownload: boolean;
  /** Passed unchanged to Express's 'trust proxy' setting. */
  trustProxy: boolean | number | string;
  logLevel: LogLevel;
  sessionIdleDays: number;
  sessionAbsoluteDays: number;
  /**
   * How long a revoke stays in the pull feed (design §5): a device that has not pulled for longer is sent back to a
   * full pull (reset) by the feed's compaction.
   */
  pullRevokeDays: number;
  /** When the database has no users, `admin` is created with this password. */
  adminPassword: string | null;
  /** The built PWA to serve (absolute path). */
  staticDir: string;
  /** Serve the build's `*.map` files; off by default, as they hand out the app's whole source. */
  serveSourceMaps: boolean;
  /** Customer notices (issue 15 §3, docs/api.md "Notices"): the gateway's webhook, or null to keep them queued (CSV export). */
  notifyWebhookUrl: string | null;
  /** The HMAC-SHA256 key signing the webhook and verifying delivery receipts; null leaves receipts refused. */
  notifyWebhookSecret: string | null;
  /** Vietnam-time hours nothing is sent in (default 21:00–07:00), or null to send at any hour. */
  notifyQuietHours: QuietHours | null;
  /** The notice before the visit goes out for orders planned within this many days. */
  notifyBeforeDays: number;
  /**
   * The address people outside reach this server at (`PUBLIC_URL`, e.g. https://thaycongto.example.vn), without a
   * trailing slash: the links in the customers' receipts start with it. Null: this process's own host and port.
   */
  publicUrl: string | null;
  /** Hours after the install a swap may wait for the head-end's first reading before it is overdue (issue 17; default 48). */
  commissioningDeadlineHours: number;
  /** How often the overdue sweep runs, in seconds (default 300). */
  commissioningSweepSeconds: number;
}

/** The address links for people outside start with: PUBLIC_URL, or this process's own host and port. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl !== null) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

export const BLOB_STORES = ['folder', 'database'] as const;
export type BlobStoreKind = (typeof BLOB_STORES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const DEFAULT_TILE_ATTRIBUTION = '© OpenStreetMap contributors';
const TILE_ATTRIBUTION_MAX = 200;
const MAX_SESSION_DAYS = 3650;

/** One variable: its zod schema over the raw string, and what it must be (the message adds the name and the value seen). */
interface Variable<T> {
  schema: z.ZodType<T, string>;
  expected: string;
  /** Secrets are never echoed back in the error line. */
  secret?: boolean;
}

const integerIn = (min: number, max: number) => z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const PORT: Variable<number> = { schema: integerIn(1, 65535), expected: 'an integer 1-65535' };

const HOST: Variable<string> = { schema: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/), expected: 'a host name or IP address' };

const DIRECTORY: Variable<string> = { schema: z.string(), expected: 'a directory path' };
const DATA_DIR = DIRECTORY;

/** dist/ beside the server folder, wherever the process was started from. */
const DEFAULT_STATIC_DIR = path.resolve(import.meta.dirname, '..', 'dist');

const BOOLEAN: Variable<boolean> = {
  schema: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true'),
  expected: '0 or 1',
};

const DATABASE_URL: Variable<string> = {
  schema: z.string().refine((raw) => {
    if (!URL.canParse(raw)) return false;
    const { protocol } = new URL(raw);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  }),
  expected: 'a postgres:// or postgresql:// URL',
  secret: true,
};

const BLOB_STORE: Variable<BlobStoreKind> = { schema: z.enum(BLOB_STORES), expected: `one of ${BLOB_STORES.join(', ')}` };

/** The CSP source for the tile host: `{s}` subdomain templates become a wildcard. */
function tileOrigin(raw: string): string | null {
  if (!raw.includes('{z}') || !raw.includes('{x}') || !raw.includes('{y}')) return null;
  const probe = raw.replace(/\{s\}/g, 'subdomain').replace(/\{[a-z]+\}/g, '0');
  if (!URL.canParse(probe)) return null;
  const url = new URL(probe);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = raw.includes('{s}.') ? url.host.replace(/^subdomain\./, '*.') : url.host;
  return `${url.protocol}//${host}`;
}

const TILE_URL: Variable<{ url: string; origin: string }> = {
  schema: z.string().transform((url, ctx) => {
    const origin = tileOrigin(url);
    if (origin === null) {
      ctx.addIssue({ code: 'custom', message: 'not a tile URL template' });
      return z.NEVER;
    }
    return { url, origin };
  }),
  expected: 'an http(s) URL template containing {z}, {x} and {y}',
};

/** Leaflet renders attributions as HTML: only plain text is accepted, so the environment cannot inject markup. */
const TILE_ATTRIBUTION: Variable<string> = {
  schema: z
    .string()
    .trim()
    .min(1)
    .max(TILE_ATTRIBUTION_MAX)
    .regex(/^[^<>]*$/),
  expected: `plain text (no < or >) up to ${TILE_ATTRIBUTION_MAX} characters`,
};

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(name: string): boolean {
  if (PROXY_NAMES.includes(name)) return true;
  const [address = '', bits, ...rest] = name.split('/');
  const family = isIP(address);
  if (rest.length > 0 || family === 0) return false;
  return bits === undefined || integerIn(0, family === 4 ? 32 : 128).safeParse(bits).success;
}

/** Express accepts a boolean, a hop count, or a comma list of names (loopback, linklocal, uniquelocal), addresses and subnets. */
const TRUST_PROXY: Variable<boolean | number | string> = {
  schema: z.union([
    z.enum(['true', 'false']).transform((v) => v === 'true'),
    integerIn(0, 100),
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()))
      .refine((names) => names.every(isProxyAddress))
      .transform((names) => names.join(',')),
  ]),
  expected: 'true, false, a hop count, or a comma list of loopback/linklocal/uniquelocal/IP/CIDR',
};

const LOG_LEVEL: Variable<LogLevel> = { schema: z.enum(LOG_LEVELS), expected: `one of ${LOG_LEVELS.join(', ')}` };

const DAYS: Variable<number> = { schema: integerIn(1, MAX_SESSION_DAYS), expected: `an integer 1-${MAX_SESSION_DAYS}` };

const ADMIN_PASSWORD: Variable<string> = {
  schema: z.string().min(PASSWORD_MIN_LENGTH),
  expected: `at least ${PASSWORD_MIN_LENGTH} characters long`,
  secret: true,
};

const NOTIFY_WEBHOOK_URL: Variable<string> = {
  schema: z.string().refine((raw) => URL.canParse(raw) && ['http:', 'https:'].includes(new URL(raw).protocol)),
  expected: 'an http(s) URL',
};

const PUBLIC_URL: Variable<string> = {
  schema: z
    .string()
    .refine(
      (raw) => URL.canParse(raw) && ['http:', 'https:'].includes(new URL(raw).protocol) && new URL(raw).search === '' && new URL(raw).hash === '',
    )
    .transform((raw) => raw.replace(/\/+$/, '')),
  expected: 'an http(s) URL without query or fragment, e.g. https://thaycongto.example.vn',
};

const NOTIFY_WEBHOOK_SECRET: Variable<string> = {
  schema: z.string().min(16),
  expected: 'at least 16 characters long',
  secret: true,
};

const NOTIFY_QUIET_HOURS: Variable<QuietHours | null> = {
  schema: z.string().transform((raw, ctx) => {
    const quiet = parseQuietHours(raw);
    if (quiet === undefined) {
      ctx.addIssue({ code: 'custom', message: 'not quiet hours' });
      return z.NEVER;
    }
    return quiet;
  }),
  expected: '"start-end" hours 0-23 in Vietnam time (e.g. 21-7), or off',
};

const NOTIFY_BEFORE_DAYS: Variable<number> = { schema: integerIn(1, 30), expected: 'an integer 1-30' };

/** A number of hours, decimals allowed (tests and demos shorten the deadline to seconds). */
const HOURS: Variable<number> = {
  schema: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number)
    .pipe(z.number().gt(0).max(720)),
  expected: 'a number of hours above 0, at most 720',
};
const SWEEP_SECONDS: Variable<number> = { schema: integerIn(1, 86_400), expected: 'an integer 1-86400' };

class ConfigProblem extends Error {}

/** Reads one variable: unset or empty means the default. */
function read<T>(env: Env, name: string, variable: Variable<T>, fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const parsed = variable.schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const seen = variable.secret === true ? '' : ` (got ${JSON.stringify(raw)})`;
  // Thrown only inside parseConfig and turned back into a value there.
  throw new ConfigProblem(`${name} must be ${variable.expected}${seen}`);
}

function build(env: Env): Config {
  const tile = read(env, 'TILE_URL', TILE_URL, { url: DEFAULT_TILE_URL, origin: 'https://tile.openstreetmap.org' });
  const sessionIdleDays = read(env, 'SESSION_IDLE_DAYS', DAYS, 30);
  const sessionAbsoluteDays = read(env, 'SESSION_ABSOLUTE_DAYS', DAYS, 90);
  if (sessionAbsoluteDays < sessionIdleDays) {
    throw new ConfigProblem(`SESSION_ABSOLUTE_DAYS must be at least SESSION_IDLE_DAYS (got ${sessionAbsoluteDays} < ${sessionIdleDays})`);
  }
  const databaseUrl = read<string | null>(env, 'DATABASE_URL', DATABASE_URL, null);
  const blobStore = read(env, 'BLOB_STORE', BLOB_STORE, 'folder');
  // Photos in a SQLite file would share one machine with it anyway (the folder store's case) while bloating the
  // file, its WAL and every backup of the records: the database store is for PostgreSQL only.
  const notifyWebhookUrl = read<string | null>(env, 'NOTIFY_WEBHOOK_URL', NOTIFY_WEBHOOK_URL, null);
  const notifyWebhookSecret = read<string | null>(env, 'NOTIFY_WEBHOOK_SECRET', NOTIFY_WEBHOOK_SECRET, null);
  if (notifyWebhookUrl !== null && notifyWebhookSecret === null) {
    throw new ConfigProblem('NOTIFY_WEBHOOK_URL needs NOTIFY_WEBHOOK_SECRET (at least 16 characters): the gateway verifies every message with it');
  }
  if (blobStore === 'database' && databaseUrl === null) {
    throw new ConfigProblem(
      'BLOB_STORE=database needs DATABASE_URL to be a postgres:// URL (photos are shared through PostgreSQL; on SQLite use BLOB_STORE=folder)',
    );
  }
  return {
    port: read(env, 'PORT', PORT, 8080),
    host: read(env, 'HOST', HOST, '0.0.0.0'),
    dataDir: path.resolve(read(env, 'DATA_DIR', DATA_DIR, './data')),
    databaseUrl,
    blobStore,
    demo: read(env, 'DEMO', BOOLEAN, false),
    tileUrl: tile.url,
    tileOrigin: tile.origin,
    tileAttribution: read(env, 'TILE_ATTRIBUTION', TILE_ATTRIBUTION, DEFAULT_TILE_ATTRIBUTION),
    tileBulkDownload: read(env, 'TILE_BULK_DOWNLOAD', BOOLEAN, false),
    trustProxy: read(env, 'TRUST_PROXY', TRUST_PROXY, false),
    logLevel: read(env, 'LOG_LEVEL', LOG_LEVEL, 'info'),
    sessionIdleDays,
    sessionAbsoluteDays,
    pullRevokeDays: read(env, 'PULL_REVOKE_DAYS', DAYS, 30),
    adminPassword: read<string | null>(env, 'ADMIN_PASSWORD', ADMIN_PASSWORD, null),
    staticDir: path.resolve(read(env, 'STATIC_DIR', DIRECTORY, DEFAULT_STATIC_DIR)),
    serveSourceMaps: read(env, 'SERVE_SOURCE_MAPS', BOOLEAN, false),
    notifyWebhookUrl,
    notifyWebhookSecret,
    notifyQuietHours: read<QuietHours | null>(env, 'NOTIFY_QUIET_HOURS', NOTIFY_QUIET_HOURS, { start: 21, end: 7 }),
    notifyBeforeDays: read(env, 'NOTIFY_BEFORE_DAYS', NOTIFY_BEFORE_DAYS, NOTIFY_BEFORE_DAYS_DEFAULT),
    publicUrl: read<string | null>(env, 'PUBLIC_URL', PUBLIC_URL, null),
    commissioningDeadlineHours: read(env, 'COMMISSIONING_DEADLINE_HOURS', HOURS, DEFAULT_COMMISSIONING_DEADLINE_HOURS),
    commissioningSweepSeconds: read(env, 'COMMISSIONING_SWEEP_SECONDS', SWEEP_SECONDS, 300),
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
