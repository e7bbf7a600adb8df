/**
 * Wire protocol version carried by every push (design §5). In its own file so that contracts the sync schemas
 * use (mutations, work-order detail, reviews) can import it without an import cycle through sync.ts.
 */
export const PROTOCOL_VERSION = 1;

/** Push limits (design §5). */
export const PUSH_MAX_MUTATIONS = 50;
export const PUSH_MAX_BYTES = 256 * 1024;

/** Changes per pull page: the client's default and the most the server gives (design §5). */
export const PULL_DEFAULT_LIMIT = 200;
export const PULL_MAX_LIMIT = 1000;
