import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './database.ts';

/** A forward-only migration: a SQL script that runs once, in a transaction. */
export type Migration = { name: string; sql: string };

/** The migrations of one module, applied in array order; `module` is also its Postgres schema. */
export type ModuleMigrations = { module: string; migrations: Migration[] };

const BOOTSTRAP = `
create schema if not exists platform;
create table if not exists platform.schema_migrations (
  module text not null,
  name text not null,
  checksum text not null,
  applied_at timestamptz not null default now(),
  primary key (module, name)
);`;

const checksum = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

export type MigrationReport = { applied: string[]; alreadyApplied: number };

/**
 * Applies every pending migration of the given modules, in order. A migration whose text changed
 * after it was applied stops start-up: migrations are forward-only, so fix forward with a new one.
 */
export async function migrate(database: Database, modules: ModuleMigrations[]): Promise<MigrationReport> {
  await database.runScript(BOOTSTRAP);
  const applied = await appliedMigrations(database);
  const report: MigrationReport = { applied: [], alreadyApplied: 0 };
  for (const { module, migrations } of modules) {
    for (const migration of migrations) {
      const key = `${module}/${migration.name}`;
      const sum = checksum(migration.sql);
      const existing = applied.get(key);
      if (existing) {
        if (existing !== sum) {
          throw new Error(
            `Migration ${key} was changed after it was applied (checksum ${existing} → ${sum}); add a new migration instead.`,
          );
        }
        report.alreadyApplied++;
        continue;
      }
      try {
        // The record goes first: a second instance racing on the same migration fails on the key and skips.
        await database.runScript(
          `insert into platform.schema_migrations (module, name, checksum) values (${quote(module)}, ${quote(migration.name)}, ${quote(sum)});\n${migration.sql}`,
        );
        report.applied.push(key);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          report.alreadyApplied++;
          continue;
        }
        throw new Error(`Migration ${key} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return report;
}

async function appliedMigrations(database: Database): Promise<Map<string, string>> {
  const { rows } = await sql<{ module: string; name: string; checksum: string }>`
    select module, name, checksum from platform.schema_migrations`.execute(database.db);
  return new Map(rows.map((row) => [`${row.module}/${row.name}`, row.checksum]));
}

/** Names of known migrations not yet applied (readiness reports them). */
export async function pendingMigrations(database: Database, modules: ModuleMigrations[]): Promise<string[]> {
  const applied = await appliedMigrations(database);
  return modules.flatMap(({ module, migrations }) =>
    migrations.map((migration) => `${module}/${migration.name}`).filter((key) => !applied.has(key)),
  );
}
