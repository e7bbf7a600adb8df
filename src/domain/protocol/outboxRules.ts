import { PROTOCOL_VERSION, PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS } from './limits';
import type { MutationEnvelope, MutationResult } from './mutations';
import { dayOfMonthInVietnam } from '../time/time';

/** Acknowledged outbox rows and uploaded photos stay on the device this long (design §5): a restored server can ask for them again. */
export const RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Photos uploaded at the same time. Four keep a link busy through each upload's round trip and the server's commit
 * (two left a loopback link idle half the time, issue 14) and leave two of the browser's six connections per
 * server to the push and the pull.
 */
export const PHOTO_UPLOAD_CONCURRENCY = 4;

/** From this day of the month (in Vietnam) unsent records are urgent: the month's billing closes. */
export const MONTH_END_FROM_DAY = 28;
/** Near month end, a record waiting longer than this gets the "send today" warning. */
export const MONTH_END_WAIT_MS = 2 * 60 * 60 * 1000;

/** "cần gửi trong hôm nay": day ≥ 28 in Asia/Ho_Chi_Minh and the record has waited more than 2 hours. */
export function needsSendingToday(createdAtMs: number, nowMs: number): boolean {
  const day = dayOfMonthInVietnam(new Date(nowMs));
  return day >= MONTH_END_FROM_DAY && nowMs - createdAtMs > MONTH_END_WAIT_MS;
}

const encoder = new TextEncoder();

/** Bytes of a value as JSON on the wire (UTF-8: Vietnamese letters take 2–3 bytes each). */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/**
 * How many of `mutations` (already in seq order) fit in one push: at most PUSH_MAX_MUTATIONS and at most
 * PUSH_MAX_BYTES for the whole body. Always at least one, so an oversized mutation is still sent (and refused)
 * instead of blocking the queue silently.
 */
export function batchSize(
  clientId: string,
  mutations: readonly MutationEnvelope[],
  maxBytes = PUSH_MAX_BYTES,
  maxCount = PUSH_MAX_MUTATIONS,
): number {
  const envelope = jsonBytes({ protocolVersion: PROTOCOL_VERSION, clientId, mutations: [] });
  let bytes = envelope;
  let count = 0;
  for (const m of mutations) {
    if (count >= maxCount) break;
    // Each mutation after the first adds a comma.
    const add = jsonBytes(m) + (count > 0 ? 1 : 0);
    if (count > 0 && bytes + add > maxBytes) break;
    bytes += add;
    count += 1;
  }
  return count;
}

/** The local state a push result leads to: the server took it (acked, conflicts included) or refused it for good. */
export function outcomeOf(result: MutationResult): 'acked' | 'rejected' {
  if (result.status === 'rejected') return 'rejected';
  if (result.status === 'duplicate' && result.original?.status === 'rejected') return 'rejected';
  return 'acked';
}

/**
 * Photo ids a mutation's args reference (swap photos and signatures, failed-visit evidence, an amendment's replaced
 * sections, a stock void's photos); [] for anything else.
 */
export function photoIdsOf(name: string, args: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  const ids: unknown[] = [];
  const a = args as Record<string, unknown>;
  const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
  const field = (v: unknown, key: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined);
  if (name === 'swap.complete') {
    ids.push(...listOf(field(a.removed, 'photoIds')), ...listOf(field(a.installed, 'photoIds')));
    ids.push(field(a.handover, 'signaturePhotoId'), field(a.handover, 'technicianSignaturePhotoId'));
  } else if (name === 'visit.fail' || name === 'stock.void') {
    ids.push(...listOf(a.photoIds));
  } else if (name === 'completion.amend') {
    // Only the sections the correction replaces travel; their photos may be new ones taken while fixing.
    const patch = a.patch;
    ids.push(...listOf(field(field(patch, 'removed'), 'photoIds')), ...listOf(field(field(patch, 'installed'), 'photoIds')));
    ids.push(field(field(patch, 'handover'), 'signaturePhotoId'), field(field(patch, 'handover'), 'technicianSignaturePhotoId'));
  }
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/** What a technician sees per record: chưa gửi / đang gửi / đã gửi / gửi thất bại. */
export type RecordSendState = 'pending' | 'sending' | 'sent' | 'failed';

export interface RecordStateInput {
  status: 'pending' | 'acked' | 'rejected';
  inFlight: boolean;
  photos: { total: number; uploaded: number; failed: number };
}

/** "đã gửi" only when the server has the record AND every one of its photos. */
export function recordSendState({ status, inFlight, photos }: RecordStateInput): RecordSendState {
  if (status === 'rejected' || photos.failed > 0) return 'failed';
  if (status === 'acked' && photos.uploaded >= photos.total) return 'sent';
  if (inFlight) return 'sending';
  return 'pending';
}
