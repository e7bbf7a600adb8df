import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFor } from '../../server/store/migrations';
import { backends, createTestDatabase, type TestDatabase } from './harness';

describe.each(backends)('migrations (%s)', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.destroy();
    database = undefined;
  });

  it('applies every migration on a fresh database, and running them again changes nothing', async () => {
    database = await createTestDatabase(backend, { migrate: false });
    const first = await database.store.migrate();
    expect(first.applied).toEqual(Object.keys(migrationsFor(backend)).sort());
    const epoch = await database.store.meta.epoch();
    expect((await database.store.migrate()).applied).toEqual([]);
    expect(await database.store.meta.epoch()).toBe(epoch);
  });

  it('names migration files by date so their order is the order they run in', () => {
    const names = Object.keys(migrationsFor(backend));
    expect(names).toEqual([...names].sort());
    for (const name of names) expect(name).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+$/);
  });

  it('starts on an existing database: reopening keeps the data and the feed epoch', async () => {
    database = await createTestDatabase(backend);
    const userId = randomUUID();
    await database.store.users.insert({
      id: userId,
      username: 'keeper',
      displayName: 'Người giữ dữ liệu',
      role: 'admin',
      teamId: null,
      passwordHash: 'scrypt$x',
      active: true,
      createdAt: new Date().toISOString(),
    });
    const epoch = await database.store.meta.epoch();
    const reopened = await database.reopen();
    expect((await reopened.migrate()).applied).toEqual([]);
    expect((await reopened.users.findById(userId))?.username).toBe('keeper');
    expect(await reopened.meta.epoch()).toBe(epoch);
  });

  it('gives every database its own feed epoch', async () => {
    database = await createTestDatabase(backend);
    const other = await createTestDatabase(backend);
    try {
      expect(await other.store.meta.epoch()).not.toBe(await database.store.meta.epoch());
    } finally {
      await other.destroy();
    }
  });

  it('refuses to append to the change feed outside a transaction', async () => {
    database = await createTestDatabase(backend);
    await expect(
      database.store.changes.append(
        [{ recipientUserId: randomUUID(), entity: 'workOrder', entityId: randomUUID(), op: 'revoke', entityVersion: 1 }],
        new Date().toISOString(),
      ),
    ).rejects.toThrow(/inside store.transaction/);
  });
});
