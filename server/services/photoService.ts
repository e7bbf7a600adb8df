import {
  PHOTO_MAX_BYTES,
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
import { ok } from '../../src/domain/protocol/result';
import { createPhotoCommitter } from './photoCommits';
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
  let head = new Uint8Array(0);
  let mime: PhotoMime | null = null;
  let check: ImageCheck | null = null;
  try {
    for await (const chunk of input.body) {
      size += chunk.length;
      if (size > PHOTO_MAX_BYTES) return tooLarge();
      if (mime === null) {
        head = Buffer.concat([head, chunk]);
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

  async function anyVisible(auth: AuthContext, workOrderIds: readonly string[]): Promise<boolean> {
    for (const wo of await store.workOrders.findByIds(workOrderIds)) {
      if (await maySee(store, auth.user, wo)) return true;
    }
    return false;
  }

  /**
   * A photo the caller may see, with its bytes: they uploaded it, or may see a work order whose completion or visit
   * references it *with a photo its technician uploaded* (admin: any; supervisor: their team's; technician: ever
   * assigned). A reference that only quotes the hash of somebody else's photo grants nothing. Anything else is
   * NOT_FOUND, existing or not, for every role; so is a photo whose blob is missing (HEAD then tells the device to
   * upload it again). Visibility is settled before the photo is looked up, so an answer never depends on whether a
   * photo the caller may not see exists.
   */
  async function find(auth: AuthContext, photoId: string): Promise<Result<PhotoDownload>> {
    const notFound = failure('NOT_FOUND', 'No such photo.');
    const visible =
      auth.user.role === 'admin' ||
      (await store.photos.isUploader(photoId, auth.user.id)) ||
      (await anyVisible(auth, await store.photos.backedReferenceWorkOrderIds(photoId)));
    if (!visible) return notFound;
    const photo = await store.photos.findById(photoId);
    if (!photo) return notFound;
    const mime = PhotoMime.safeParse(photo.mime);
    if (!mime.success) throw new Error(`photos.mime holds ${photo.mime}`);
    const blob = await blobs.get(photoId);
    return blob ? ok({ mime: mime.data, blob }) : notFound;
  }

  return { upload, find };
}

export type PhotoService = ReturnType<typeof createPhotoService>;
