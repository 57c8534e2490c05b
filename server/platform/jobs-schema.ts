import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import type { Database } from './db/database.ts';

/**
 * pg-boss keeps its tables in schema `pgboss`, creates them at its first start, and adds one table
 * per queue when a queue is first created. Both are DDL: `smartcity migrate` does them here, as the
 * migration role, so an application role without CREATE can start the queue (MIGRATE_ON_START=false).
 */
const SCHEMA = 'pgboss';
const expectedVersion: number = createRequire(import.meta.url)('pg-boss/version.json').schema;
/** The queue pg-boss's scheduler creates when it starts (jobs.ts runs with `schedule: true`). */
const INTERNAL_QUEUES = ['__pgboss__send-it'];

const bossOn = (database: Database) =>
  new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    schema: SCHEMA,
    supervise: false,
    schedule: false,
  });

/** Creates or upgrades pg-boss's schema and creates every queue in `names`. */
export async function installJobQueues(database: Database, names: string[]): Promise<void> {
  const boss = bossOn(database);
  await boss.start();
  try {
    for (const name of [...INTERNAL_QUEUES, ...names]) await boss.createQueue(name);
  } finally {
    await boss.stop({ graceful: false, wait: true, close: false });
  }
}

/** What starting the queue would still have to create or upgrade (empty: nothing, no DDL). */
export async function pendingJobQueues(database: Database, names: string[]): Promise<string[]> {
  const installed = await database.executeSql(`select to_regclass('${SCHEMA}.version') as name`);
  if (!(installed.rows[0] as { name: string | null }).name) return [`${SCHEMA} (not installed)`];
  const version = await database.executeSql(`select version from ${SCHEMA}.version`);
  const current = Number((version.rows[0] as { version: number | string } | undefined)?.version ?? 0);
  if (current !== expectedVersion) return [`${SCHEMA} (schema ${current} → ${expectedVersion})`];
  const queues = await database.executeSql(`select name from ${SCHEMA}.queue`);
  const existing = new Set((queues.rows as { name: string }[]).map((row) => row.name));
  return [...INTERNAL_QUEUES, ...names]
    .filter((name) => !existing.has(name))
    .map((name) => `${SCHEMA}/queue ${name}`);
}
