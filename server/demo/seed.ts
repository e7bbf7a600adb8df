import type { NewAssignment, NewChange, NewWorkOrder } from '../store/records';
import type { Store } from '../store/store';
import { hashPassword } from '../services/passwords';
import { generateDemo, type DemoOptions } from './generate';
import { DEMO_PASSWORD } from './people';

/** Work orders per transaction: large enough to be fast, small enough that a million rows never hold one huge transaction. */
const ROWS_PER_TRANSACTION = 10_000;

export interface SeedSummary {
  workOrders: number;
  assigned: number;
}

export interface SeedOptions extends DemoOptions {
  onProgress?: (inserted: number) => void;
}

/**
 * Writes the demo data set into an empty store. Accounts that already exist (say an `admin` created from
 * ADMIN_PASSWORD) are kept as they are and used by username. Each batch of work orders is written with its
 * assignment history and pull-feed rows in the same transaction, so a technician's first pull gets their day.
 */
export async function seedDemo(store: Store, options: SeedOptions): Promise<SeedSummary> {
  const data = generateDemo(options);
  const at = options.now.toISOString();
  // One hash for every demo account: they share the demo password anyway, and nine scrypt runs would cost a second.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const ids = await store.transaction(async (tx) => {
    await tx.teams.insertMissing(data.teams, at);
    const teams = await tx.teams.findByNames(data.teams.map((t) => t.name));
    const teamId = new Map(data.teams.map((t) => [t.id, teams.find((x) => x.name === t.name)?.id ?? null]));
    await tx.users.insertMissing(
      data.users.map((u) => ({
        ...u,
        teamId: u.teamId === null ? null : (teamId.get(u.teamId) ?? null),
        passwordHash,
        active: true,
        createdAt: at,
      })),
    );
    const users = await tx.users.findByUsernames(data.users.map((u) => u.username));
    const userId = new Map(data.users.map((u) => [u.id, users.find((x) => x.username === u.username)?.id ?? null]));
    return { teamId, userId };
  });
  const remap = (wo: NewWorkOrder): NewWorkOrder => ({
    ...wo,
    teamId: wo.teamId === null ? null : (ids.teamId.get(wo.teamId) ?? null),
    assigneeId: wo.assigneeId === null ? null : (ids.userId.get(wo.assigneeId) ?? null),
  });

  const summary: SeedSummary = { workOrders: 0, assigned: 0 };
  const flush = async (batch: NewWorkOrder[]): Promise<void> => {
    const assignments: NewAssignment[] = [];
    const changes: NewChange[] = [];
    for (const wo of batch) {
      if (wo.assigneeId === null) continue;
      // The first assignment of a seeded order reuses its id: unique, and reproducible like the rest of the data.
      assignments.push({ id: wo.id, workOrderId: wo.id, technicianId: wo.assigneeId, assignedBy: null, assignedAt: at });
      changes.push({ recipientUserId: wo.assigneeId, entity: 'workOrder', entityId: wo.id, op: 'upsert', entityVersion: wo.version });
    }
    await store.transaction(async (tx) => {
      await tx.workOrders.insertMany(batch);
      await tx.assignments.insertMany(assignments);
      await tx.changes.append(changes, at);
    });
    summary.workOrders += batch.length;
    summary.assigned += assignments.length;
    options.onProgress?.(summary.workOrders);
  };

  let batch: NewWorkOrder[] = [];
  for (const wo of data.workOrders()) {
    batch.push(remap(wo));
    if (batch.length === ROWS_PER_TRANSACTION) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await flush(batch);
  return summary;
}
