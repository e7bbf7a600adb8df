import type * as z from 'zod/mini';
import type { LoginRequest, Me } from '../domain/users/auth';
import type { FieldError, ProblemError } from '../domain/protocol/errors';
import type { ImportRowError } from '../domain/workOrder/imports';
import { PHOTO_BATCH_CONTENT_TYPE, PROTOCOL_VERSION } from '../domain/protocol/limits';
import type { PushRequest, PushResponse } from '../domain/protocol/mutations';
import type { PullPageResponse as PullResponse } from '../domain/protocol/sync';
import type { Endpoints } from '../domain/protocol/endpoints';
import type { PhotoBatchItem } from '../domain/capture/photos';
import { err, ok, type Result } from '../domain/protocol/result';
import type { Clock } from '../platform';
import { clientError, errorFromStatus, parseRetryAfter, type ApiError } from './apiError';
import { reachedServer, type Connectivity } from './connectivity';

/** Every request gives up after this long: mobile fetches can hang across network transitions. */
export const REQUEST_TIMEOUT_MS = 30_000;
/**
 * A photo batch's time grows with its bytes (a 1.5 MB batch takes 12 s on a 1 Mbit/s link, several at once longer):
 * REQUEST_TIMEOUT_MS plus one second per this many bytes, i.e. it gives up only below ~16 KB/s.
 */
export const BATCH_TIMEOUT_BYTES_PER_SECOND = 16 * 1024;

/** Where the API lives (same origin); also used for plain links: CSV exports, PDFs, photos. */
export const API_BASE = '/api/v1';

export type ApiResult<T> = Result<T, ApiError>;

/**
 * Method and path of the endpoints the device calls, as ENDPOINTS (src/domain/protocol/endpoints.ts) declares them: the
 * `satisfies` has the compiler check each entry against that one declaration, and importing it as a type only
 * keeps the API's schemas (about 6 kB gzip) off the technician's first screen.
 */
export const DEVICE_ROUTES = {
  'auth.login': { method: 'POST', path: '/auth/login' },
  'auth.logout': { method: 'POST', path: '/auth/logout' },
  'auth.me': { method: 'GET', path: '/auth/me' },
  'sync.pull': { method: 'GET', path: '/sync/pull' },
  'sync.push': { method: 'POST', path: '/sync/push' },
  'photos.head': { method: 'HEAD', path: '/photos/:photoId' },
  'photos.put': { method: 'PUT', path: '/photos/:photoId' },
  'photos.batch': { method: 'POST', path: '/photos' },
} as const satisfies { [N in keyof Endpoints]?: Pick<Endpoints[N], 'method' | 'path'> };
const ROUTES = DEVICE_ROUTES;

/** A photo route's path for one photo id. */
const photoPath = (route: { path: '/photos/:photoId' }, photoId: string): string => route.path.replace(':photoId', encodeURIComponent(photoId));

type Answers = typeof import('./answers');
let answersModule: Promise<Answers> | null = null;
/** The answer schemas, loaded with the first answer read (./answers.ts says why). */
const loadAnswers = (): Promise<Answers> => (answersModule ??= import('./answers'));

/** The subset of `fetch` the client uses, so tests inject a fake transport instead of patching globals. */
export type Transport = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiClientDeps {
  transport: Transport;
  clock: Clock;
  timeoutMs?: number;
  /** Told whether each request reached the server: the app's one "online" (src/sync/connectivity.ts). */
  connectivity?: Pick<Connectivity, 'requestStarted'>;
}

export interface PullParams {
  clientId: string;
  cursor: string | null;
  limit: number;
  /** The device's own backlog, sent along for the supervisor's sync-backlog report (PullQuery's optional fields). */
  report?: DeviceReport;
}

export interface DeviceReport {
  pendingRecords: number;
  pendingPhotos: number;
  oldestPendingAt: string | null;
}

export interface ApiClient {
  login(credentials: LoginRequest): Promise<ApiResult<Me>>;
  logout(): Promise<ApiResult<null>>;
  me(): Promise<ApiResult<Me>>;
  pull(params: PullParams): Promise<ApiResult<PullResponse>>;
  push(request: PushRequest): Promise<ApiResult<PushResponse>>;
  /** true when the server already has the photo (200), false when it does not (404). */
  hasPhoto(photoId: string): Promise<ApiResult<boolean>>;
  /** Uploads the bytes; `created` is false when the server already had them. */
  putPhoto(photo: PhotoUpload): Promise<ApiResult<{ created: boolean }>>;
  /**
   * Uploads several photos in one request (`POST /photos`): each one's outcome in order. A server that predates it
   * answers 404 (`NOT_FOUND`): send those photos one by one with `putPhoto`.
   */
  putPhotos(photos: readonly PhotoUpload[]): Promise<ApiResult<PhotoBatchItem[]>>;
  /**
   * Any other endpoint answering JSON (the supervisor console): `query` becomes the query string (undefined
   * values left out), `json` a JSON body, or `body` + `contentType` a raw one (a CSV file). The answer is parsed
   * with `schema`; an error answer is the same ApiError as everywhere else.
   */
  call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, options: CallOptions, schema: z.core.$ZodType<T>): Promise<ApiResult<T>>;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: Blob | ArrayBuffer | string;
  contentType?: string;
}

function queryString(query: CallOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export interface PhotoUpload {
  photoId: string;
  mime: string;
  bytes: ArrayBuffer;
}

export function createApiClient({ transport, clock, timeoutMs = REQUEST_TIMEOUT_MS, connectivity }: ApiClientDeps): ApiClient {
  /** Sends one request and tells `connectivity` whether it reached the server. */
  async function send<T>(
    path: string,
    init: RequestInit,
    read: (response: Response) => Promise<ApiResult<T>>,
    timeout = timeoutMs,
  ): Promise<ApiResult<T>> {
    const report = connectivity?.requestStarted();
    const { result, problemBody } = await exchange(path, init, read, timeout);
    report?.(reachedServer(result, problemBody));
    return result;
  }

  /** One request; `read` turns a 2xx answer into the result. The timeout also covers reading the body. */
  async function exchange<T>(
    path: string,
    init: RequestInit,
    read: (response: Response) => Promise<ApiResult<T>>,
    timeout: number,
  ): Promise<{ result: ApiResult<T>; problemBody: boolean }> {
    const controller = new AbortController();
    // Only this timer aborts the controller, so `signal.aborted` means "timed out".
    const cancelTimeout = clock.schedule(() => controller.abort(), timeout);
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json');
    try {
      let response: Response;
      try {
        // Same origin, cookie session: the browser sends the HttpOnly cookie, the page never sees it.
        response = await transport(`${API_BASE}${path}`, {
          ...init,
          headers,
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        });
      } catch {
        // fetch rejects only when no HTTP answer came: no network, or our timeout aborted it.
        return { result: err(clientError(controller.signal.aborted ? 'TIMEOUT' : 'OFFLINE')), problemBody: false };
      }
      const problemBody = /json/i.test(response.headers.get('Content-Type') ?? '');
      try {
        return { result: response.ok ? await read(response) : err(await readProblem(response, clock.now())), problemBody };
      } catch {
        // An answer came but its body could not be read as JSON (or stalled until the timeout).
        return {
          result: err(controller.signal.aborted ? clientError('TIMEOUT') : { ...clientError('BAD_RESPONSE'), status: response.status }),
          problemBody: false,
        };
      }
    } finally {
      cancelTimeout();
    }
  }

  /** A 2xx body parsed with its zod schema: anything else is BAD_RESPONSE (e.g. a captive portal page). */
  const json =
    <T>(schemaOf: (answers: Answers) => z.core.$ZodType<T>) =>
    async (response: Response): Promise<ApiResult<T>> => {
      const answers = await loadAnswers();
      // 204 No Content: the answer is `null` (an endpoint that answers nothing passes z.null()).
      const parsed = answers.check(schemaOf(answers), response.status === 204 ? null : await response.json());
      return parsed.success ? ok(parsed.data) : err({ ...clientError('BAD_RESPONSE'), status: response.status });
    };

  const noContent = (): Promise<ApiResult<null>> => Promise.resolve(ok(null));

  const postJson = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

  return {
    login: (credentials) =>
      send(
        ROUTES['auth.login'].path,
        postJson(credentials),
        json((a) => a.Me),
      ),
    logout: () => send(ROUTES['auth.logout'].path, { method: ROUTES['auth.logout'].method }, noContent),
    me: () =>
      send(
        ROUTES['auth.me'].path,
        { method: ROUTES['auth.me'].method },
        json((a) => a.Me),
      ),
    pull: ({ clientId, cursor, limit, report }) => {
      // The version goes first, as on a push: the server checks it before the rest (426 CLIENT_OUTDATED).
      const query = new URLSearchParams({ protocolVersion: String(PROTOCOL_VERSION), clientId, limit: String(limit) });
      if (cursor !== null) query.set('cursor', cursor);
      // This app keeps the technician's stock (issue 16): the feed may carry stockItem changes, the removed meters
      // they must bring back included (`2`).
      query.set('stock', '2');
      if (report !== undefined) {
        query.set('pendingRecords', String(report.pendingRecords));
        query.set('pendingPhotos', String(report.pendingPhotos));
        if (report.oldestPendingAt !== null) query.set('oldestPendingAt', report.oldestPendingAt);
      }
      return send(
        `${ROUTES['sync.pull'].path}?${query.toString()}`,
        { method: ROUTES['sync.pull'].method },
        json((a) => a.CheckedPullResponse),
      );
    },
    push: (request) =>
      send(
        ROUTES['sync.push'].path,
        postJson(request),
        json((a) => a.PushResponse),
      ),
    hasPhoto: async (photoId) => {
      const result = await send(photoPath(ROUTES['photos.head'], photoId), { method: ROUTES['photos.head'].method }, () => Promise.resolve(ok(true)));
      return !result.ok && result.error.status === 404 ? ok(false) : result;
    },
    putPhoto: ({ photoId, mime, bytes }) =>
      send(
        photoPath(ROUTES['photos.put'], photoId),
        // A Blob, not the ArrayBuffer itself: Chromium hands an ArrayBuffer body to the network process several
        // times more slowly (measured: 4 uploads of 200 KB at a time, 7× the wall time), and it was most of a
        // drain's time on the device (issue 14). The Blob is made once per attempt; its bytes are the same.
        { method: ROUTES['photos.put'].method, headers: { 'Content-Type': mime }, body: new Blob([bytes], { type: mime }) },
        async (response) => {
          const parsed = await json((a) => a.PhotoUploadResponse)(response);
          return parsed.ok ? ok({ created: response.status === 201 }) : parsed;
        },
      ),
    putPhotos: (photos) => {
      const manifest = { photos: photos.map((p) => ({ id: p.photoId, type: p.mime, bytes: p.bytes.byteLength })) };
      const bytes = photos.reduce((sum, p) => sum + p.bytes.byteLength, 0);
      return send(
        ROUTES['photos.batch'].path,
        // One Blob of the manifest line and the photos' buffers as they are (no copy in the page: the browser takes the parts).
        {
          method: ROUTES['photos.batch'].method,
          headers: { 'Content-Type': PHOTO_BATCH_CONTENT_TYPE },
          body: new Blob([`${JSON.stringify(manifest)}\n`, ...photos.map((p) => p.bytes)], { type: PHOTO_BATCH_CONTENT_TYPE }),
        },
        async (response) => {
          const parsed = await json((a) => a.PhotoBatchResponse)(response);
          if (!parsed.ok) return parsed;
          // An answer that does not speak of exactly these photos, in order, is not one to act on.
          const results = parsed.value.results;
          const matches = results.length === photos.length && results.every((r, i) => r.id === photos[i]?.photoId);
          return matches ? ok(results) : err({ ...clientError('BAD_RESPONSE'), status: response.status });
        },
        timeoutMs + Math.ceil(bytes / BATCH_TIMEOUT_BYTES_PER_SECOND) * 1000,
      );
    },
    call: (method, path, { query, json: jsonBody, body, contentType }, schema) => {
      const init: RequestInit =
        jsonBody !== undefined
          ? { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(jsonBody) }
          : { method, ...(body === undefined ? {} : { body, headers: { 'Content-Type': contentType ?? 'application/octet-stream' } }) };
      return send(
        `${path}${queryString(query)}`,
        init,
        json(() => schema),
      );
    },
  };
}

/** Reads an error answer: problem+json when the server sent one, otherwise a code from the status. */
async function readProblem(response: Response, nowMs: number): Promise<ApiError> {
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), nowMs);
  const fromStatus = errorFromStatus(response.status);
  let body: unknown = null;
  if (/json/i.test(response.headers.get('Content-Type') ?? '')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  const answers = await loadAnswers();
  const problem = answers.check(answers.Problem, body);
  const base: ApiError = problem.success
    ? {
        code: problem.data.code,
        status: response.status,
        retryable: problem.data.retryable,
        detail: problem.data.detail,
        ...(problem.data.errors ? splitErrors(problem.data.errors, answers) : {}),
        ...(typeof problem.data.expectedSeq === 'number' ? { expectedSeq: problem.data.expectedSeq } : {}),
      }
    : fromStatus;
  return retryAfterMs === undefined ? base : { ...base, retryAfterMs };
}

/**
 * Field errors keep their `path` (an import row error without one is named by its column or line); import row
 * errors (with a `line`) are also kept whole in `rowErrors` so the console can show line and column.
 */
function splitErrors(errors: ProblemError[], answers: Answers): Pick<ApiError, 'fieldErrors' | 'rowErrors'> {
  const fieldErrors: FieldError[] = errors.map((e) => ({ ...e, path: e.path ?? e.column ?? (e.line === undefined ? '(root)' : `line ${e.line}`) }));
  const rowErrors: ImportRowError[] = [];
  for (const e of errors) {
    const row = answers.check(answers.ImportRowError, e);
    if (row.success) rowErrors.push(row.data);
  }
  return rowErrors.length > 0 ? { fieldErrors, rowErrors } : { fieldErrors };
}
