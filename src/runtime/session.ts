import type { Me } from '../domain';
import { err, ok, type Result } from '../domain/protocol/result';
import {
  countUnsyncedWork,
  deviceUserStore,
  type DeviceUserStore,
  openUserDatabase,
  photoQueueStoreFor,
  pullStoreFor,
  pushStoreFor,
  reclaimRetained,
  removeUserDataByIdIfSynced,
  removeUserDataIfSynced,
  type UserDatabase,
  type UserDatabaseDeps,
  watchPendingWork,
} from '../local';
import type { Platform } from '../platform';
import { StatusStore, SyncEngine, type ApiClient, type ApiError } from '../sync';

export type SessionState =
  | { status: 'loading' }
  /** Nobody is signed in on this device. */
  | { status: 'signedOut' }
  /** The server forgot the session (401): sign in again; the user's database stays on the device. */
  | { status: 'expired'; me: Me }
  | { status: 'signedIn'; me: Me; db: UserDatabase; engine: SyncEngine };

export type SignOutResult = { status: 'signedOut'; dataRemoved: boolean } | { status: 'unsynced'; count: number };

export interface SessionDeps {
  api: ApiClient;
  platform: Platform;
  /** Who is signed in on this device; by default the device's IndexedDB database (tests give each their own). */
  deviceUser?: DeviceUserStore;
}

/**
 * Who is signed in on this device, and the database and sync engine that go with them.
 * Plain TypeScript (no React): the UI reads it through useSyncExternalStore.
 */
export class Session {
  private readonly state = new StatusStore<SessionState>({ status: 'loading' });
  private readonly dbDeps: UserDatabaseDeps;
  private readonly deviceUser: DeviceUserStore;

  constructor(private readonly deps: SessionDeps) {
    this.dbDeps = { uuid: () => deps.platform.random.uuid(), now: () => deps.platform.clock.now() };
    this.deviceUser = deps.deviceUser ?? deviceUserStore(deps.platform.settings);
  }

  /** The server's API for online-only screens (the supervisor console); offline work goes through the sync engine. */
  get api(): ApiClient {
    return this.deps.api;
  }

  readonly subscribe = (listener: () => void) => this.state.subscribe(listener);
  readonly getSnapshot = (): SessionState => this.state.getSnapshot();

  /** App start: the last user of this device continues, offline or not, without signing in. */
  async restore(): Promise<void> {
    const me = await this.deviceUser.read();
    if (me === null) {
      this.state.set({ status: 'signedOut' });
      return;
    }
    await this.enter(me);
  }

  async signIn(username: string, password: string): Promise<Result<Me, ApiError>> {
    const result = await this.deps.api.login({ username, password });
    if (!result.ok) return err(result.error);
    const me = result.value;
    const previous = await this.deviceUser.read();
    this.leaveCurrent();
    // On disk before the signed-in screen shows: a kill right after must reopen, offline, signed in. Before the
    // previous user's copy goes, too: a kill in between must not reopen as them on the new user's session.
    await this.deviceUser.save(me);
    if (previous !== null && previous.id !== me.id) {
      // A shared tablet changes hands: drop the previous user's copy unless it holds unsent work.
      await removeUserDataByIdIfSynced(previous.id, this.dbDeps);
    }
    await this.enter(me);
    return ok(me);
  }

  /** Work on this device the server has not acknowledged; sign-out warns when it is not zero. */
  async unsyncedCount(): Promise<number> {
    const current = this.getSnapshot();
    return current.status === 'signedIn' ? countUnsyncedWork(current.db) : 0;
  }

  /**
   * Signs out. With unsynced work it refuses unless `keepData` is set, and then keeps the database
   * (the same user signing in again continues). With nothing pending it deletes this user's database.
   */
  async signOut({ keepData = false }: { keepData?: boolean } = {}): Promise<SignOutResult> {
    const current = this.getSnapshot();
    if (current.status !== 'signedIn') {
      await this.deviceUser.clear();
      this.state.set({ status: 'signedOut' });
      return { status: 'signedOut', dataRemoved: false };
    }
    const count = await countUnsyncedWork(current.db);
    if (count > 0 && !keepData) return { status: 'unsynced', count };
    current.engine.stop();
    // Offline the server session simply stays until it expires; the device forgets it either way.
    if (this.deps.platform.network.isOnline()) await this.deps.api.logout();
    // Forgotten before the data goes: a kill in between leaves a synced copy for the next sign-in to reuse or
    // remove, never a device that reopens signed in on a database just deleted.
    await this.deviceUser.clear();
    const removal = await removeUserDataIfSynced(current.db);
    if (!removal.removed) current.db.close();
    this.state.set({ status: 'signedOut' });
    return { status: 'signedOut', dataRemoved: removal.removed };
  }

  private async enter(me: Me): Promise<void> {
    const db = await openUserDatabase(me.id, this.dbDeps);
    const engine = new SyncEngine({
      api: this.deps.api,
      store: pullStoreFor(db),
      platform: this.deps.platform,
      lockName: `meterswap-sync-${me.id}`,
      onUnauthenticated: () => this.expire(),
      push: { api: this.deps.api, store: pushStoreFor(db) },
      photos: { api: this.deps.api, store: photoQueueStoreFor(db) },
      watchPendingWork: (listener) => watchPendingWork(db, listener),
      reclaim: (now) => reclaimRetained(db, now),
    });
    this.state.set({ status: 'signedIn', me, db, engine });
    void engine.start();
  }

  private expire(): void {
    const current = this.getSnapshot();
    if (current.status !== 'signedIn') return;
    current.engine.stop();
    current.db.close();
    this.state.set({ status: 'expired', me: current.me });
  }

  private leaveCurrent(): void {
    const current = this.getSnapshot();
    if (current.status !== 'signedIn') return;
    current.engine.stop();
    current.db.close();
  }
}
