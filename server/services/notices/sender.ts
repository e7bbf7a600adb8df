import { randomUUID } from 'node:crypto';
import { inQuietHours, quietHoursEnd, retryDelayMs, type QuietHours } from '../../../src/domain/campaign/notices';
import type { NoticeRecord } from '../../store/notices';
import type { Store } from '../../store/store';
import type { Clock } from '../clock';
import { settleShown } from './noticeOnWorkOrder';
import { SIGNATURE_HEADER, signBody } from './signature';

export interface SenderOptions {
  /** The gateway's webhook, or null: messages stay queued (the CSV export is the way out). */
  webhookUrl: string | null;
  secret: string | null;
  quietHours: QuietHours | null;
  /** One POST waits this long at most. */
  timeoutMs?: number;
  /** Attempts before a message is failed. */
  maxAttempts?: number;
  /** Messages claimed per pass. */
  batchSize?: number;
  /** POSTs in flight at once. */
  concurrency?: number;
  /** How long a claim holds; must outlast a POST (timeoutMs) by a wide margin. */
  leaseMs?: number;
  /** The first retry's delay (doubled per attempt, with jitter). */
  retryBaseMs?: number;
  /** This sender's name on its leases (one per process). */
  senderId?: string;
  /** [0, 1): the backoff's jitter (tests pass a fixed one). */
  random?: () => number;
}

/** What one pass did. */
export interface SendPass {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** The pass did nothing because of quiet hours, or no webhook is configured. */
  held: 'quiet' | 'no-webhook' | null;
}

type Outcome = { kind: 'sent' } | { kind: 'retry'; error: string } | { kind: 'fail'; error: string };

/**
 * The notice sender (issue 15 §3): claims due messages from the queue under a lease, POSTs each to the gateway's
 * webhook (signed, with a timeout) and settles it: 2xx sent; 4xx other than 408/429 failed at once (the same bytes
 * will be refused again); 5xx, 408, 429, a timeout or a network error retried with exponential backoff and jitter,
 * failed after `maxAttempts`. Delivery is at least once (a process that dies after the gateway took a message but
 * before marking it sent leaves a lease that runs out, and the message is sent again); the gateway dedupes by
 * messageId, which makes the effect exactly once.
 */
export function createNoticeSender(store: Store, clock: Clock, options: SenderOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 10;
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3);
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const senderId = options.senderId ?? randomUUID();
  const random = options.random ?? Math.random;

  async function post(message: NoticeRecord): Promise<Outcome> {
    const url = options.webhookUrl ?? '';
    const body = JSON.stringify({
      messageId: message.messageId,
      to: message.to,
      channel: message.channel,
      template: message.template,
      params: message.params,
      text: message.text,
    });
    const signature = signBody(options.secret ?? '', body, Math.floor(clock.now().getTime() / 1000));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'idempotency-key': message.messageId },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // The answer's body is not needed; read it so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { kind: 'sent' };
      const error = `HTTP ${response.status}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) return { kind: 'fail', error };
      return { kind: 'retry', error };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      return {
        kind: 'retry',
        error: name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : `network: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  async function settle(message: NoticeRecord, outcome: Outcome, pass: SendPass): Promise<void> {
    const now = clock.now();
    const at = now.toISOString();
    if (outcome.kind === 'sent') {
      if (await settleShown(store, message, 'sent', at, (tx) => tx.notices.markSent(message.messageId, senderId, at))) pass.sent += 1;
    } else if (outcome.kind === 'fail' || message.attempts >= maxAttempts) {
      const error = outcome.kind === 'fail' ? outcome.error : `${outcome.error}; gave up after ${message.attempts} attempts`;
      if (await settleShown(store, message, 'failed', at, (tx) => tx.notices.markFailed(message.messageId, senderId, error))) pass.failed += 1;
    } else {
      const next = new Date(now.getTime() + retryDelayMs(message.attempts, random(), retryBaseMs));
      if (await store.notices.markRetry(message.messageId, senderId, next.toISOString(), outcome.error)) pass.retried += 1;
    }
  }

  /** One pass: claims a batch of due messages and sends them, `concurrency` at a time. */
  async function sendOnce(): Promise<SendPass> {
    const pass: SendPass = { claimed: 0, sent: 0, retried: 0, failed: 0, held: null };
    if (options.webhookUrl === null) return { ...pass, held: 'no-webhook' };
    const now = clock.now();
    if (inQuietHours(options.quietHours, now)) return { ...pass, held: 'quiet' };
    const batch = await store.notices.claim(senderId, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), batchSize);
    pass.claimed = batch.length;
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const message = batch[next++];
        if (message === undefined) return;
        await settle(message, await post(message), pass);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    return pass;
  }

  /** Passes until one claims nothing (or holds): everything due now is sent or rescheduled. */
  async function drain(): Promise<SendPass> {
    const total: SendPass = { claimed: 0, sent: 0, retried: 0, failed: 0, held: null };
    for (;;) {
      const pass = await sendOnce();
      total.claimed += pass.claimed;
      total.sent += pass.sent;
      total.retried += pass.retried;
      total.failed += pass.failed;
      total.held = pass.held;
      if (pass.held !== null || pass.claimed === 0) return total;
    }
  }

  /** When the sender should look again at the earliest: the quiet hours' end while inside them. */
  function wakeAt(now: Date): Date {
    return quietHoursEnd(options.quietHours, now);
  }

  return { senderId, sendOnce, drain, wakeAt };
}

export type NoticeSender = ReturnType<typeof createNoticeSender>;
