/*
 * The sync protocol's version and limits (design §5): plain numbers, no schema, so the technician's first screen
 * (the push and pull loops) uses them without loading zod. The schemas in ./mutations.ts and ./sync.ts check
 * against these same values and re-export them.
 */

/** Wire protocol version carried by every push and pull (design §5). */
export const PROTOCOL_VERSION = 1;

/**
 * The oldest version the server still accepts. A client outside MIN_SUPPORTED_PROTOCOL_VERSION..PROTOCOL_VERSION
 * gets 426 CLIENT_OUTDATED with `supported: {min, max}` (design §5, §7); raising this retires old clients.
 */
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;

/**
 * What a pull without `protocolVersion` is taken for: clients from before pull carried it spoke version 1. When
 * MIN_SUPPORTED_PROTOCOL_VERSION passes it, those clients get CLIENT_OUTDATED like any other old one.
 */
export const PULL_PROTOCOL_VERSION_IF_ABSENT = 1;

/**
 * Whether `version` is a whole number the server does not speak. Only integers count: anything else is not a
 * version at all and is left to the request's schema (400 VALIDATION_FAILED).
 */
export function isUnsupportedProtocolVersion(version: unknown): boolean {
  return typeof version === 'number' && Number.isSafeInteger(version) && (version < MIN_SUPPORTED_PROTOCOL_VERSION || version > PROTOCOL_VERSION);
}

/** Push limits (design §5). */
export const PUSH_MAX_MUTATIONS = 50;
export const PUSH_MAX_BYTES = 256 * 1024;

/**
 * Changes per pull page: the client's default and the most the server gives (design §5). The feed holds what a
 * technician owns (one row per entity), so a full pull is a few hundred orders: 500 a page brings a day's work in one
 * round trip of a slow link rather than two, in a page of about 400 KB of JSON.
 */
export const PULL_DEFAULT_LIMIT = 500;
export const PULL_MAX_LIMIT = 1000;

/** `POST /api/v1/photos` (a photo batch, issue 14): its body's type and limits (../capture/photos.ts has the schemas). */
export const PHOTO_BATCH_CONTENT_TYPE = 'application/vnd.meter-swap.photo-batch';
export const PHOTO_BATCH_MAX_PHOTOS = 16;
/** The photos' bytes together, at most (each at most PHOTO_MAX_BYTES). */
export const PHOTO_BATCH_MAX_BYTES = 16 * 1024 * 1024;
export const PHOTO_BATCH_MANIFEST_MAX_BYTES = 8 * 1024;
