import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse } from '../../src/domain/protocol/sync';
import type { Store } from '../../server/store/store';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';

const WRITERS = 60;
const MAX_DELAY_MS = 40;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pull cursor must never skip a change that commits late (design §5). Writers take random time before
 * and after appending inside their transaction, so they commit out of the order they started in, while a
 * reader pulls in a loop. Without the change-feed lock, a reader that saw id N+1 commit first would later
 * miss id N.
 */
describe.each(backends)('change feed under concurrent writers (%s)', (backend) => {
  let server: TestServer;
  let tech: HttpClient;
  let techId: string;
  let writerStore: Store;

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 180 });
    tech = await server.login('tech5');
    techId = await server.userId('tech5');
    // On PostgreSQL writers get their own pool, so the reader is never starved of a connection while they sleep
    // in transactions. A SQLite server has one connection per process and serialises them by construction.
    writerStore = backend === 'postgres' ? await server.openAnotherStore() : server.store;
  });
  afterAll(async () => {
    await server.close();
  });

  it('delivers every committed change exactly once to a reader pulling while they commit', async () => {
    const clientId = randomUUID();
    const seen: string[] = [];
    let cursor: string | undefined;
    const pullOnce = async () => {
      const query = new URLSearchParams({ clientId, limit: '7', ...(cursor === undefined ? {} : { cursor }) });
      const page = PullResponse.parse((await tech.get(`/api/v1/sync/pull?${query}`)).json());
      // Only the first page, a full pull's, tells the device to replace what it holds.
      expect(page.reset).toBe(cursor === undefined);
      seen.push(...page.changes.map((c) => c.id));
      cursor = page.cursor;
      return page;
    };
    // Drain the seeded day first, so only the writers' changes remain.
    while ((await pullOnce()).hasMore);
    seen.length = 0;

    const written = Array.from({ length: WRITERS }, () => randomUUID());
    let writing = true;
    const writers = Promise.all(
      written.map(async (entityId) => {
        await sleep(Math.random() * MAX_DELAY_MS);
        await writerStore.transaction(async (tx) => {
          await sleep(Math.random() * MAX_DELAY_MS);
          await tx.changes.append(
            [{ recipientUserId: techId, entity: 'workOrder', entityId, op: 'revoke', entityVersion: 1 }],
            server.clock.now().toISOString(),
          );
          await sleep(Math.random() * MAX_DELAY_MS);
        });
      }),
    ).finally(() => {
      writing = false;
    });
    const reader = (async () => {
      while (writing) {
        await pullOnce();
        await sleep(Math.random() * 5);
      }
    })();
    await Promise.all([writers, reader]);
    while ((await pullOnce()).hasMore);

    expect(seen).toHaveLength(WRITERS);
    expect(new Set(seen)).toEqual(new Set(written));
  });
});
