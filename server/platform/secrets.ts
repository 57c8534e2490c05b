import { sql } from 'kysely';
import type { Database } from './db/database.ts';

/**
 * A secret the platform keeps for itself in the database (created on first use), so that every
 * instance sharing the database agrees on it. Concurrent first uses settle on one value.
 */
export async function getOrCreateSecret(
  database: Database,
  name: string,
  generate: () => string,
): Promise<string> {
  await sql`insert into platform.secrets (name, value) values (${name}, ${generate()}) on conflict (name) do nothing`.execute(
    database.db,
  );
  const { rows } = await sql<{
    value: string;
  }>`select value from platform.secrets where name = ${name}`.execute(database.db);
  return rows[0]!.value;
}
