import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDemo } from '../../server/demo/seed';
import { createStore, type Store } from '../../server/store/store';
import { createScratchDatabase, freePort, ServerProcess, type ScratchDatabase } from './clusterProcesses';
import { startRoundRobinProxy, type RoundRobinProxy } from './clusterProxy';
import { DEMO_PASSWORD, TEST_NOW, TEST_TODAY } from './harness';
import { HttpClient } from './httpClient';
import type { ChaosServer } from './syncChaosHarness';

export interface ClusterOptions {
  /** The PostgreSQL server to create the cluster's own database on (TEST_DATABASE_URL). */
  serverUrl: string;
  /** Server processes behind the proxy. */
  processes: number;
  /** Demo work orders seeded (seed 42 on TEST_TODAY, as tests/server/demoData.ts expects). */
  seedSize?: number;
}

/**
 * Several real server processes (`node --import tsx server/main.ts`) on one fresh PostgreSQL database, behind a
 * round-robin proxy; what a device or a supervisor's browser sees is the proxy's address. Each process has a DATA_DIR
 * of its own and keeps photos in the database (BLOB_STORE=database): nothing is shared but PostgreSQL. A crash is a SIGKILL of
 * one process, which its supervisor (systemd, Kubernetes) restarts while the proxy routes around it.
 */
export class Cluster implements ChaosServer {
  /** Processes killed so far. */
  kills = 0;
  private nextVictim = 0;
  private readonly restarting = new Set<Promise<void>>();
  private readonly restartFailures: unknown[] = [];

  private constructor(
    readonly database: ScratchDatabase,
    /** The test's own connection to the cluster's database (seeding, user lookups). */
    readonly store: Store,
    readonly processes: ServerProcess[],
    readonly proxy: RoundRobinProxy,
    private readonly dataDirs: string[],
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const database = await createScratchDatabase(options.serverUrl, `cluster_${process.pid}_${Date.now().toString(36)}`);
    const dataDirs: string[] = [];
    const processes: ServerProcess[] = [];
    let store: Store | null = null;
    try {
      // Migrated and seeded once, before any process starts (a process migrating finds nothing to do).
      store = await createStore({ databaseUrl: database.url, poolSize: 4 });
      await store.migrate();
      await seedDemo(store, { seed: 42, size: options.seedSize ?? 2000, now: TEST_NOW, today: TEST_TODAY });
      for (let i = 0; i < options.processes; i++) {
        const dataDir = await mkdtemp(path.join(tmpdir(), `meterswap-cluster-${i}-`));
        dataDirs.push(dataDir);
        processes.push(
          new ServerProcess(await freePort(), {
            DATABASE_URL: database.url,
            DATA_DIR: dataDir,
            BLOB_STORE: 'database',
            DEMO: '0',
            LOG_LEVEL: 'error',
          }),
        );
      }
      await Promise.all(processes.map((p) => p.start()));
      const proxy = await startRoundRobinProxy(processes.map((p) => p.port));
      return new Cluster(database, store, processes, proxy, dataDirs);
    } catch (error) {
      await Promise.all(processes.map((p) => p.kill()));
      await store?.close();
      await database.drop();
      for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get baseUrl(): string {
    return this.proxy.url;
  }

  client(): HttpClient {
    // The processes run on the real clock (server/main.ts), so the jar does too.
    return new HttpClient(this.baseUrl, Date.now);
  }

  async login(username: string): Promise<HttpClient> {
    const c = this.client();
    // A login may land on a process as it is killed (502): retry, as a person would.
    for (let attempt = 1; ; attempt++) {
      const res = await c.post('/api/v1/auth/login', { username, password: DEMO_PASSWORD });
      if (res.status === 200) return c;
      if (res.status !== 502 || attempt >= 5) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    }
  }

  async userId(username: string): Promise<string> {
    const user = await this.store.users.findByUsername(username);
    if (!user) throw new Error(`no user ${username}`);
    return user.id;
  }

  /**
   * One process crashes: SIGKILLed now, the one with the most requests in flight (they die half-way, committed or
   * not), else the next one in turn; then it is started again in the background, as a process supervisor would, while
   * the proxy sends its share to the others. At least one process always stays up.
   */
  async restart(): Promise<void> {
    if (this.processes.filter((p) => p.ready).length <= 1) await this.settle();
    const n = this.processes.length;
    const busy = this.proxy.inFlight();
    const order = Array.from({ length: n }, (_, i) => (this.nextVictim + i) % n).filter((i) => this.processes[i]?.ready === true);
    const busiest = order.reduce<number | undefined>(
      (best, i) => ((busy[i] ?? 0) > (best === undefined ? 0 : (busy[best] ?? 0)) ? i : best),
      undefined,
    );
    const index = busiest ?? order[0];
    const victim = index === undefined ? undefined : this.processes[index];
    if (index === undefined || victim === undefined) throw new Error('no process is up');
    this.nextVictim = (index + 1) % n;
    await victim.kill();
    this.kills += 1;
    const back: Promise<void> = victim
      .start()
      .catch((error: unknown) => {
        this.restartFailures.push(error);
      })
      .finally(() => this.restarting.delete(back));
    this.restarting.add(back);
  }

  /** Waits until every killed process is back up; throws if one could not start again. */
  async settle(): Promise<void> {
    while (this.restarting.size > 0) await Promise.all([...this.restarting]);
    if (this.restartFailures.length > 0) throw new Error(`a process did not come back: ${String(this.restartFailures[0])}`);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.restarting]);
    await this.proxy.close();
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.store.close();
    await this.database.drop();
    for (const dir of this.dataDirs) await rm(dir, { recursive: true, force: true });
  }
}
