import { afterEach, describe, expect, it, vi } from 'vitest';
import { deviceUserStore, LEGACY_DEVICE_USER_KEY } from '../../src/local';
import { memoryKeyValue } from '../../src/platform';
import { makeMe, testUuid } from './support/fixtures';

/** Each test its own device database: fake-indexeddb keeps databases for the whole file. */
function deviceDatabaseName(): string {
  return `meterswap-device-test-${testUuid()}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('device user store (IndexedDB, strict durability)', () => {
  it('reads nothing on a new device', async () => {
    expect(await deviceUserStore(memoryKeyValue(), deviceDatabaseName()).read()).toBeNull();
  });

  it('keeps the signed-in user for the next start of the app (a new store on the same database)', async () => {
    const name = deviceDatabaseName();
    const alice = makeMe({ username: 'alice' });
    await deviceUserStore(memoryKeyValue(), name).save(alice);

    expect(await deviceUserStore(memoryKeyValue(), name).read()).toEqual(alice);
  });

  it('writes the user in a strict-durability transaction, so the commit is on disk when save resolves', async () => {
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const store = deviceUserStore(memoryKeyValue(), deviceDatabaseName());

    await store.save(makeMe());
    await store.clear();

    const writes = transaction.mock.calls.filter(([, mode]) => mode === 'readwrite');
    expect(writes).toHaveLength(2);
    for (const [, , options] of writes) expect(options).toEqual({ durability: 'strict' });
  });

  it('forgets the user on sign-out, also for the next start', async () => {
    const name = deviceDatabaseName();
    const store = deviceUserStore(memoryKeyValue(), name);
    await store.save(makeMe());

    await store.clear();

    expect(await store.read()).toBeNull();
    expect(await deviceUserStore(memoryKeyValue(), name).read()).toBeNull();
  });

  it('replaces the previous user when another signs in', async () => {
    const store = deviceUserStore(memoryKeyValue(), deviceDatabaseName());
    await store.save(makeMe({ username: 'alice' }));
    const bob = makeMe({ username: 'bob' });

    await store.save(bob);

    expect(await store.read()).toEqual(bob);
  });

  it('carries over the user an older version kept in localStorage, then removes it from there', async () => {
    const name = deviceDatabaseName();
    const alice = makeMe({ username: 'alice' });
    const legacy = memoryKeyValue({ [LEGACY_DEVICE_USER_KEY]: JSON.stringify(alice) });

    expect(await deviceUserStore(legacy, name).read()).toEqual(alice);

    expect(legacy.get(LEGACY_DEVICE_USER_KEY)).toBeNull();
    expect(await deviceUserStore(memoryKeyValue(), name).read()).toEqual(alice);
  });

  it('never carries the legacy value over again once the device has signed out (a kill may bring it back)', async () => {
    const name = deviceDatabaseName();
    const alice = makeMe({ username: 'alice' });
    const legacy = memoryKeyValue({ [LEGACY_DEVICE_USER_KEY]: JSON.stringify(alice) });
    const store = deviceUserStore(legacy, name);
    await store.read();
    await store.clear();

    // Chromium flushes localStorage lazily: a kill can undo the removal of the old value.
    const resurrected = memoryKeyValue({ [LEGACY_DEVICE_USER_KEY]: JSON.stringify(alice) });
    expect(await deviceUserStore(resurrected, name).read()).toBeNull();
  });

  it('prefers the stored user over a legacy value left beside it', async () => {
    const name = deviceDatabaseName();
    const bob = makeMe({ username: 'bob' });
    await deviceUserStore(memoryKeyValue(), name).save(bob);
    const legacy = memoryKeyValue({ [LEGACY_DEVICE_USER_KEY]: JSON.stringify(makeMe({ username: 'alice' })) });

    expect(await deviceUserStore(legacy, name).read()).toEqual(bob);
  });

  it.each([
    ['not JSON', '{"id":'],
    ['not a user', JSON.stringify({ id: 'x', username: 'alice' })],
    ['an unknown role', JSON.stringify({ ...makeMe(), role: 'root' })],
  ])('ignores a legacy value that is %s and writes nothing', async (_what, raw) => {
    const name = deviceDatabaseName();
    const legacy = memoryKeyValue({ [LEGACY_DEVICE_USER_KEY]: raw });

    expect(await deviceUserStore(legacy, name).read()).toBeNull();

    // Nothing was written: a valid value found later is still carried over.
    const alice = makeMe({ username: 'alice' });
    expect(await deviceUserStore(memoryKeyValue({ [LEGACY_DEVICE_USER_KEY]: JSON.stringify(alice) }), name).read()).toEqual(alice);
  });
});
