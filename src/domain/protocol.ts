/**
 * Wire protocol version carried by every push (design §5). In its own file so that contracts the sync schemas
 * use (mutations, work-order detail, reviews) can import it without an import cycle through sync.ts.
 */
export const PROTOCOL_VERSION = 1;
