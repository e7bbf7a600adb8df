import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../dialect';

/**
 * What the progress report needs from a completion or a failed visit, as small columns the database keeps in
 * step with the row, so the dashboard reads narrow covering indexes instead of parsing 100,000 JSON payloads and
 * device time stamps on every refresh (bench/dashboard.ts):
 * - `completions.captured_utc` / `visits.at_utc`: the device instant normalised to `toISOString()` text (devices may
 *   send an offset), so "a failed visit before the completion" is a plain comparison;
 * - `completions.captured_day` / `visits.at_day`: its day in Asia/Ho_Chi_Minh (yyyy-MM-dd);
 * - `completions.cashless_current`: the household's payment method before the visit;
 * - `completions.cashless_new`: 1 when a cash payer enrolled in a cashless method with consent
 *   (src/domain/capture/visit.ts `isNewCashlessEnrolment`).
 * Triggers fill them on insert and whenever the payload or time changes (an amendment included), whichever code
 * path writes the row; existing rows are filled here.
 */
export function reportFactsMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const column of ['captured_utc', 'captured_day', 'cashless_current']) {
        await db.schema.alterTable('completions').addColumn(column, 'text').execute();
      }
      await db.schema
        .alterTable('completions')
        .addColumn('cashless_new', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('visits').addColumn('at_utc', 'text').execute();
      await db.schema.alterTable('visits').addColumn('at_day', 'text').execute();

      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
      // Fire the triggers once for the rows already stored.
      await sql`update completions set captured_at = captured_at`.execute(db);
      await sql`update visits set at = at`.execute(db);

      // Covering indexes: the report's completion, visit and work-order reads never touch the wide rows.
      await db.schema
        .createIndex('completions_report')
        .on('completions')
        .columns(['is_primary', 'work_order_id', 'technician_id', 'captured_day', 'captured_utc', 'media_status', 'cashless_current', 'cashless_new'])
        .execute();
      await db.schema.createIndex('visits_report').on('visits').columns(['work_order_id', 'at_utc', 'technician_id', 'reason', 'at_day']).execute();
      await db.schema.createIndex('work_orders_report_by_id').on('work_orders').columns(['id', 'team_id', 'status', 'commune']).execute();
      await db.schema
        .createIndex('work_orders_report_scan')
        .on('work_orders')
        .columns(['team_id', 'commune', 'status', 'assignee_id', 'planned_date', 'lat', 'lng', 'id'])
        .execute();
    },
  };
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const cashless = (field: string) => `json_extract(new.payload, '$.handover.cashless.${field}')`;
  const completionFacts = `update completions set
      captured_utc = strftime('%Y-%m-%dT%H:%M:%fZ', new.captured_at),
      captured_day = date(new.captured_at, '+7 hours'),
      cashless_current = ${cashless('currentMethod')},
      cashless_new = case when ${cashless('currentMethod')} = 'cash' and coalesce(${cashless('enrolledMethod')}, 'cash') <> 'cash'
        and ${cashless('consent')} = 1 then 1 else 0 end
    where id = new.id;`;
  const visitFacts = `update visits set at_utc = strftime('%Y-%m-%dT%H:%M:%fZ', new.at), at_day = date(new.at, '+7 hours') where id = new.id;`;
  // AFTER triggers that update other columns: they do not fire themselves again (UPDATE OF lists only the sources).
  await sql.raw(`create trigger completions_report_facts_insert after insert on completions begin ${completionFacts} end`).execute(db);
  await sql
    .raw(`create trigger completions_report_facts_update after update of payload, captured_at on completions begin ${completionFacts} end`)
    .execute(db);
  await sql.raw(`create trigger visits_report_facts_insert after insert on visits begin ${visitFacts} end`).execute(db);
  await sql.raw(`create trigger visits_report_facts_update after update of at on visits begin ${visitFacts} end`).execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const utc = (col: string) => `to_char((${col})::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const day = (col: string) => `to_char((${col})::timestamptz at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`;
  await sql
    .raw(
      `create function completions_report_facts() returns trigger language plpgsql as $$
    declare cashless jsonb := (new.payload::jsonb) #> '{handover,cashless}';
    begin
      new.captured_utc := ${utc('new.captured_at')};
      new.captured_day := ${day('new.captured_at')};
      new.cashless_current := cashless ->> 'currentMethod';
      new.cashless_new := case when cashless ->> 'currentMethod' = 'cash' and coalesce(cashless ->> 'enrolledMethod', 'cash') <> 'cash'
        and cashless ->> 'consent' = 'true' then 1 else 0 end;
      return new;
    end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function visits_report_facts() returns trigger language plpgsql as $$
    begin
      new.at_utc := ${utc('new.at')};
      new.at_day := ${day('new.at')};
      return new;
    end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger completions_report_facts before insert or update of payload, captured_at on completions
    for each row execute function completions_report_facts()`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger visits_report_facts before insert or update of at on visits
    for each row execute function visits_report_facts()`,
    )
    .execute(db);
}
