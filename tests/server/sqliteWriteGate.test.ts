import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './harness';

/**
 * SQLite's statements are synchronous, so the gated driver's hand-over of its one connection is where the event
 * loop gets a turn between queued transactions (server/store/sqliteWriteGate.ts): without it a queue of pushes
 * runs in one microtask drain and the server reads no request and sends no response until it is empty.
 */
describe('SQLite connection hand-over', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('lets the event loop turn between queued transactions', async () => {
    const { store } = database;
    const events: string[] = [];
    const turn = new Promise<void>((resolve) =>
      setImmediate(() => {
        events.push('turn');
        resolve();
      }),
    );
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.workOrders.count();
          await tx.users.findByUsername('nobody');
          events.push(`transaction ${i}`);
        }),
      ),
    );
    await turn;
    expect(events).toContain('turn');
    expect(events.indexOf('turn')).toBeLessThan(events.indexOf('transaction 4'));
  });
});
