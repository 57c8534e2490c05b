import { Counter, Gauge } from 'prom-client';
import type { Database } from '../db/database.ts';
import { METRIC, type Telemetry } from './telemetry.ts';

/**
 * Metrics read when scraped rather than counted as things happen: the PostgreSQL pool's
 * connections (PGlite has one session, nothing to pool) and the job queue's depth per job name.
 */
export function registerRuntimeCollectors(
  telemetry: Telemetry,
  deps: { database: Database; jobNames: () => string[] },
) {
  const registers = [telemetry.registry];
  const pool = deps.database.pool;
  if (pool) {
    new Gauge({
      name: METRIC.dbPoolTotal,
      help: 'PostgreSQL pool: connections open',
      registers,
      collect() {
        this.set(pool.totalCount);
      },
    });
    new Gauge({
      name: METRIC.dbPoolIdle,
      help: 'PostgreSQL pool: connections idle',
      registers,
      collect() {
        this.set(pool.idleCount);
      },
    });
    new Gauge({
      name: METRIC.dbPoolWaiting,
      help: 'PostgreSQL pool: queries waiting for a connection',
      registers,
      collect() {
        this.set(pool.waitingCount);
      },
    });
    // A checkout is one query or one transaction: a cheap count of database work.
    const acquired = new Counter({
      name: METRIC.dbPoolAcquired,
      help: 'PostgreSQL pool: connections checked out (one per query or transaction)',
      registers,
    });
    pool.on('acquire', () => acquired.inc());
  }

  new Gauge({
    name: METRIC.jobQueueDepth,
    help: 'Background jobs waiting to run (created or retrying), by job name',
    labelNames: ['job'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [job, depth] of Object.entries(await jobQueueDepths(deps.database, deps.jobNames())))
        this.set({ job }, depth);
    },
  });
}

/**
 * Jobs waiting per name, from pg-boss's own table (any instance may have queued them); every
 * defined job is listed, at 0 when none waits. Empty before the queue was ever installed.
 */
export async function jobQueueDepths(database: Database, names: string[]): Promise<Record<string, number>> {
  const present = await database.executeSql(`select to_regclass('pgboss.job') is not null as present`);
  if (!(present.rows[0] as { present: boolean } | undefined)?.present) return {};
  const { rows } = await database.executeSql(
    `select name, count(*)::int as depth from pgboss.job where state < 'active' group by name`,
  );
  const depths: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (const row of rows as { name: string; depth: number }[])
    if (!row.name.startsWith('__pgboss')) depths[row.name] = Number(row.depth);
  return depths;
}
