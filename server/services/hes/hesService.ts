import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { HES_MAX_BYTES, HesReadingsMessage } from '../../../src/domain/commissioning/commissioning';
import type { HesImportResponse, UnmatchedReadingList } from '../../../src/domain/commissioning/commissioningApi';
import { REMOTE_READ_TYPES } from '../../../src/domain/capture/handoverFields';
import { fieldErrorsFromZod } from '../../../src/domain/protocol/errors';
import type { Store } from '../../store/store';
import type { AuthContext } from '../authService';
import type { Clock } from '../clock';
import { ErrorList } from '../import/importErrors';
import { refuseUpload, TooLarge, withSpooledBody } from '../import/csvImport';
import { runImportJob } from '../import/importWorkerPool';
import { failure, type Result } from '../result';
import { HES_SCOPE, type ApiTokenService } from './apiTokenService';
import { readMeterReadingsXml } from './meterReadingsXml';
import { createReadingIngest, type LocatedReading } from './readingIngest';

/*
 * The head-end's two ways in (issue 17 §2), one rule: `POST /hes/meter-readings` (an integration with an API token:
 * a 61968-9 MeterReadings message as XML, or the same data as JSON) and `POST /hes/meter-readings/import` (a
 * supervisor's CSV file, with a dry run). Both read the body as a stream under HES_MAX_BYTES (413 beyond, decided
 * from Content-Length before reading when it is declared), then apply all or nothing.
 */

/** JSON is parsed whole (JSON.parse is linear, but one synchronous call): it gets a smaller cap than XML. */
export const HES_JSON_MAX_BYTES = 16 * 1024 * 1024;

const XML_TYPES = ['application/xml', 'text/xml'];

/** An upload as the route hands it over (the fields of server/http/streamedBody.ts's StreamedBody). */
interface Upload {
  contentType: string | undefined;
  contentLength: string | undefined;
  contentEncoding?: string | undefined;
  body: AsyncIterable<Uint8Array>;
}

export interface HesLimits {
  maxBytes: number;
  maxJsonBytes: number;
}

/** The body, counted: past `maxBytes` it throws TooLarge; the SHA-256 of what was read is kept for message ids. */
function counted(body: AsyncIterable<Uint8Array>, maxBytes: number) {
  const hash = createHash('sha256');
  let size = 0;
  async function* read(): AsyncGenerator<Uint8Array> {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) throw new TooLarge();
      hash.update(chunk);
      yield chunk;
    }
  }
  return { read: read(), digest: () => hash.digest('hex') };
}

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export function createHesService(
  store: Store,
  clock: Clock,
  tokens: ApiTokenService,
  limits: HesLimits = { maxBytes: HES_MAX_BYTES, maxJsonBytes: HES_JSON_MAX_BYTES },
) {
  const ingest = createReadingIngest(store, clock);
  const tooLarge = (max: number) => failure('PAYLOAD_TOO_LARGE', `A message may be at most ${max} bytes.`);

  /** `POST /hes/meter-readings`: the token first (nothing of the body is read without one), then the message. */
  async function receive(authorization: string | undefined, upload: Upload): Promise<Result<HesImportResponse>> {
    const token = await tokens.authenticate(authorization, HES_SCOPE);
    if (!token.ok) return token;
    const type = mediaType(upload.contentType);
    const isXml = XML_TYPES.includes(type);
    if (!isXml && type !== 'application/json')
      return failure('UNSUPPORTED_MEDIA_TYPE', 'Send the MeterReadings message as application/xml or application/json.');
    const encoding = (upload.contentEncoding ?? '').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity')
      return failure('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not accepted: send the message uncompressed.`);
    const max = isXml ? limits.maxBytes : limits.maxJsonBytes;
    const declared = Number(upload.contentLength ?? '0');
    if (Number.isFinite(declared) && declared > max) return tooLarge(max);
    const body = counted(upload.body, max);
    let readings: LocatedReading[];
    let messageId: string | null;
    try {
      if (isXml) {
        const parsed = await readMeterReadingsXml(body.read);
        if (!parsed.ok) {
          const errors = new ErrorList();
          errors.add(parsed.errors);
          return errors.failure();
        }
        ({ readings, messageId } = parsed.value);
        if (readings.length === 0)
          return failure('VALIDATION_FAILED', 'The message holds no energy register reading.', {
            errors: [{ path: 'MeterReadings', code: 'too_small', message: 'No MeterReading with a total active energy register.' }],
          });
      } else {
        const chunks: Uint8Array[] = [];
        for await (const chunk of body.read) chunks.push(chunk);
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
        } catch {
          return failure('VALIDATION_FAILED', 'The body is not JSON.', {
            errors: [{ path: '(root)', code: 'invalid_json', message: 'Send a JSON object {messageId?, readings: [...]}.' }],
          });
        }
        const parsed = z.safeParse(HesReadingsMessage, json);
        if (!parsed.success) return failure('VALIDATION_FAILED', 'The message is invalid.', { errors: fieldErrorsFromZod(parsed.error) });
        readings = parsed.data.readings.map((reading, i) => ({ line: i + 1, reading }));
        messageId = parsed.data.messageId ?? null;
      }
    } catch (error) {
      if (error instanceof TooLarge) return tooLarge(max);
      throw error;
    }
    return ingest.ingest(readings, {
      source: 'api',
      dryRun: false,
      teamId: null,
      actorId: null,
      ...(messageId === null || messageId === '' ? {} : { message: { id: messageId, bodyHash: body.digest(), tokenId: token.value.id } }),
    });
  }

  /** `POST /hes/meter-readings/import`: a CSV file from the head-end, by a supervisor (own team) or an admin. */
  async function importCsv(auth: AuthContext, request: { teamId: string | undefined; dryRun: boolean } & Upload): Promise<Result<HesImportResponse>> {
    let teamId: string | null = null;
    if (auth.user.role === 'supervisor') {
      if (auth.user.teamId === null) return failure('FORBIDDEN', 'A supervisor without a team cannot import readings.');
      if (request.teamId !== undefined && request.teamId !== auth.user.teamId)
        return failure('FORBIDDEN', 'Supervisors import only for their own team.');
      teamId = auth.user.teamId;
    } else if (request.teamId !== undefined) {
      if ((await store.teams.findById(request.teamId)) === undefined)
        return failure('VALIDATION_FAILED', 'No such team.', { errors: [{ path: 'teamId', code: 'not_found', message: 'Unknown team.' }] });
      teamId = request.teamId;
    }
    const refused = refuseUpload(request, limits.maxBytes, tooLarge);
    if (refused) return refused;
    // Only counted and spooled here: the file is read and applied in the import worker (../import/importWorkerPool.ts).
    const task = { location: store.location, teamId, actorId: auth.user.id, dryRun: request.dryRun, at: clock.now().toISOString() };
    return withSpooledBody(
      request.body,
      limits.maxBytes,
      (spoolPath) => runImportJob('hesCsv', { ...task, spoolPath }, () => store.holdWrites()),
      tooLarge,
    );
  }

  /** Readings of serials installed nowhere, newest first (all teams: a serial installed nowhere belongs to none). */
  async function unmatched(): Promise<UnmatchedReadingList> {
    const rows = await store.commissioning.unmatchedReadings(500);
    return {
      total: await store.commissioning.countUnmatched(),
      readings: rows.map((r) => ({
        serial: r.serial,
        readAt: r.readAt,
        total: r.total,
        commType: REMOTE_READ_TYPES.find((c) => c === r.commType) ?? null,
        receivedAt: r.receivedAt,
      })),
    };
  }

  return { receive, importCsv, unmatched };
}

export type HesService = ReturnType<typeof createHesService>;
