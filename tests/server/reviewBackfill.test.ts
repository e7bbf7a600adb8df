import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed';
import { connect, type ConnectOptions } from '../../server/store/connect';
import { reviewBackfillMigration } from '../../server/store/migrations/2026_11_27_0004_review_backfill';
import type { Database } from '../../server/store/schema';
import { createStore, type Store } from '../../server/store/store';
import { backends, TEST_NOW, TEST_TODAY } from './harness';
import { swapFor } from './syncFixtures';
import { seededWorkOrders } from './demoData';

/** Completions stored before COMPLETION review items existed get theirs from the backfill migration. */
describe.each(backends)('review backfill migration (%s)', (backend) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function open(): Promise<{ store: Store; db: Kysely<Database> }> {
    let options: ConnectOptions;
    let drop = async () => {};
    if (backend === 'postgres') {
      const url = process.env.TEST_DATABASE_URL ?? '';
      const schema = `t_backfill_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      options = { databaseUrl: url, schema };
      drop = async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      };
    } else {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'meterswap-backfill-'));
      options = { dataDir };
      drop = () => rm(dataDir, { recursive: true, force: true });
    }
    const store = await createStore(options);
    await store.migrate();
    const { db } = await connect(options);
    cleanup = async () => {
      await db.destroy();
      await store.close();
      await drop();
    };
    return { store, db };
  }

  it('files one open COMPLETION item for each primary completion still waiting, and nothing twice', async () => {
    const { store, db } = await open();
    await seedDemo(store, { seed: 42, size: 200, now: TEST_NOW, today: TEST_TODAY });
    const [waiting, approved] = seededWorkOrders(200);
    if (!waiting || !approved) throw new Error('no orders');
    const tech = (await store.users.findByUsername('tech1'))?.id ?? '';
    for (const [wo, status] of [
      [waiting, 'completed'],
      [approved, 'approved'],
    ] as const) {
      const { args } = swapFor(wo);
      await store.completions.insert({
        id: args.completionId,
        workOrderId: wo.id,
        technicianId: tech,
        clientId: randomUUID(),
        primary: true,
        payload: args,
        mediaStatus: 'complete',
        receivedAt: '2026-11-20T08:00:00.000Z',
        capturedAt: args.completedAt,
        flags: [],
        installedSerial: args.installed.serial,
      });
      await store.workOrders.updateState(wo.id, { status, assigneeId: tech, version: 5, updatedAt: TEST_NOW.toISOString() });
    }

    await reviewBackfillMigration().up(db);
    await reviewBackfillMigration().up(db);

    const filed = await store.reviews.listForWorkOrder(waiting.id);
    expect(filed).toEqual([expect.objectContaining({ code: 'COMPLETION', status: 'open', createdAt: '2026-11-20T08:00:00.000Z' })]);
    expect(await store.reviews.listForWorkOrder(approved.id)).toEqual([]);
  });
});
