import * as z from 'zod/mini';
import {
  PHOTO_BATCH_CONTENT_TYPE,
  PHOTO_BATCH_MANIFEST_MAX_BYTES,
  PHOTO_BATCH_MAX_BYTES,
  PHOTO_MAX_BYTES,
  PhotoBatchManifest,
  type PhotoBatchItem,
  type PhotoBatchResponse,
  PHOTO_MIME_TYPES,
  PHOTO_SNIFF_BYTES,
  PhotoMime,
  sniffImageType,
  type PhotoUploadResponse,
} from '../../src/domain/capture/photos';
import { BlobDigestMismatchError, type BlobStore, type StoredBlob } from '../blobs/blobStore';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { createImageCheck, type ImageCheck, type ImageRefusal } from './imageCheck';
import { maySee } from './mutations/workOrderAccess';
import { fieldErrorsFromZod } from '../../src/domain/protocol/errors';
import { ok } from '../../src/domain/protocol/result';
import { createPhotoCommitter, type PhotoToCommit } from './photoCommits';
import { failure, type Result } from './result';

export interface PhotoUpload {
  /** The Content-Type header as sent. */
  contentType: string | undefined;
  /** The Content-Length header as sent, when there is one. */
  contentLength: string | undefined;
  /** The body; the service stops reading it as soon as it knows the answer is a refusal. */
  body: AsyncIterable<Uint8Array>;
}

export interface PhotoUploadResult extends PhotoUploadResponse {
  created: boolean;
}

export interface PhotoDownload {
  mime: PhotoMime;
  blob: StoredBlob;
}

const tooLarge = () => failure('PAYLOAD_TOO_LARGE', `A photo may be at most ${PHOTO_MAX_BYTES} bytes.`);
const notAnImage = () => failure('UNSUPPORTED_MEDIA_TYPE', `Send a JPEG, PNG or WEBP image (${PHOTO_MIME_TYPES.join(', ')}).`);
const refused = (refusal: ImageRefusal) => failure(refusal.code, refusal.detail);

function declaredType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads the body into the blob writer while counting, sniffing and checking the image in full (./imageCheck.ts);
 * stops at the first reason to refuse. Nothing is kept in memory but a segment header. The writer hashes the bytes
 * as they pass (once: it refuses to publish bytes that do not hash to the id).
 */
async function receive(input: PhotoUpload, write: (chunk: Uint8Array) => Promise<void>): Promise<Result<{ size: number; mime: PhotoMime }>> {
  let size = 0;
  let head: Uint8Array = new Uint8Array(0);
  let mime: PhotoMime | null = null;
  let check: ImageCheck | null = null;
  try {
    for await (const chunk of input.body) {
      size += chunk.length;
      if (size > PHOTO_MAX_BYTES) return tooLarge();
      if (mime === null) {
        // Usually the first chunk holds the sniffed bytes already: it is looked at, not copied.
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        if (head.length >= PHOTO_SNIFF_BYTES) {
          mime = sniffImageType(head);
          if (mime === null) return notAnImage();
          check = createImageCheck(mime);
          const refusal = check.push(head);
          if (refusal !== null) return refused(refusal);
        }
      } else if (check !== null) {
        const refusal = check.push(chunk);
        if (refusal !== null) return refused(refusal);
      }
      await write(chunk);
    }
    mime ??= sniffImageType(head);
    if (mime === null) return notAnImage();
    if (check === null) {
      check = createImageCheck(mime);
      const refusal = check.push(head);
      if (refusal !== null) return refused(refusal);
    }
    const verdict = await check.finish();
    if (!verdict.ok) return refused(verdict.refusal);
    return ok({ size, mime });
  } finally {
    check?.dispose();
  }
}

/**
 * Reads a request body piece by piece for a photo batch: the manifest line, then exactly each photo's bytes. A
 * chunk that spans two photos is split, never copied.
 */
function batchReader(source: AsyncIterable<Uint8Array>) {
  const iterator = source[Symbol.asyncIterator]();
  let rest: Uint8Array | null = null;
  let ended = false;

  async function next(): Promise<Uint8Array | null> {
    if (rest !== null) {
      const chunk = rest;
      rest = null;
      return chunk;
    }
    while (!ended) {
      const step = await iterator.next();
      if (step.done === true) ended = true;
      else if (step.value.length > 0) return step.value;
    }
    return null;
  }

  return {
    /** The first line without its newline, or null when none ends within `max` bytes. */
    async line(max: number): Promise<string | null> {
      const pieces: Uint8Array[] = [];
      let length = 0;
      for (;;) {
        const chunk = await next();
        if (chunk === null) return null;
        const newline = chunk.indexOf(0x0a);
        if (newline >= 0) {
          if (length + newline > max) return null;
          pieces.push(chunk.subarray(0, newline));
          if (newline + 1 < chunk.length) rest = chunk.subarray(newline + 1);
          return Buffer.concat(pieces).toString('utf8');
        }
        length += chunk.length;
        if (length > max) return null;
        pieces.push(chunk);
      }
    },
    /** The next `n` bytes as a stream (shorter when the body ends first); `left()` is what it has not yielded yet. */
    take(n: number) {
      let left = n;
      return {
        left: () => left,
        async *chunks(): AsyncGenerator<Uint8Array> {
          while (left > 0) {
            const chunk = await next();
            if (chunk === null) return;
            if (chunk.length > left) {
              rest = chunk.subarray(left);
              const piece = chunk.subarray(0, left);
              left = 0;
              yield piece;
            } else {
              left -= chunk.length;
              yield chunk;
            }
          }
        },
      };
    },
    /** Whether the body has no byte left. */
    async atEnd(): Promise<boolean> {
      const chunk = await next();
      if (chunk === null) return true;
      rest = chunk;
      return false;
    },
  };
}

const refusedItem = (id: string, refusal: { code: string; detail: string }): PhotoBatchItem => ({
  id,
  outcome: 'refused',
  code: refusal.code,
  detail: refusal.detail,
});

export function createPhotoService(store: Store, blobs: BlobStore, clock: Clock) {
  const commits = createPhotoCommitter(store);

  /**
   * `PUT /api/v1/photos/:photoId` (design §5). The type comes from the bytes (a PNG sent as image/jpeg is stored as
   * image/png); the header must still name an image type. The body streams to a temporary blob while it is hashed
   * and the image checked in full (structure, real dimensions, pixel budget: ./imageCheck.ts), never held in
   * memory; over 5 MB, not an image by its first bytes, or an image that cannot be read, reading stops at once. The photos row is
   * written only after the blob is durable, so a row always has its bytes, together with the rows of the uploads
   * that finished meanwhile (./photoCommits.ts), and the answer waits for that commit. Re-uploading stored bytes is
   * harmless (200) and repairs a lost blob.
   */
  async function upload(auth: AuthContext, photoId: string, input: PhotoUpload): Promise<Result<PhotoUploadResult>> {
    if (!(PHOTO_MIME_TYPES as readonly string[]).includes(declaredType(input.contentType))) return notAnImage();
    const declaredLength = Number(input.contentLength ?? '0');
    if (Number.isFinite(declaredLength) && declaredLength > PHOTO_MAX_BYTES) return tooLarge();

    const writer = await blobs.begin(photoId);
    try {
      const received = await receive(input, (chunk) => writer.write(chunk));
      if (!received.ok) return received;
      const { size, mime } = received.value;
      const arrived = commits.announce();
      try {
        await writer.commit();
      } catch (error) {
        arrived.cancel();
        if (error instanceof BlobDigestMismatchError) {
          return failure('PHOTO_DIGEST_MISMATCH', `The body hashes to ${error.digest}, not to the photo id.`);
        }
        throw error;
      }
      const committed = await arrived.commit({ id: photoId, bytes: size, mime, uploadedBy: auth.user.id, receivedAt: clock.now().toISOString() });
      const stored = PhotoMime.safeParse(committed.mime);
      return ok({ id: photoId, mime: stored.success ? stored.data : mime, bytes: size, created: committed.created });
    } finally {
      await writer.abort();
    }
  }

  /**
   * `POST /api/v1/photos` (issue 14): the photos of one request, each checked, hashed and made durable as `upload`
   * does. A photo's blob is published (fsync, rename) while the next photo streams in; the rows of every photo
   * published whole go to the group commit together when the body ends (./photoCommits.ts `commitAll`: one
   * transaction per request, not one per photo), and a photo is `created`/`stored` in the answer only once they are
   * committed. A photo refused for good is skipped (its remaining bytes read and thrown away) and the batch goes on.
   * A body cut or malformed mid-batch still commits the photos that arrived whole before it: the device asks about
   * them with HEAD rather than send them again. A process killed mid-batch commits none (none was acknowledged).
   */
  async function uploadBatch(auth: AuthContext, input: PhotoUpload): Promise<Result<PhotoBatchResponse>> {
    if (declaredType(input.contentType) !== PHOTO_BATCH_CONTENT_TYPE) {
      return failure('UNSUPPORTED_MEDIA_TYPE', `Send the batch as ${PHOTO_BATCH_CONTENT_TYPE}.`);
    }
    const declaredLength = input.contentLength === undefined ? null : Number(input.contentLength);
    if (declaredLength !== null && declaredLength > PHOTO_BATCH_MANIFEST_MAX_BYTES + 1 + PHOTO_BATCH_MAX_BYTES) {
      return failure('PAYLOAD_TOO_LARGE', `A batch carries at most ${PHOTO_BATCH_MAX_BYTES} bytes of photos.`);
    }
    const reader = batchReader(input.body);
    const line = await reader.line(PHOTO_BATCH_MANIFEST_MAX_BYTES);
    const badManifest = (detail: string, errors: { path: string; code: string; message: string }[] = []) =>
      failure('VALIDATION_FAILED', detail, { errors: errors.length > 0 ? errors : [{ path: 'manifest', code: 'invalid', message: detail }] });
    if (line === null)
      return badManifest(`The body must start with the manifest: one line of JSON, at most ${PHOTO_BATCH_MANIFEST_MAX_BYTES} bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return badManifest('The manifest line is not JSON.');
    }
    const parsed = z.safeParse(PhotoBatchManifest, json);
    if (!parsed.success) return badManifest('The manifest does not match PhotoBatchManifest.', fieldErrorsFromZod(parsed.error));
    const photos = parsed.data.photos;
    const total = photos.reduce((sum, p) => sum + p.bytes, 0);
    if (total > PHOTO_BATCH_MAX_BYTES) return failure('PAYLOAD_TOO_LARGE', `A batch carries at most ${PHOTO_BATCH_MAX_BYTES} bytes of photos.`);
    if (declaredLength !== null && declaredLength !== Buffer.byteLength(line) + 1 + total) {
      return badManifest(`Content-Length says ${declaredLength} bytes; the manifest says ${Buffer.byteLength(line) + 1 + total}.`);
    }

    // Each photo's fate once its blob is published (or it is refused): its rows are written together at the end.
    type Published = { item: PhotoBatchItem } | { error: unknown } | { row: PhotoToCommit };
    const outcomes: Promise<Published>[] = [];
    const receivedAt = clock.now().toISOString();
    let cut = false;

    /** Commits the rows of every photo published whole, in one transaction (group commit), and gives each outcome. */
    async function commitPublished(): Promise<PhotoBatchItem[]> {
      const settled = await Promise.all(outcomes);
      const rows = settled.flatMap((s) => ('row' in s ? [s.row] : []));
      const committed = await Promise.allSettled(commits.commitAll(rows));
      const failed = committed.find((c) => c.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      const failedPublish = settled.find((s) => 'error' in s);
      if (failedPublish !== undefined && 'error' in failedPublish) throw failedPublish.error;
      let next = 0;
      return settled.map((s) => {
        if ('item' in s) return s.item;
        if (!('row' in s)) throw new Error('unreachable: a failed publish was thrown above');
        const result = committed[next++];
        if (result?.status !== 'fulfilled') throw new Error(`photo ${s.row.id} missing from its commit`);
        const stored = PhotoMime.safeParse(result.value.mime);
        return {
          id: s.row.id,
          outcome: result.value.created ? 'created' : 'stored',
          mime: stored.success ? stored.data : s.row.mime,
          bytes: s.row.bytes,
        };
      });
    }

    try {
      for (const photo of photos) {
        const piece = reader.take(photo.bytes);
        const chunks = piece.chunks();
        const writer = await blobs.begin(photo.id);
        let publishing = false;
        try {
          const received = (PHOTO_MIME_TYPES as readonly string[]).includes(declaredType(photo.type))
            ? await receive({ contentType: photo.type, contentLength: String(photo.bytes), body: chunks }, (chunk) => writer.write(chunk))
            : notAnImage();
          // What a refusal left unread of this photo (a fresh stream of the same piece: the first one was closed).
          for await (const _skipped of piece.chunks()) {
            // thrown away
          }
          if (piece.left() > 0) {
            cut = true;
            break;
          }
          if (!received.ok) {
            outcomes.push(Promise.resolve({ item: refusedItem(photo.id, received.error) }));
            continue;
          }
          const { size, mime } = received.value;
          publishing = true;
          // The blob is made durable while the next photo streams in.
          outcomes.push(
            writer.commit().then(
              (): Published => ({ row: { id: photo.id, bytes: size, mime, uploadedBy: auth.user.id, receivedAt } }),
              (error: unknown): Published =>
                error instanceof BlobDigestMismatchError
                  ? {
                      item: refusedItem(photo.id, {
                        code: 'PHOTO_DIGEST_MISMATCH',
                        detail: `The body hashes to ${error.digest}, not to the photo id.`,
                      }),
                    }
                  : { error },
            ),
          );
        } finally {
          if (!publishing) await writer.abort();
        }
      }
    } catch (error) {
      // The body failed (the client gone): the photos that arrived whole are committed before the error goes on.
      await commitPublished().catch(() => undefined);
      throw error;
    }
    const items = await commitPublished();
    if (cut) return badManifest('The body ended before the photos the manifest declares.');
    if (!(await reader.atEnd())) return badManifest('The body goes on after the photos the manifest declares.');
    return ok({ results: items });
  }

  async function anyVisible(auth: AuthContext, workOrderIds: readonly string[]): Promise<boolean> {
    for (const wo of await store.workOrders.findByIds(workOrderIds)) {
      if (await maySee(store, auth.user, wo)) return true;
    }
    return false;
  }

  /**
   * A void's photos (issue 16 §4) are the stock's evidence, not a work order's: besides their technician (the
   * uploader) and the admins, the supervisors of the void's team see them, and nobody else (not the order's other
   * technicians, not another team). A void naming a photo its technician never uploaded grants nothing.
   */
  async function voidVisible(auth: AuthContext, photoId: string): Promise<boolean> {
    if (auth.user.role !== 'supervisor' || auth.user.teamId === null) return false;
    return (await store.stock.voidPhotoTeamIds(photoId)).includes(auth.user.teamId);
  }

  /**
   * A photo the caller may see, with its bytes: they uploaded it, or may see a work order whose completion or visit
   * references it *with a photo its technician uploaded* (admin: any; supervisor: their team's; technician: ever
   * assigned), or a supervisor whose team's stock void shows it (voidVisible). A reference that only quotes the hash of somebody else's photo grants nothing. Anything else is
   * NOT_FOUND, existing or not, for every role; so is a photo whose blob is missing (HEAD then tells the device to
   * upload it again). Visibility is settled before the photo is looked up, so an answer never depends on whether a
   * photo the caller may not see exists.
   */
  async function find(auth: AuthContext, photoId: string): Promise<Result<PhotoDownload>> {
    const notFound = failure('NOT_FOUND', 'No such photo.');
    const visible =
      auth.user.role === 'admin' ||
      (await store.photos.isUploader(photoId, auth.user.id)) ||
      (await anyVisible(auth, await store.photos.backedReferenceWorkOrderIds(photoId))) ||
      (await voidVisible(auth, photoId));
    if (!visible) return notFound;
    const photo = await store.photos.findById(photoId);
    if (!photo) return notFound;
    const mime = PhotoMime.safeParse(photo.mime);
    if (!mime.success) throw new Error(`photos.mime holds ${photo.mime}`);
    const blob = await blobs.get(photoId);
    return blob ? ok({ mime: mime.data, blob }) : notFound;
  }

  return { upload, uploadBatch, find };
}

export type PhotoService = ReturnType<typeof createPhotoService>;
