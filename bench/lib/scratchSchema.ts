import pg from 'pg';

/** Drops a bench's scratch PostgreSQL schema (and everything in it) once the bench is done with it. */
export async function dropScratchSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`);
  } finally {
    await client.end();
  }
}
