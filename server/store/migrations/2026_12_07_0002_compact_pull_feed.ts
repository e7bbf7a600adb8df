import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../dialect';

/**
 * The pull feed keeps one row per (recipient, entity, id): the latest, which is all a device needs, since an upsert
 * carries the entity as it is now and a revoke is the last word on access (design §5, issue 14). Until now every
 * change stayed, so a full pull replayed a technician's whole history. The table is rebuilt with only the rows no
 * later row of the same key supersedes (a rebuild, not a DELETE: the space comes back at once, and the kept rows are
 * packed); change ids are kept, so every cursor given out before stays valid, and the id sequence goes on from where
 * it was. `changes_key` makes one row per key a rule; `changes_revokes` finds the old revokes that compaction
 * (store.changes.pruneRevokes) removes; `meta.feed_horizon` is the change id up to which revokes have been removed
 * (a cursor before it is answered with a reset).
 */
export function compactPullFeedMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const postgres = dialect === 'postgres';
      // The id the sequence has reached: rows may have been rolled back or (in later versions) removed above the last one.
      const reached = postgres
        ? Number(
            (
              await sql<{ n: string | number | null }>`select last_value as n from pg_catalog.pg_sequences
                where schemaname = current_schema() and sequencename = 'changes_change_id_seq'`.execute(db)
            ).rows[0]?.n ?? 0,
          )
        : Number((await sql<{ n: string | number }>`select seq as n from sqlite_sequence where name = 'changes'`.execute(db)).rows[0]?.n ?? 0);

      await db.schema
        .createTable('changes_compacted')
        .addColumn('change_id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('recipient_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('entity_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // A national campaign's feed is tens of millions of rows: let the grouping sort in memory where it can.
      if (postgres) await sql`set local work_mem = '256MB'`.execute(db);
      await sql`insert into changes_compacted (change_id, recipient_user_id, entity, entity_id, op, entity_version, created_at)
        select c.change_id, c.recipient_user_id, c.entity, c.entity_id, c.op, c.entity_version, c.created_at
          from changes c
          join (select max(change_id) as change_id from changes group by recipient_user_id, entity, entity_id) latest
            on latest.change_id = c.change_id`.execute(db);
      await db.schema.dropTable('changes').execute();
      await db.schema.alterTable('changes_compacted').renameTo('changes').execute();
      if (postgres) {
        // The names a fresh database has, so the next migration finds what it expects.
        await sql`alter sequence changes_compacted_change_id_seq rename to changes_change_id_seq`.execute(db);
        await sql`alter index changes_compacted_pkey rename to changes_pkey`.execute(db);
        await sql`alter table changes rename constraint changes_compacted_recipient_user_id_fkey to changes_recipient_user_id_fkey`.execute(db);
        if (reached > 0) await sql`select setval('changes_change_id_seq', ${reached})`.execute(db);
      } else {
        await sql`delete from sqlite_sequence where name in ('changes', 'changes_compacted')`.execute(db);
        await sql`insert into sqlite_sequence (name, seq) values ('changes', ${reached})`.execute(db);
      }
      await db.schema.createIndex('changes_recipient').on('changes').columns(['recipient_user_id', 'change_id']).execute();
      await db.schema.createIndex('changes_key').unique().on('changes').columns(['recipient_user_id', 'entity', 'entity_id']).execute();
      await db.schema
        .createIndex('changes_revokes')
        .on('changes')
        .column('change_id')
        .where(sql<boolean>`op = 'revoke'`)
        .execute();
      await sql`insert into meta (key, value) values ('feed_horizon', '0')`.execute(db);
    },
  };
}
