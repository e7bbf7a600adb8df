import * as z from 'zod/mini';

/*
 * The customer's copy of the handover record (issue 15 §3, `/bien-ban/<token>`): a read-only page and its PDF that
 * the household opens without signing in. The link carries a random token of 32 bytes (base64url, 43 characters);
 * the server keeps only its SHA-256. A token reaches exactly one completion's record, for CUSTOMER_COPY_DAYS, until a
 * supervisor revokes it. One live token per completion: issuing again revokes the previous one (the raw token is
 * never stored, so it cannot be handed out twice).
 */

/** How long a customer's link works after it is issued. */
export const CUSTOMER_COPY_DAYS = 90;

/** The public path of a customer's copy. */
export const CUSTOMER_COPY_PATH = '/bien-ban';

/** A token as it appears in a link: base64url of 32 bytes. */
export const CustomerCopyToken = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/));

/** `POST /completions/:id/customer-copy`: the link to hand to the customer (shown once) and when it stops working. */
export const CustomerCopyIssued = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime(),
});
export type CustomerCopyIssued = z.infer<typeof CustomerCopyIssued>;

/** When a token issued at `createdAt` stops working (ISO instant in, ISO instant out). */
export function customerCopyExpiry(createdAt: string): string {
  return new Date(new Date(createdAt).getTime() + CUSTOMER_COPY_DAYS * 24 * 60 * 60 * 1000).toISOString();
}
