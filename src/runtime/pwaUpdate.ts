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
  private checkForUpdate: (() => void) | null = null;

  /** `reload` loads the page again (a test passes a fake). */
  constructor(private readonly reload: () => void = () => window.location.reload()) {}

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

  /** Called by the registration: how to ask the server now whether a new version exists. */
  updateCheckAvailable(check: () => void): void {
    this.checkForUpdate = check;
  }

  /** Asks the server for a new version now (the server refused this one: CLIENT_OUTDATED). */
  checkNow(): void {
    this.checkForUpdate?.();
  }

  /**
   * The remedy for CLIENT_OUTDATED: the waiting version when there is one (even after "Để sau"), otherwise a
   * reload, which loads whatever the server serves now.
   */
  async applyOrReload(): Promise<void> {
    if (this.applyUpdate === null) this.reload();
    else await this.applyUpdate();
  }

  dismiss(): void {
    this.state.set({ needRefresh: false });
  }
}
