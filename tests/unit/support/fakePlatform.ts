import { memoryKeyValue, noLocks, type Cancel, type Clock, type NetworkStatus, type PageVisibility, type Platform } from '../../../src/platform';

/** A clock whose time moves only when the test says so; timers fire in due order. */
export class FakeClock implements Clock {
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(private current = Date.parse('2026-11-24T03:00:00Z')) {}

  now(): number {
    return this.current;
  }

  schedule(callback: () => void, delayMs: number): Cancel {
    const id = this.nextId++;
    this.timers.push({ at: this.current + delayMs, callback, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  /** Delays of the timers waiting, from now. */
  pendingDelays(): number[] {
    return this.timers.map((t) => t.at - this.current);
  }

  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = due.at;
      due.callback();
    }
    this.current = until;
  }
}

export class FakeNetwork implements NetworkStatus {
  private listeners = new Set<(online: boolean) => void>();

  constructor(private online = true) {}

  isOnline(): boolean {
    return this.online;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(online: boolean): void {
    this.online = online;
    for (const l of this.listeners) l(online);
  }
}

export class FakeVisibility implements PageVisibility {
  private listeners = new Set<() => void>();

  onVisible(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  becomeVisible(): void {
    for (const l of this.listeners) l();
  }
}

export interface FakePlatform extends Platform {
  clock: FakeClock;
  network: FakeNetwork;
  visibility: FakeVisibility;
}

let uuidCounter = 0;

export function fakePlatform(options: { random?: number; online?: boolean } = {}): FakePlatform {
  return {
    clock: new FakeClock(),
    random: {
      next: () => options.random ?? 0.5,
      uuid: () => {
        uuidCounter += 1;
        return `10000000-0000-4000-8000-${uuidCounter.toString(16).padStart(12, '0')}`;
      },
    },
    network: new FakeNetwork(options.online ?? true),
    visibility: new FakeVisibility(),
    locks: noLocks,
    settings: memoryKeyValue(),
  };
}

/** Lets pending promise callbacks (and fake-indexeddb's setImmediate work) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
