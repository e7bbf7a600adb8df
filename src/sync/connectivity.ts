import type { NetworkStatus } from '../platform/network';
import type { ApiError } from './apiError';
import { StatusStore } from './syncStatus';

/**
 * What the app tells the technician about the connection:
 * - online: the server answered the last request, and the browser has not reported losing the network since;
 * - offline: the browser says there is no network, or the last request did not reach the server
 *   (no signal with an interface up, a captive portal, a proxy error, a timeout);
 * - checking: the browser says there is a network but no request has been answered since it said so.
 */
export type ConnectivityState = 'online' | 'offline' | 'checking';

/** Codes of a request that did not reach the server: the connectivity state already says so. */
export const NOT_REACHED_CODES: ReadonlySet<string> = new Set(['OFFLINE', 'TIMEOUT', 'BAD_RESPONSE']);

/**
 * Whether an API call's outcome shows the server was reached. A 5xx without a problem body is a proxy or a
 * gateway talking (the server's own 5xx answers are problem+json), so it does not count.
 */
export function reachedServer(outcome: { ok: true } | { ok: false; error: ApiError }, problemBody: boolean): boolean {
  if (outcome.ok) return true;
  const { code, status } = outcome.error;
  if (status === null || code === 'BAD_RESPONSE') return false;
  return status < 500 || problemBody;
}

/**
 * The one source of "are we online" for every screen: the browser's online/offline events and the outcome
 * of every API request, in the order they happened. `navigator.onLine` alone says only that some interface is
 * up; a failed request alone goes stale when the browser reports the network back. A request's outcome counts
 * only if no browser event came while it was on the wire, so a late answer cannot undo a newer "offline".
 */
export class Connectivity {
  private readonly state: StatusStore<ConnectivityState>;
  private epoch = 0;
  private readonly detach: () => void;

  constructor(network: NetworkStatus) {
    this.state = new StatusStore<ConnectivityState>(network.isOnline() ? 'checking' : 'offline');
    this.detach = network.subscribe((online) => {
      this.epoch += 1;
      this.state.set(online ? 'checking' : 'offline');
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => this.state.subscribe(listener);
  readonly getSnapshot = (): ConnectivityState => this.state.getSnapshot();

  /** Called as a request leaves; the returned function reports whether it reached the server. */
  readonly requestStarted = (): ((reached: boolean) => void) => {
    const epoch = this.epoch;
    return (reached) => {
      if (epoch !== this.epoch) return;
      this.state.set(reached ? 'online' : 'offline');
    };
  };

  /** Stops listening to the browser (tests; the app keeps one for its whole life). */
  dispose(): void {
    this.detach();
  }
}
