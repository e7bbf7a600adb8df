import 'fake-indexeddb/auto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NewWorkOrder } from '../../server/store/records';
import { outboxTable } from '../../src/local/outboxStore';
import { getClientId } from '../../src/local/meta';
import { Cluster } from './cluster';
import { unassignedIn } from './demoData';
import { HttpClient } from './httpClient';
import { chaosAction, ChaosDevice, ChaosRun, FAULTS, sha256, type ChaosAction, type WrittenRecord } from './syncChaosHarness';

/**
 * Issue 7, "beyond one machine": several stateless server processes on one PostgreSQL behind a reverse proxy. Three
 * real `server/main.ts` processes share a fresh database and nothing else (photos live in it too, BLOB_STORE=database;
 * each process has a DATA_DIR of its own). A round-robin proxy sends each request to the next process, so one device's
 * consecutive requests (a push and its retry, a photo and the completion waiting for it) land on different processes.
 * The sync chaos check of syncChaos.test.ts runs through the proxy, network faults and tab kills included; every
 * program also SIGKILLs one process in the middle of a sync round (and now and then one between rounds), which comes
 * back in the background while the proxy routes around it. Then the database itself is counted: every completion and
 * visit stored once, every mutation logged once under the seq its device gave it; and every photo is read through
 * every process.
 *
 * PostgreSQL only: SQLite is one process's file. CLUSTER_CHAOS_RUNS=100 for a long run; a failure prints its seed
 * and path: replay with CLUSTER_CHAOS_SEED=… (and CLUSTER_CHAOS_PATH=…).
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const RUNS = Number(process.env.CLUSTER_CHAOS_RUNS ?? 8);
const SEED = process.env.CLUSTER_CHAOS_SEED === undefined ? 20261125 : Number(process.env.CLUSTER_CHAOS_SEED);
const PATH = process.env.CLUSTER_CHAOS_PATH;
const PROCESSES = 3;

/**
 * A chaos program of syncChaos.test.ts's steps (a crash between rounds among them) with one process killed in the
 * middle of a sync round at a random place in it.
 */
const program: fc.Arbitrary<ChaosAction[]> = fc
  .tuple(
    fc.array(chaosAction(), { minLength: 4, maxLength: 14 }),
    fc.nat(),
    fc.array(fc.constantFrom(...FAULTS), { maxLength: 4 }),
    fc.integer({ min: 0, max: 40 }),
  )
  .map(([actions, at, faults, afterMs]) => {
    const crash: ChaosAction = { t: 'crashDuringSync', faults, afterMs };
    const i = at % (actions.length + 1);
    return [...actions.slice(0, i), crash, ...actions.slice(i)];
  });

/** What one run's device sent: its client id and every outbox row (seq, mutation id). */
interface SentOutbox {
  clientId: string;
  rows: { seq: number; mutationId: string }[];
}

if (serverUrl === undefined) {
  // Skipped, not faked, without PostgreSQL: several processes can share a PostgreSQL database but never a SQLite file.
  // `npm test` under .ci/run sets TEST_DATABASE_URL, so CI always runs it; a local run without PostgreSQL reports
  // this one skip, named with how to run it.
  describe.skip('sync chaos through three server processes on one PostgreSQL (skipped: set TEST_DATABASE_URL; several processes share PostgreSQL, never a SQLite file)', () => {
    it('needs PostgreSQL', () => undefined);
  });
} else {
  describe(`sync chaos through ${PROCESSES} server processes on one PostgreSQL behind a round-robin proxy`, () => {
    /** The cluster, and a connection of the test's own to its database for the counts. */
    let started: { cluster: Cluster; db: pg.Pool } | undefined;
    let fresh: NewWorkOrder[] = [];

    beforeAll(async () => {
      // Killing a tab mid-sync makes the engine log the closed database: expected here, noise in the output.
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const cluster = await Cluster.start({ serverUrl, processes: PROCESSES });
      started = { cluster, db: new pg.Pool({ connectionString: cluster.database.url, max: 2 }) };
      fresh = unassignedIn('Thanh Hóa', 1000);
    }, 120_000);

    afterAll(async () => {
      vi.restoreAllMocks();
      await started?.db.end();
      await started?.cluster.close();
    }, 60_000);

    it(
      'stores every record once and every photo everywhere while requests alternate between processes and processes are killed',
      async () => {
        if (!started) throw new Error('the cluster did not start');
        const { cluster, db } = started;
        const written: WrittenRecord[] = [];
        const sent: SentOutbox[] = [];
        let runNo = 0;
        await fc.assert(
          fc.asyncProperty(program, async (actions) => {
            runNo += 1;
            const username = runNo % 2 === 0 ? 'tech1' : 'tech2';
            const device = await ChaosDevice.open(cluster, username);
            const run = new ChaosRun(cluster, device, await cluster.userId('tech3'), fresh);
            try {
              await run.init();
              for (const a of actions) await run.apply(a);
              await run.heal();
              await run.check();
              written.push(...run.written);
              const rows = await outboxTable(device.db).orderBy('seq').toArray();
              sent.push({ clientId: await getClientId(device.db), rows: rows.map((r) => ({ seq: r.seq, mutationId: r.mutationId })) });
            } finally {
              device.engine.stop();
              device.db.close();
            }
          }),
          {
            numRuns: RUNS,
            seed: SEED,
            ...(PATH === undefined ? {} : { path: PATH }),
            endOnFailure: true,
            verbose: fc.VerbosityLevel.Verbose,
          },
        );
        await cluster.settle();
        expect(written.length, 'the programs wrote something').toBeGreaterThan(0);

        // Counted in the database: each completion and visit once, and no other on the work orders they were for.
        const swaps = written.filter((w) => w.kind === 'swap');
        const visits = written.filter((w) => w.kind === 'visit');
        const touched = [...new Set(written.map((w) => w.workOrderId))];
        const completions = await db.query<{ id: string }>('select id from completions where work_order_id = any($1) order by id', [touched]);
        expect(completions.rows.map((r) => r.id)).toEqual(swaps.map((w) => w.id).sort());
        const visitRows = await db.query<{ id: string }>('select id from visits where work_order_id = any($1) order by id', [touched]);
        expect(visitRows.rows.map((r) => r.id)).toEqual(visits.map((w) => w.id).sort());

        // No mutation applied twice: each device's log holds exactly its outbox, each seq once under its mutation id.
        const clientIds = sent.map((s) => s.clientId);
        const logged = await db.query<{ client_id: string; seq: number; mutation_id: string; status: string }>(
          'select client_id, seq, mutation_id, status from mutation_log where client_id = any($1) order by client_id, seq',
          [clientIds],
        );
        for (const outbox of sent) {
          const mine = logged.rows.filter((r) => r.client_id === outbox.clientId);
          expect(
            mine.map((r) => ({ seq: r.seq, mutationId: r.mutation_id })),
            `mutation log of ${outbox.clientId}`,
          ).toEqual(outbox.rows);
          // Applied (a swap of a work order reassigned meanwhile is applied with a conflict), never rejected.
          expect(mine.filter((r) => r.status !== 'applied' && r.status !== 'applied_with_conflict').map((r) => [r.seq, r.status])).toEqual([]);
        }
        const rejected = await db.query<{ n: number }>('select count(*)::int as n from rejected_mutations where client_id = any($1)', [clientIds]);
        expect(rejected.rows[0]?.n).toBe(0);

        // Every photo readable, byte for byte, through EVERY process (a supervisor's session is in the database).
        const photos = [...new Map(written.flatMap((w) => w.photos).map((p) => [p.id, p])).values()];
        const supervisorCookies = (await cluster.login('supervisor1')).cookies;
        for (const server of cluster.processes) {
          const direct = new HttpClient(server.baseUrl, Date.now);
          for (const [k, v] of supervisorCookies) direct.cookies.set(k, v);
          for (const photo of photos) {
            const res = await direct.get(`/api/v1/photos/${photo.id}`);
            expect(res.status, `photo ${photo.id} through ${server.baseUrl}`).toBe(200);
            expect(sha256(res.bytes), `photo ${photo.id} through ${server.baseUrl}`).toBe(photo.id);
          }
        }

        // The requests really alternated, and processes really died mid-run.
        const served = cluster.proxy.served();
        const total = served.reduce((a, b) => a + b, 0);
        // Consecutive requests, both sent where the turn said (not rerouted around a dead process): another process.
        const hits = cluster.proxy.hits;
        const pairs = hits
          .slice(1)
          .map((h, i) => [hits[i]!, h] as const)
          .filter(([a, b]) => a.backend !== null && b.backend !== null && !a.rerouted && !b.rerouted);
        const switches = pairs.filter(([a, b]) => a.backend !== b.backend).length;
        const kills = cluster.processes.map((p) => p.kills);
        console.log(
          `cluster chaos: ${RUNS} runs, ${swaps.length} swaps, ${visits.length} visits, ${photos.length} photos; requests served per process ${served.join(' / ')}; consecutive requests on another process ${((100 * switches) / Math.max(1, pairs.length)).toFixed(0)}% of ${pairs.length} pairs; rerouted around a dead process ${cluster.proxy.hits.filter((h) => h.rerouted).length}; 502 from a process killed mid-request ${cluster.proxy.hits.filter((h) => h.status === 502).length}; kills per process ${kills.join(' / ')}`,
        );
        for (const n of served) expect(n, `share of ${served.join(' / ')}`).toBeGreaterThan(total / (PROCESSES * 2));
        expect(switches / pairs.length).toBeGreaterThan(0.9);
        expect(cluster.kills).toBeGreaterThanOrEqual(RUNS);
      },
      Math.max(180_000, RUNS * 20_000),
    );
  });
}
