import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncBacklogReport } from '../../src/domain/console/reports';
import { PullResponse } from '../../src/domain/protocol/sync';
import { createCheckInWriter } from '../../server/store/checkIns';
import type { Store } from '../../server/store/store';
import { backends, startTestServer, type BackendName, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { expectProblem } from './problems';

/*
 * Issue 13 §7: a technician's pull never waits for a write it does not need. While an import publishes, SQLite's
 * write lock is taken for seconds and the API's writers wait at the write gate (store.holdWrites); on PostgreSQL a
 * write waits for the row locks another transaction holds (a push of the same device locks its sync_clients row).
 * A bound client's pull answers from its read snapshot at once; its check-in (last seen, backlog report) lands after.
 */

/** The parts of a log line the failing check-in test reads. */
const LogLine = z.object({
  level: z.number(),
  msg: z.string(),
  checkIn: z.object({ clientId: z.string(), report: z.object({ pendingRecords: z.number() }).optional() }).optional(),
  err: z.object({ message: z.string() }).optional(),
});

/** Longer than any answer that does not wait: a pull still unanswered after it was waiting for the writer. */
const PATIENCE_MS = 10_000;

/** The promise's value, or 'still waiting' if it has not settled within PATIENCE_MS (the timer is then cancelled). */
async function within<T>(promise: Promise<T>): Promise<T | 'still waiting'> {
  const timer = new AbortController();
  try {
    return await Promise.race([promise, sleep(PATIENCE_MS, 'still waiting' as const, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

/**
 * Holds what a check-in of `clientId` would wait for: SQLite's write gate (an import publishing), or on PostgreSQL
 * the client's row, locked by a push transaction on another connection (another process). Resolves to the release.
 */
async function holdWriters(server: TestServer, backend: BackendName, clientId: string, userId: string): Promise<() => Promise<void>> {
  if (backend === 'sqlite') {
    const release = await server.store.holdWrites();
    return () => Promise.resolve(release());
  }
  const other: Store = await server.openAnotherStore();
  let locked = (): void => undefined;
  let finish = (): void => undefined;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const transaction = other.transaction(async (tx) => {
    await tx.syncClients.lockForPush(clientId, userId, server.clock.now().toISOString());
    locked();
    await finished;
  });
  await isLocked;
  return async () => {
    finish();
    await transaction;
  };
}

describe.each(backends)('a pull while the writers wait (%s)', (backend) => {
  let server: TestServer;
  let supervisor: HttpClient;
  const techs = new Map<string, { client: HttpClient; id: string }>();
  const tech = (username: string) => {
    const found = techs.get(username);
    if (found === undefined) throw new Error(`not signed in: ${username}`);
    return found;
  };

  /** The technician's row of the sync-backlog report (a read: it goes on beside the writer). Each test has its own. */
  const backlogOf = async (username: string) => {
    const res = await supervisor.get('/api/v1/reports/sync-backlog');
    expect(res.status, res.text).toBe(200);
    return SyncBacklogReport.parse(res.json()).items.find((i) => i.technicianId === tech(username).id);
  };

  /** A client of the technician's, bound and in sync, having reported `pendingRecords`. */
  const boundClient = async (username: string, pendingRecords: number) => {
    const clientId = randomUUID();
    const first = await tech(username).client.get(
      `/api/v1/sync/pull?clientId=${clientId}&pendingRecords=${pendingRecords}&pendingPhotos=0&limit=500`,
    );
    expect(first.status, first.text).toBe(200);
    return { clientId, cursor: PullResponse.parse(first.json()).cursor };
  };

  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 300 });
    supervisor = await server.login('supervisor1');
    for (const username of ['tech1', 'tech2', 'tech3'])
      techs.set(username, { client: await server.login(username), id: await server.userId(username) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a bound client at once, and writes its sighting and backlog report once the writers go on', async () => {
    const { clientId, cursor } = await boundClient('tech1', 2);
    await server.store.checkIns.settled();
    const before = await backlogOf('tech1');
    expect(before).toMatchObject({ pendingRecords: 2 });

    const release = await holdWriters(server, backend, clientId, tech('tech1').id);
    let answered;
    try {
      server.clock.advance(60_000);
      answered = await within(
        tech('tech1').client.get(`/api/v1/sync/pull?clientId=${clientId}&cursor=${encodeURIComponent(cursor)}&pendingRecords=7&pendingPhotos=3`),
      );
      // Still held: the check-in waits, the report shows what it showed.
      expect(await backlogOf('tech1')).toEqual(before);
    } finally {
      await release();
    }
    expect(answered).not.toBe('still waiting');
    if (answered === 'still waiting') return;
    expect(answered.status, answered.text).toBe(200);
    expect(PullResponse.parse(answered.json())).toMatchObject({ changes: [], reset: false, lastSeq: 0, hasMore: false });

    await server.store.checkIns.settled();
    expect(await backlogOf('tech1')).toMatchObject({ lastContactAt: server.clock.now().toISOString(), pendingRecords: 7, pendingPhotos: 3 });
  });

  it('keeps the latest sighting and the last report of several pulls made while the writers wait', async () => {
    const { clientId } = await boundClient('tech2', 1);
    const pull = (query: string) =>
      within(
        tech('tech2')
          .client.get(`/api/v1/sync/pull?clientId=${clientId}${query}`)
          .then((r) => r.status),
      );
    const release = await holdWriters(server, backend, clientId, tech('tech2').id);
    try {
      server.clock.advance(60_000);
      expect(await pull('&pendingRecords=5&pendingPhotos=6')).toBe(200);
      // An older app reports nothing: the report above stands, the sighting moves on.
      server.clock.advance(60_000);
      expect(await pull('')).toBe(200);
    } finally {
      await release();
    }
    await server.store.checkIns.settled();
    expect(await backlogOf('tech2')).toMatchObject({ lastContactAt: server.clock.now().toISOString(), pendingRecords: 5, pendingPhotos: 6 });
  });

  it("refuses another user's client with 403 at once, and writes nothing on it", async () => {
    const { clientId } = await boundClient('tech3', 4);
    await server.store.checkIns.settled();
    const before = await backlogOf('tech3');
    const release = await holdWriters(server, backend, clientId, tech('tech3').id);
    let refused;
    try {
      server.clock.advance(60_000);
      refused = await within(tech('tech1').client.get(`/api/v1/sync/pull?clientId=${clientId}&pendingRecords=9&pendingPhotos=9`));
    } finally {
      await release();
    }
    expect(refused).not.toBe('still waiting');
    if (refused === 'still waiting') return;
    expectProblem(refused, 403, 'CLIENT_USER_MISMATCH');
    await server.store.checkIns.settled();
    expect(await backlogOf('tech3')).toEqual(before);
  });

  it('says in the log when a check-in cannot be written, and still answers the pull', async () => {
    const writer = createCheckInWriter(() => Promise.reject(new Error('disk I/O error')));
    const failing = await startTestServer(backend, { seed: 200, wrapStore: (store) => ({ ...store, checkIns: writer }) });
    try {
      const tech1 = await failing.login('tech1');
      const clientId = randomUUID();
      // The first sight binds in the request itself; the second pull's check-in is the one written after.
      expect((await tech1.get(`/api/v1/sync/pull?clientId=${clientId}`)).status).toBe(200);
      expect((await tech1.get(`/api/v1/sync/pull?clientId=${clientId}&pendingRecords=1&pendingPhotos=0`)).status).toBe(200);
      await writer.settled();
      const lines = failing.logs.flatMap((l) => {
        const parsed = LogLine.safeParse(JSON.parse(l));
        return parsed.success && parsed.data.msg.includes('check-in') ? [parsed.data] : [];
      });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, checkIn: { clientId, report: { pendingRecords: 1 } }, err: { message: 'disk I/O error' } });
    } finally {
      await failing.close();
    }
  });
});

describe('a client seen for the first time while an import publishes (sqlite)', () => {
  it('is bound once the writers go on: its pull waits for that write, a bound client beside it does not', async () => {
    const server = await startTestServer('sqlite', { seed: 200 });
    try {
      const tech1 = await server.login('tech1');
      const tech2 = await server.login('tech2');
      const bound = randomUUID();
      expect((await tech1.get(`/api/v1/sync/pull?clientId=${bound}`)).status).toBe(200);
      const fresh = randomUUID();
      const release = await server.store.holdWrites();
      let firstSight: Promise<number> | undefined;
      let answered = false;
      try {
        firstSight = tech1.get(`/api/v1/sync/pull?clientId=${fresh}`).then((r) => {
          answered = true;
          return r.status;
        });
        // Requests sent after it are answered while it waits for the gate.
        expect(await within(tech1.get(`/api/v1/sync/pull?clientId=${bound}`).then((r) => r.status))).toBe(200);
        expect((await server.client().get('/api/v1/health')).status).toBe(200);
        expect(answered).toBe(false);
        expect(await server.store.syncClients.find(fresh)).toBeNull();
      } finally {
        release();
      }
      expect(await firstSight).toBe(200);
      expect(await server.store.syncClients.find(fresh)).toMatchObject({ userId: await server.userId('tech1'), lastSeq: 0 });
      expectProblem(await tech2.get(`/api/v1/sync/pull?clientId=${fresh}`), 403, 'CLIENT_USER_MISMATCH');
    } finally {
      await server.close();
    }
  });
});

describe.each(backends.filter((b) => b === 'postgres'))('a client seen for the first time while another user binds it (%s)', (backend) => {
  it('waits for that binding and is refused with 403 once it commits', async () => {
    const server = await startTestServer(backend, { seed: 200 });
    try {
      const tech1 = await server.login('tech1');
      const clientId = randomUUID();
      const release = await holdWriters(server, backend, clientId, await server.userId('tech2'));
      let answered = false;
      let pull;
      try {
        pull = tech1.get(`/api/v1/sync/pull?clientId=${clientId}`).then((r) => {
          answered = true;
          return r;
        });
        expect((await server.client().get('/api/v1/health')).status).toBe(200);
        expect(answered).toBe(false);
      } finally {
        await release();
      }
      expectProblem(await pull, 403, 'CLIENT_USER_MISMATCH');
    } finally {
      await server.close();
    }
  });
});

describe.each(backends)('store.snapshot (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { seed: 200 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a write inside it, loudly, and keeps nothing of it', async () => {
    const clientId = randomUUID();
    const userId = await server.userId('tech1');
    const now = server.clock.now().toISOString();
    await expect(server.store.snapshot((tx) => tx.syncClients.bind(clientId, userId, now))).rejects.toThrow(/read-only transaction/);
    expect(await server.store.syncClients.find(clientId)).toBeNull();
    // Nothing is left held: reads and writes go on.
    expect(await server.store.snapshot((tx) => tx.meta.epoch())).toEqual(expect.any(String));
    expect(await server.store.syncClients.bind(clientId, userId, now)).toMatchObject({ userId });
  });

  // The write gate is SQLite's (one writer per file); PostgreSQL has no such gate to hold.
  if (backend === 'sqlite') {
    it('reads beside a held write gate, while a transaction waits for it', async () => {
      const release = await server.store.holdWrites();
      let committed = false;
      const transaction = server.store.transaction(async () => {
        committed = true;
        return Promise.resolve();
      });
      try {
        const epoch = await within(server.store.snapshot((tx) => tx.meta.epoch()));
        expect(epoch).not.toBe('still waiting');
        expect(epoch).toBe(await server.store.meta.epoch());
        expect(committed).toBe(false);
      } finally {
        release();
      }
      await transaction;
      expect(committed).toBe(true);
    });
  }
});
