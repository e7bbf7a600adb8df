import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { NewWorkOrder } from '../../server/store/records';
import { unassignedIn } from './demoData';
import { backends } from './harness';
import { chaosAction, ChaosDevice, ChaosRun, RestartableServer } from './syncChaosHarness';

/**
 * The key proof of design §5: the real client sync modules (src/sync, src/local on fake-indexeddb) against the real
 * server through a fault-injecting fetch. Random programs of writes, sync rounds under faults, client kills, server
 * restarts and reassignments; after healing, nothing is lost, nothing duplicated, every photo is there with the right
 * hash, the outbox is drained and the device's mirror equals the server's view.
 *
 * SYNC_CHAOS_RUNS=1000 for a long run; a failure prints its seed and path: replay with SYNC_CHAOS_SEED=… (and
 * SYNC_CHAOS_PATH=…).
 */
const RUNS = Number(process.env.SYNC_CHAOS_RUNS ?? 20);
const SEED = process.env.SYNC_CHAOS_SEED === undefined ? 20261124 : Number(process.env.SYNC_CHAOS_SEED);
const PATH = process.env.SYNC_CHAOS_PATH;
/** A long run starts a fresh server now and then, before the unassigned pool runs dry. */
const RUNS_PER_SERVER = 100;

for (const backend of backends) {
  describe(`sync under faults (${backend})`, () => {
    let server: RestartableServer;
    let fresh: NewWorkOrder[] = [];

    beforeAll(async () => {
      // Killing a tab mid-sync makes the engine log the closed database: expected here, noise in the output.
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      server = await RestartableServer.start(backend);
      fresh = unassignedIn('Thanh Hóa', 1000);
    }, 60_000);

    afterAll(async () => {
      vi.restoreAllMocks();
      await server.close();
    });

    it(
      'loses nothing, duplicates nothing and converges, whatever the network, the tab and the server do',
      async () => {
        // One technician device per run; tech1 and tech2 alternate so each run starts from a fresh database.
        let runNo = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(chaosAction(), { minLength: 4, maxLength: 18 }), async (actions) => {
            runNo += 1;
            if (runNo % RUNS_PER_SERVER === 0) {
              await server.close();
              server = await RestartableServer.start(backend);
              fresh = unassignedIn('Thanh Hóa', 1000);
            }
            const username = runNo % 2 === 0 ? 'tech1' : 'tech2';
            const device = await ChaosDevice.open(server, username);
            const run = new ChaosRun(server, device, await server.userId('tech3'), fresh);
            try {
              await run.init();
              for (const a of actions) await run.apply(a);
              await run.heal();
              await run.check();
            } finally {
              device.engine.stop();
              device.db.close();
            }
          }),
          // PostgreSQL is slower per request: half the runs in the default suite, all of them in a long run.
          {
            numRuns: backend === 'postgres' && process.env.SYNC_CHAOS_RUNS === undefined ? Math.ceil(RUNS / 2) : RUNS,
            seed: SEED,
            ...(PATH === undefined ? {} : { path: PATH }),
            endOnFailure: true,
            verbose: fc.VerbosityLevel.Verbose,
          },
        );
      },
      Math.max(120_000, RUNS * 10_000),
    );
  });
}
