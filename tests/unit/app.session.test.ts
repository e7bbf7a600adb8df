import { describe, expect, it, vi } from 'vitest';
import { Session, type SessionState } from '../../src/runtime/session';
import type { Me } from '../../src/domain';
import type { PullResponse } from '../../src/domain/protocol/sync';
import {
  deviceUserStore,
  LEGACY_DEVICE_USER_KEY,
  openUserDatabase,
  userDatabaseName,
  type DeviceUserStore,
  type UserDatabase,
} from '../../src/local';
import type { ApiClient, ApiResult } from '../../src/sync';
import { makeMe, makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { fakePlatform, settle } from './support/fakePlatform';

/** A server with accounts; each pull answers with the work of whoever signed in last. */
function fakeServer(work: Map<string, PullResponse>) {
  let current: Me | null = null;
  const users = new Map<string, Me>();
  const login = vi.fn<ApiClient['login']>(({ username }) => {
    const me = users.get(username);
    current = me ?? null;
    return Promise.resolve<ApiResult<Me>>(
      me ? { ok: true, value: me } : { ok: false, error: { code: 'INVALID_CREDENTIALS', status: 401, retryable: false } },
    );
  });
  const logout = vi.fn<ApiClient['logout']>(() => Promise.resolve({ ok: true, value: null }));
  const api: ApiClient = {
    login,
    logout,
    me: () => Promise.reject(new Error('unused')),
    pull: () => {
      if (current === null) {
        return Promise.resolve<ApiResult<PullResponse>>({
          ok: false,
          error: { code: 'UNAUTHENTICATED', status: 401, retryable: false },
        });
      }
      return Promise.resolve<ApiResult<PullResponse>>({ ok: true, value: work.get(current.id) ?? page([]) });
    },
    push: () => Promise.reject(new Error('unused: these tests queue nothing')),
    hasPhoto: () => Promise.resolve({ ok: true, value: true }),
    putPhoto: () => Promise.resolve({ ok: true, value: { created: false } }),
    putPhotos: () => Promise.resolve({ ok: true, value: [] }),
    call: () => Promise.reject(new Error('unused: the technician screens call no console endpoint')),
  };
  return {
    api,
    login,
    logout,
    addUser: (me: Me) => users.set(me.username, me),
    expireSession: () => (current = null),
  };
}

function signedIn(state: SessionState): Extract<SessionState, { status: 'signedIn' }> {
  if (state.status !== 'signedIn') throw new Error(`expected signedIn, got ${state.status}`);
  return state;
}

async function databaseExists(userId: string): Promise<boolean> {
  const names = (await indexedDB.databases()).map((d) => d.name);
  return names.includes(userDatabaseName(userId));
}

async function addPendingMutation(db: UserDatabase): Promise<void> {
  await db.outbox.add({ seq: 1, mutationId: testUuid(), name: 'workOrder.start', args: {}, createdAt: 'now', status: 'pending' });
}

function setup() {
  const alice = makeMe({ username: 'alice' });
  const bob = makeMe({ username: 'bob' });
  const aliceOrder = makeWorkOrder({ customerName: 'Khách của Alice' });
  const server = fakeServer(new Map([[alice.id, page([upsert(aliceOrder)])]]));
  server.addUser(alice);
  server.addUser(bob);
  const platform = fakePlatform();
  // Each test a device of its own: fake-indexeddb keeps databases for the whole file.
  const deviceDatabase = `meterswap-device-test-${testUuid()}`;
  const deviceUser = deviceUserStore(platform.settings, deviceDatabase);
  const session = new Session({ api: server.api, platform, deviceUser });
  /** The device user as the next start of the app reads it (a store of its own on the same database). */
  const storedUser = () => deviceUserStore(platform.settings, deviceDatabase).read();
  return { alice, bob, aliceOrder, server, platform, deviceUser, storedUser, session };
}

/** A device store whose writes wait until the test lets them finish (a slow disk). */
function heldWrites(store: DeviceUserStore) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: DeviceUserStore = {
    read: () => store.read(),
    save: async (me) => {
      await released;
      await store.save(me);
    },
    clear: () => store.clear(),
  };
  return { held, release };
}

describe('session and per-user data', () => {
  it('signs in, remembers the user on the device and pulls their work into their own database', async () => {
    const { alice, aliceOrder, storedUser, session } = setup();
    await session.restore();
    expect(session.getSnapshot().status).toBe('signedOut');

    const result = await session.signIn('alice', 'demo1234');
    await settle();

    expect(result.ok).toBe(true);
    expect(await storedUser()).toEqual(alice);
    const { db } = signedIn(session.getSnapshot());
    expect(db.name).toBe(userDatabaseName(alice.id));
    expect((await db.workOrders.toArray()).map((w) => w.id)).toEqual([aliceOrder.id]);
  });

  it('keeps a failed sign-in on the sign-in screen with its error code', async () => {
    const { session } = setup();
    await session.restore();
    const result = await session.signIn('mallory', 'guess');

    expect(result.ok ? null : result.error.code).toBe('INVALID_CREDENTIALS');
    expect(session.getSnapshot().status).toBe('signedOut');
  });

  it('opens the last user of the device at start without the network', async () => {
    const { alice, platform, server, deviceUser } = setup();
    await deviceUser.save(alice);
    platform.network.set(false);
    const session = new Session({ api: server.api, platform, deviceUser });
    await session.restore();

    expect(signedIn(session.getSnapshot()).me).toEqual(alice);
    expect(server.login).not.toHaveBeenCalled();
  });

  it('shows the signed-in screen only once the user is written to the device', async () => {
    const { alice, platform, server, deviceUser, storedUser } = setup();
    const { held, release } = heldWrites(deviceUser);
    const session = new Session({ api: server.api, platform, deviceUser: held });
    await session.restore();

    const signingIn = session.signIn('alice', 'demo1234');
    await settle();
    expect(session.getSnapshot().status).toBe('signedOut');

    release();
    await signingIn;
    expect(signedIn(session.getSnapshot()).me).toEqual(alice);
    expect(await storedUser()).toEqual(alice);
  });

  it('opens offline, signed in, a device whose user an older version kept in localStorage, and moves it', async () => {
    const { alice, platform, server, deviceUser, storedUser } = setup();
    platform.settings.set(LEGACY_DEVICE_USER_KEY, JSON.stringify(alice));
    platform.network.set(false);
    const session = new Session({ api: server.api, platform, deviceUser });
    await session.restore();

    expect(signedIn(session.getSnapshot()).me).toEqual(alice);
    expect(server.login).not.toHaveBeenCalled();
    expect(platform.settings.get(LEGACY_DEVICE_USER_KEY)).toBeNull();
    expect(await storedUser()).toEqual(alice);

    await session.signOut();
    expect(await storedUser()).toBeNull();
  });

  it("never shows one user's work orders to another user of the same device", async () => {
    const { alice, bob, session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();
    const aliceDb = signedIn(session.getSnapshot()).db;
    await addPendingMutation(aliceDb); // Alice's unsent work keeps her database on the device

    await session.signOut({ keepData: true });
    await session.signIn('bob', 'demo1234');
    await settle();

    const { db, me } = signedIn(session.getSnapshot());
    expect(me).toEqual(bob);
    expect(db.name).not.toBe(userDatabaseName(alice.id));
    expect(await db.workOrders.count()).toBe(0);
    expect(await databaseExists(alice.id)).toBe(true);
  });

  it('clean sign-out calls logout, deletes the user database and forgets the user', async () => {
    const { alice, storedUser, server, session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();

    const result = await session.signOut();

    expect(result).toEqual({ status: 'signedOut', dataRemoved: true });
    expect(server.logout).toHaveBeenCalledTimes(1);
    expect(await databaseExists(alice.id)).toBe(false);
    expect(await storedUser()).toBeNull();
    expect(session.getSnapshot().status).toBe('signedOut');
  });

  it('clean sign-out while offline still clears the device', async () => {
    const { alice, platform, server, session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();
    platform.network.set(false);

    await session.signOut();

    expect(server.logout).not.toHaveBeenCalled();
    expect(await databaseExists(alice.id)).toBe(false);
  });

  it('refuses to sign out while the outbox holds unacknowledged changes, keeping everything', async () => {
    const { alice, storedUser, session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();
    await addPendingMutation(signedIn(session.getSnapshot()).db);

    const result = await session.signOut();

    expect(result).toEqual({ status: 'unsynced', count: 1 });
    expect(signedIn(session.getSnapshot()).me).toEqual(alice);
    expect(await storedUser()).toEqual(alice);
  });

  it('signing out anyway with unsent work keeps the database for the same user to continue', async () => {
    const { session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();
    await addPendingMutation(signedIn(session.getSnapshot()).db);

    const result = await session.signOut({ keepData: true });
    expect(result).toEqual({ status: 'signedOut', dataRemoved: false });

    await session.signIn('alice', 'demo1234');
    await settle();
    const { db } = signedIn(session.getSnapshot());
    expect(await db.outbox.count()).toBe(1);
    expect(await db.workOrders.count()).toBe(1);
  });

  it("removes the previous user's database when another user signs in and nothing was unsent", async () => {
    const { alice, storedUser, server, session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();
    server.expireSession();
    await signedIn(session.getSnapshot()).engine.requestSync('manual');
    expect(session.getSnapshot().status).toBe('expired');

    await session.signIn('bob', 'demo1234');
    await settle();

    expect(await databaseExists(alice.id)).toBe(false);
    expect((await storedUser())?.username).toBe('bob');
  });

  it('on an expired session shows sign-in again and keeps the data for the same user', async () => {
    const { alice, aliceOrder, server, session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();
    server.expireSession();
    await signedIn(session.getSnapshot()).engine.requestSync('manual');

    expect(session.getSnapshot()).toEqual({ status: 'expired', me: alice });
    expect(await databaseExists(alice.id)).toBe(true);

    await session.signIn('alice', 'demo1234');
    const { db } = signedIn(session.getSnapshot());
    expect((await db.workOrders.get(aliceOrder.id))?.customerName).toBe('Khách của Alice');
  });

  it('reopening a database after sign-out-with-data keeps the same clientId', async () => {
    const { alice, session } = setup();
    await session.restore();
    await session.signIn('alice', 'demo1234');
    await settle();
    const db = signedIn(session.getSnapshot()).db;
    const clientId = (await db.meta.get('sync'))?.clientId;
    await addPendingMutation(db);
    await session.signOut({ keepData: true });

    const reopened = await openUserDatabase(alice.id, { uuid: testUuid, now: () => 0 });
    expect((await reopened.meta.get('sync'))?.clientId).toBe(clientId);
    reopened.close();
  });
});
