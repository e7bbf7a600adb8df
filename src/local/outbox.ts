import { MUTATION_ARGS, type MutationName } from '../domain/protocol/mutations';
import type { OutboxRow, UserDatabase } from './database';
import { readSyncMeta } from './meta';

/** Ids and time come from the platform, so tests can fix them. */
export interface CommandDeps {
  uuid: () => string;
  now: () => number;
}

/**
 * Appends a mutation to the outbox with the next seq (contiguous per client from 1, design §5).
 * Must run inside a 'rw' transaction over `outbox` and `meta` that also writes the change itself:
 * the change and the row that sends it commit together or not at all. The args are parsed with the
 * shared schema first; a bad one throws (a bug: callers validate and report field errors before).
 */
export async function enqueueMutation(db: UserDatabase, name: MutationName, args: unknown, deps: CommandDeps): Promise<OutboxRow> {
  const parsed: unknown = MUTATION_ARGS[name].parse(args);
  const meta = await readSyncMeta(db);
  const row: OutboxRow = {
    seq: meta.nextSeq,
    mutationId: deps.uuid(),
    name,
    args: parsed,
    createdAt: new Date(deps.now()).toISOString(),
    status: 'pending',
  };
  await db.outbox.add(row);
  await db.meta.update('sync', { nextSeq: meta.nextSeq + 1 });
  return row;
}
