import type { Config } from '../../config';
import type { Store } from '../../store/store';
import type { Clock } from '../clock';
import { createNoticeSender, type NoticeSender, type SenderOptions } from './sender';
import { runVisitNotices, type VisitNoticeRun } from './visitNotices';

/** Where the loop says what it did, or that a pass failed (the app's logger). */
export interface NoticeLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** The visit-notice job runs at most this often (plans change through the day; a re-run adds nothing). */
const VISIT_JOB_EVERY_MS = 15 * 60_000;

/**
 * The notices' background work in the server process (issue 15 §3): every tick, the visit-notice job when it is
 * due, then the sender drains what is due. `tick` is exported so tests drive it by hand with a fake clock; `start`
 * schedules it with real timers and returns a stop that waits for a tick under way (main.ts, like the feed's
 * compaction). A failed tick is logged and the next one tries again: nothing here ever runs inside a request, so a
 * gateway that is down never slows a sync or a swap.
 */
export function createNoticeLoop(
  store: Store,
  clock: Clock,
  config: Pick<Config, 'notifyWebhookUrl' | 'notifyWebhookSecret' | 'notifyQuietHours' | 'notifyBeforeDays'>,
  senderOptions: Partial<SenderOptions> = {},
) {
  const sender: NoticeSender = createNoticeSender(store, clock, {
    webhookUrl: config.notifyWebhookUrl,
    secret: config.notifyWebhookSecret,
    quietHours: config.notifyQuietHours,
    ...senderOptions,
  });
  let visitJobAt = 0;

  async function tick(): Promise<{ visit: VisitNoticeRun | null; send: Awaited<ReturnType<NoticeSender['drain']>> }> {
    const now = clock.now().getTime();
    let visit: VisitNoticeRun | null = null;
    if (now >= visitJobAt) {
      visit = await runVisitNotices(store, clock, config.notifyBeforeDays);
      visitJobAt = now + VISIT_JOB_EVERY_MS;
    }
    return { visit, send: await sender.drain() };
  }

  function start(log: NoticeLog, everyMs: number): () => Promise<void> {
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const schedule = (ms: number) => {
      timer = setTimeout(() => {
        running = tick().then(
          ({ visit, send }) => {
            if (visit !== null && (visit.enqueued > 0 || visit.invalidPhones.length > 0)) {
              log.info(
                { enqueued: visit.enqueued, superseded: visit.superseded, optedOut: visit.optedOut, invalidPhones: visit.invalidPhones.length },
                'visit notices queued',
              );
            }
            if (send.claimed > 0) log.info({ sent: send.sent, retried: send.retried, failed: send.failed }, 'notices sent');
          },
          (error: unknown) => log.error({ err: error }, 'notice pass failed; the next one tries again'),
        );
        void running.then(() => {
          if (!stopped) schedule(everyMs);
        });
      }, ms);
      timer.unref();
    };
    schedule(everyMs);
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    };
  }

  return { tick, start, sender };
}

export type NoticeLoop = ReturnType<typeof createNoticeLoop>;
