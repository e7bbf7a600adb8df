/**
 * A national campaign's database for the pull bench (bench/pull.ts), written in bulk on PostgreSQL: the work orders
 * of the demo generator (`server/demo/generate.ts`, the same rows `npm run seed` writes), a campaign's assignment
 * history and the pull feed that history leaves, as the services would have written it row by row, in a fraction of
 * the time (issue 14: 10,000,000 orders and 5,000 technicians through the assignment service would take a day).
 *
 * The campaign. `assignedShare` of the orders are given out in routes of `routeSize` consecutive orders of a team,
 * each team's technicians in turn, the teams' routes interleaved as the generator yields their orders; the route
 * counter is the campaign's clock (one "round" is one route for every technician). Each route then lives the life a
 * route lives, every step a new version of its orders and one feed row per order (an upsert to the assignee):
 * assigned; one route in `handoverEvery` (drawn at random) handed over to the next technician of the team a quarter
 * of a round later (a revoke for one, an upsert for the other, as the assignment service writes them); started half a
 * round after it was given, completed a quarter later, approved a round and a half after it was given. Steps later
 * than the campaign's present have not happened: the last rounds' routes are open work. The demo's six technicians keep
 * their day of 30 orders, given this morning. The measured technician (`measured`) is given `measured.routes`
 * routes of `measured.routeSize` orders at moments spread evenly over the campaign's first nine tenths, two in three
 * of which are handed over: it owns its 30 and one route in three, with the history of all of them behind it.
 *
 * What the pull reads is all there: work orders, users, the assignment history, the feed. Left out, as no pull reads
 * them: completions, visits, photos, review items (an approval's `review` feed row with them) and the audit trail.
 *
 * How: the secondary indexes of the three big tables are dropped, the rows go in as multi-row INSERTs of arrays
 * (`unnest`, 5,000 rows a statement) on two connections (work orders then their assignments on one, the feed on the
 * other, in the campaign's time order so change ids are commit order), the indexes are built again from their own
 * definitions, and the database is vacuumed and analysed (what autovacuum would have done by the time anyone pulls).
 */
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { DEFAULT_DEMO_SEED, generateDemo } from '../../server/demo/generate';
import { DEMO_PASSWORD } from '../../server/demo/people';
import { stream } from '../../server/demo/prng';
import { hashPassword } from '../../server/services/passwords';
import { migrationsFor } from '../../server/store/migrations';
import type { NewWorkOrder } from '../../server/store/records';
import type { Database } from '../../server/store/schema';
import { createStore } from '../../server/store/store';
import { workOrderSearchText } from '../../server/store/workOrderSearch';
import { isoDayInVietnam } from '../../src/domain/time/time';
import type { WorkOrderStatus } from '../../src/domain/workOrder/workOrder';

export interface CampaignPlan {
  size: number;
  /** Technicians besides the demo's six, shared between the teams as the orders are. */
  technicians: number;
  routeSize: number;
  assignedShare: number;
  handoverEvery: number;
  /** How long the campaign has been running when the database is written. */
  campaignDays: number;
  /** When each step of a route's life comes after the route was given, in rounds. */
  lags: { handover: number; start: number; complete: number; approve: number };
  measured: { username: string; routes: number; routeSize: number; keepEvery: number };
}

export interface CampaignReport {
  seconds: { load: number; indexes: number; vacuum: number; total: number };
  rows: { workOrders: number; assignments: number; changes: number; users: number };
}

type Log = (line: string) => void;

/** Brings a database to the schema of `last` (a migration's name) and no further. */
export async function migrateUpTo(url: string, last: string): Promise<void> {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    const all = migrationsFor('postgres');
    if (!(last in all)) throw new Error(`no migration named ${last}`);
    const upTo = Object.fromEntries(Object.entries(all).filter(([name]) => name <= last));
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(upTo) }, migrationTableSchema: 'public' });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw new Error(`migrating to ${last} failed`, { cause: error });
  } finally {
    await db.destroy();
  }
}

/** One connection whose statements run one after the other, in the order they were given. */
class SerialConnection {
  private tail: Promise<void> = Promise.resolve();
  private failed: unknown = null;

  constructor(readonly client: pg.Client) {}

  /** Queues a statement; answers when it is done (a failure is kept and thrown by `check`, so none goes unhandled). */
  run(text: string, values: unknown[]): Promise<void> {
    const done = this.tail.then(async () => {
      if (this.failed === null) await this.client.query(text, values);
    });
    this.tail = done.catch((error: unknown) => {
      this.failed ??= error;
    });
    return this.tail;
  }

  check(): void {
    if (this.failed !== null) throw new Error('a statement of the build failed', { cause: this.failed });
  }
}

/** A table's rows as arrays, one per column, sent as one statement of `batch` rows; at most two statements wait. */
class ArraySink {
  private columns: unknown[][];
  private pending: Promise<void>[] = [];
  rows = 0;

  constructor(
    private readonly connection: SerialConnection,
    private readonly table: string,
    private readonly names: readonly string[],
    private readonly types: readonly string[],
    private readonly batch = 5000,
  ) {
    this.columns = names.map(() => []);
  }

  get buffered(): number {
    return this.columns[0]?.length ?? 0;
  }

  get full(): boolean {
    return this.buffered >= this.batch;
  }

  push(values: readonly unknown[]): void {
    for (const [i, value] of values.entries()) this.columns[i]?.push(value);
  }

  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const columns = this.columns;
    this.rows += columns[0]?.length ?? 0;
    this.columns = this.names.map(() => []);
    // Two statements in flight keep the database busy while the next batch is made; more would only hold memory.
    while (this.pending.length >= 2) await this.pending.shift();
    this.connection.check();
    const text = `insert into ${this.table} (${this.names.join(', ')}) select * from unnest(${this.types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
    this.pending.push(this.connection.run(text, columns));
  }

  async close(): Promise<void> {
    await this.flush();
    for (const p of this.pending.splice(0)) await p;
    this.connection.check();
  }
}

const WORK_ORDER_COLUMNS: [string, string][] = [
  ['id', 'text'],
  ['code', 'text'],
  ['customer_code', 'text'],
  ['customer_name', 'text'],
  ['phone', 'text'],
  ['address', 'text'],
  ['commune', 'text'],
  ['district', 'text'],
  ['province', 'text'],
  ['lat', 'float8'],
  ['lng', 'float8'],
  ['station_code', 'text'],
  ['route_code', 'text'],
  ['route_order', 'int4'],
  ['phases', 'int4'],
  ['old_meter_serial', 'text'],
  ['old_meter_type', 'text'],
  ['last_billed_reading', 'float8'],
  ['reason', 'text'],
  ['planned_date', 'text'],
  ['status', 'text'],
  ['assignee_id', 'text'],
  ['team_id', 'text'],
  ['version', 'int4'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['search_text', 'text'],
];

function workOrderRow(wo: NewWorkOrder): unknown[] {
  return [
    wo.id,
    wo.code,
    wo.customerCode,
    wo.customerName,
    wo.phone,
    wo.address,
    wo.commune,
    wo.district ?? null,
    wo.province,
    wo.lat,
    wo.lng,
    wo.stationCode,
    wo.routeCode,
    wo.routeOrder,
    wo.phases,
    wo.oldMeterSerial,
    wo.oldMeterType,
    wo.lastBilledReading,
    wo.reason,
    wo.plannedDate,
    wo.status,
    wo.assigneeId,
    wo.teamId,
    wo.version,
    wo.createdAt,
    wo.updatedAt,
    workOrderSearchText(wo),
  ];
}

/** The steps of a route's life after it was given, in time order. */
const STEPS = ['handover', 'start', 'complete', 'approve'] as const;
type Step = (typeof STEPS)[number];
const STATUS_AFTER: Record<Exclude<Step, 'handover'>, WorkOrderStatus> = { start: 'in_progress', complete: 'completed', approve: 'approved' };

interface Route {
  /** When it was given (the route counter). */
  at: number;
  ids: string[];
  first: string;
  /** Who it is handed over to, when it is and that has happened. */
  second: string | null;
}

/**
 * Writes the campaign into an empty database already at the schema the caller chose (migrateUpTo): answers what
 * it wrote and how long each part took.
 */
export async function writeCampaign(url: string, plan: CampaignPlan, log: Log): Promise<CampaignReport> {
  const started = performance.now();
  const built = new Date();
  const campaignStart = new Date(built.getTime() - plan.campaignDays * 86_400_000);
  const today = isoDayInVietnam(built);
  const data = generateDemo({ seed: DEFAULT_DEMO_SEED, size: plan.size, today, now: campaignStart });

  // Teams and people through the store (a few thousand rows), as the demo seed writes them.
  const store = await createStore({ databaseUrl: url });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = campaignStart.toISOString();
  let teamIdOf: Map<string, string>;
  let userIdOf: Map<string, string>;
  let adminId: string;
  let measuredId: string | undefined;
  let measuredTeamId: string | null | undefined;
  const techsOf = new Map<string, string[]>();
  const shareOf = (province: string) => (province === 'Thanh Hóa' ? 0.55 : 0.45);
  try {
    await store.teams.insertMissing(data.teams, at);
    const teams = await store.teams.findByNames(data.teams.map((t) => t.name));
    teamIdOf = new Map(data.teams.map((t) => [t.id, teams.find((x) => x.name === t.name)?.id ?? '']));
    const demoUsers = data.users.map((u) => ({
      ...u,
      teamId: u.teamId === null ? null : (teamIdOf.get(u.teamId) ?? null),
      passwordHash,
      active: true,
      createdAt: at,
    }));
    await store.users.insertMissing(demoUsers);
    const stored = await store.users.findByUsernames(data.users.map((u) => u.username));
    userIdOf = new Map(data.users.map((u) => [u.id, stored.find((x) => x.username === u.username)?.id ?? '']));
    adminId = stored.find((u) => u.role === 'admin')?.id ?? '';
    const measured = stored.find((u) => u.username === plan.measured.username);
    measuredId = measured?.id;
    measuredTeamId = measured?.teamId;
    for (const team of teams) {
      const count = Math.max(1, Math.round(plan.technicians * shareOf(team.province)));
      const users = Array.from({ length: count }, (_, i) => ({
        id: randomUUID(),
        username: `bench_${team.id.slice(0, 4)}_${String(i + 1).padStart(4, '0')}`,
        displayName: `Kỹ thuật viên ${i + 1}`,
        role: 'technician' as const,
        teamId: team.id,
        passwordHash,
        active: true,
        createdAt: at,
      }));
      for (let i = 0; i < users.length; i += 1000) await store.users.insertMissing(users.slice(i, i + 1000));
      techsOf.set(
        team.id,
        users.map((u) => u.id),
      );
    }
  } finally {
    await store.close();
  }
  if (measuredId === undefined || measuredTeamId === undefined || measuredTeamId === null)
    throw new Error(`${plan.measured.username} is not a demo technician with a team`);

  const works = new pg.Client(url);
  const feed = new pg.Client(url);
  await works.connect();
  await feed.connect();
  try {
    for (const c of [works, feed]) await c.query('set synchronous_commit = off');
    // The secondary indexes go, and come back from their own definitions once the rows are in.
    const { rows: indexes } = await works.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = current_schema()
         and tablename in ('work_orders', 'assignments', 'changes')
         and indexname not in (select conname from pg_constraint)`,
    );
    for (const index of indexes) await works.query(`drop index ${index.indexname}`);

    const worksQueue = new SerialConnection(works);
    const workOrders = new ArraySink(
      worksQueue,
      'work_orders',
      WORK_ORDER_COLUMNS.map(([n]) => n),
      WORK_ORDER_COLUMNS.map(([, t]) => t),
    );
    const assignments = new ArraySink(
      worksQueue,
      'assignments',
      ['id', 'work_order_id', 'technician_id', 'assigned_by', 'assigned_at', 'ended_at', 'end_reason'],
      ['text', 'text', 'text', 'text', 'text', 'text', 'text'],
    );
    const changes = new ArraySink(
      new SerialConnection(feed),
      'changes',
      ['recipient_user_id', 'entity', 'entity_id', 'op', 'entity_version', 'created_at'],
      ['text', 'text', 'text', 'text', 'int4', 'text'],
      10_000,
    );

    const demoOrders = data.users.filter((u) => u.role === 'technician').length * 30;
    const assignedTarget = Math.floor(plan.assignedShare * (plan.size - demoOrders));
    const round = plan.technicians;
    /** The campaign's present, on the route counter: steps after it have not happened. */
    const now = assignedTarget / plan.routeSize;
    const happened = (route: Route, step: Step) => route.at + plan.lags[step] * round <= now;
    const timeOf = (t: number) => new Date(campaignStart.getTime() + (Math.min(t, now) / now) * (plan.campaignDays - 1) * 86_400_000).toISOString();

    // Each step's routes in the order they were given, so each queue is in time order; merged by time.
    const queues: Record<Step, { routes: Route[]; next: number }> = {
      handover: { routes: [], next: 0 },
      start: { routes: [], next: 0 },
      complete: { routes: [], next: 0 },
      approve: { routes: [], next: 0 },
    };
    const pushChange = async (recipient: string, id: string, op: 'upsert' | 'revoke', version: number, createdAt: string) => {
      changes.push([recipient, 'workOrder', id, op, version, createdAt]);
      if (changes.full) await changes.flush();
    };
    const emit = async (route: Route, step: Step) => {
      const createdAt = timeOf(route.at + plan.lags[step] * round);
      const second = route.second;
      if (step === 'handover') {
        if (second === null) return;
        for (const id of route.ids) {
          await pushChange(route.first, id, 'revoke', 3, createdAt);
          await pushChange(second, id, 'upsert', 3, createdAt);
        }
        return;
      }
      const version = (second === null ? 2 : 3) + STEPS.indexOf(step);
      for (const id of route.ids) await pushChange(second ?? route.first, id, 'upsert', version, createdAt);
    };
    /** Every step that happened before `until`, in time order. */
    const drain = async (until: number) => {
      for (;;) {
        let earliest: { step: Step; route: Route; time: number } | null = null;
        for (const step of STEPS) {
          const queue = queues[step];
          const route = queue.routes[queue.next];
          if (route === undefined) continue;
          const time = route.at + plan.lags[step] * round;
          if (time < until && (earliest === null || time < earliest.time)) earliest = { step, route, time };
        }
        if (earliest === null) return;
        const queue = queues[earliest.step];
        queue.next += 1;
        if (queue.next > 10_000) {
          queue.routes.splice(0, queue.next);
          queue.next = 0;
        }
        if (earliest.time <= now) await emit(earliest.route, earliest.step);
      }
    };

    let given = 0;
    let assigned = 0;
    const give = async (orders: NewWorkOrder[], first: string, handoverTo: string | null) => {
      const route: Route = { at: given, ids: orders.map((wo) => wo.id), first, second: null };
      given += 1;
      assigned += orders.length;
      await drain(route.at);
      route.second = handoverTo !== null && happened(route, 'handover') ? handoverTo : null;
      const steps = (['start', 'complete', 'approve'] as const).filter((s) => happened(route, s));
      const last = steps.at(-1);
      const assignedAt = timeOf(route.at);
      const handedAt = timeOf(route.at + plan.lags.handover * round);
      for (const [i, wo] of orders.entries()) {
        workOrders.push(
          workOrderRow({
            ...wo,
            assigneeId: route.second ?? first,
            status: last === undefined ? 'assigned' : STATUS_AFTER[last],
            version: 2 + (route.second === null ? 0 : 1) + steps.length,
            plannedDate: isoDayInVietnam(new Date(timeOf(route.at + plan.lags.start * round))),
            routeOrder: i + 1,
            updatedAt: last === undefined ? (route.second === null ? assignedAt : handedAt) : timeOf(route.at + plan.lags[last] * round),
          }),
        );
        assignments.push([
          randomUUID(),
          wo.id,
          first,
          adminId,
          assignedAt,
          route.second === null ? null : handedAt,
          route.second === null ? null : 'reassigned',
        ]);
        if (route.second !== null) assignments.push([randomUUID(), wo.id, route.second, adminId, handedAt, null, null]);
        await pushChange(first, wo.id, 'upsert', 2, assignedAt);
      }
      for (const step of STEPS) if (step !== 'handover' || route.second !== null) queues[step].routes.push(route);
      if (workOrders.buffered >= 5000) {
        // Work orders before the assignments that name them.
        await workOrders.flush();
        await assignments.flush();
      }
    };

    const handovers = stream(DEFAULT_DEMO_SEED, 2);
    const pending = new Map<string, NewWorkOrder[]>();
    const routesOf = new Map<string, number>();
    const measuredTotal = assignedTarget * shareOf('Thanh Hóa');
    // Spread over the first nine tenths of the campaign, so every handover planned has happened by now.
    const measuredDue = Array.from({ length: plan.measured.routes }, (_, j) =>
      Math.floor((0.9 * (j + 0.5) * measuredTotal) / plan.routeSize / plan.measured.routes),
    );
    let measuredGiven = 0;
    const demoDay: NewWorkOrder[] = [];
    let seen = 0;
    let nextLog = 0.1;
    for (const generated of data.workOrders()) {
      const wo: NewWorkOrder = {
        ...generated,
        teamId: generated.teamId === null ? null : (teamIdOf.get(generated.teamId) ?? null),
        assigneeId: generated.assigneeId === null ? null : (userIdOf.get(generated.assigneeId) ?? null),
      };
      seen += 1;
      if (seen / plan.size >= nextLog) {
        log(`  ${Math.round(nextLog * 100)} % of the work orders (${((performance.now() - started) / 1000).toFixed(0)} s)`);
        nextLog += 0.1;
      }
      if (wo.assigneeId !== null) {
        // A demo technician's day: given this morning, as the demo seed does (its feed rows come last).
        demoDay.push(wo);
        workOrders.push(workOrderRow(wo));
        assignments.push([wo.id, wo.id, wo.assigneeId, null, built.toISOString(), null, null]);
        continue;
      }
      const teamId = wo.teamId ?? '';
      const techs = techsOf.get(teamId) ?? [];
      if (assigned >= assignedTarget || techs.length === 0) {
        workOrders.push(workOrderRow(wo));
      } else {
        const queue = pending.get(teamId) ?? [];
        pending.set(teamId, queue);
        queue.push(wo);
        const k = routesOf.get(teamId) ?? 0;
        const measuredNow = teamId === measuredTeamId && measuredGiven < plan.measured.routes && k >= (measuredDue[measuredGiven] ?? Infinity);
        if (measuredNow && queue.length === plan.measured.routeSize) {
          const kept = measuredGiven % plan.measured.keepEvery === 0;
          await give(queue.splice(0), measuredId, kept ? null : (techs[measuredGiven % techs.length] ?? null));
          measuredGiven += 1;
        } else if (!measuredNow && queue.length === plan.routeSize) {
          // Drawn, not every tenth route: with teams of a multiple of ten technicians, every tenth route is always the
          // same technicians' (they would lose all their work and their neighbours own twice as much).
          const handover = handovers.chance(1 / plan.handoverEvery);
          await give(queue.splice(0), techs[k % techs.length] ?? '', handover ? (techs[(k + 1) % techs.length] ?? null) : null);
          routesOf.set(teamId, k + 1);
        }
      }
      if (workOrders.buffered >= 5000) {
        await workOrders.flush();
        await assignments.flush();
      }
    }
    // Orders left in a route not yet full are not given.
    for (const queue of pending.values()) for (const wo of queue) workOrders.push(workOrderRow(wo));
    await drain(Infinity);
    for (const wo of demoDay) await pushChange(wo.assigneeId ?? '', wo.id, 'upsert', wo.version, built.toISOString());
    await workOrders.close();
    await assignments.close();
    await changes.close();
    const load = (performance.now() - started) / 1000;
    log(
      `  rows in (${load.toFixed(0)} s): ${workOrders.rows} work orders, ${assignments.rows} assignments, ${changes.rows} feed rows; building ${indexes.length} indexes…`,
    );

    const indexStarted = performance.now();
    await works.query(`set maintenance_work_mem = '1GB'`);
    for (const index of indexes) await works.query(index.indexdef);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    log(`  indexes (${indexSeconds.toFixed(0)} s); vacuum and analyse…`);
    const vacuumStarted = performance.now();
    await works.query('vacuum (analyze)');
    const vacuum = (performance.now() - vacuumStarted) / 1000;
    return {
      seconds: { load, indexes: indexSeconds, vacuum, total: (performance.now() - started) / 1000 },
      rows: { workOrders: workOrders.rows, assignments: assignments.rows, changes: changes.rows, users: data.users.length + plan.technicians },
    };
  } finally {
    await works.end();
    await feed.end();
  }
}
