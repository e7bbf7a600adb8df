import { StatusStore } from '../sync';

export interface UpdateState {
  /** A new service worker is installed and waiting for the user's go-ahead. */
  needRefresh: boolean;
}

/**
 * The update prompt's state. With registerType 'prompt' a new version waits until the user taps
 * "Cập nhật": reloading on its own could interrupt a technician in the middle of a record.
 */
export class PwaUpdate {
  private readonly state = new StatusStore<UpdateState>({ needRefresh: false });
  private applyUpdate: (() => Promise<void>) | null = null;

  readonly subscribe = (listener: () => void) => this.state.subscribe(listener);
  readonly getSnapshot = (): UpdateState => this.state.getSnapshot();

  /** Called by the registration when a new version is waiting; `apply` activates it and reloads. */
  updateWaiting(apply: () => Promise<void>): void {
    this.applyUpdate = apply;
    this.state.set({ needRefresh: true });
  }

  async apply(): Promise<void> {
    await this.applyUpdate?.();
  }

  dismiss(): void {
    this.state.set({ needRefresh: false });
  }
}
