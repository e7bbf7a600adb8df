import type { Kysely } from 'kysely';
import type { Database } from './schema';

export function metaRepo(db: Kysely<Database>) {
  return {
    /** The change feed's epoch, created once by the first migration. */
    async epoch(): Promise<string> {
      const row = await db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow();
      return row.value;
    },
  };
}

export type MetaRepo = ReturnType<typeof metaRepo>;
