import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Jobs } from '../jobs.ts';

/**
 * What `/api/ready` reports: each dependency as a named check with a detail. The job runner and
 * the modules' long-running parts (the MQTT broker connection) count only once this process was
 * asked to run them (`smartcity start`); a process that serves HTTP only does not wait for them.
 */
export type DependencyCheck = { ok: boolean; detail?: string };
export type Readiness = { ok: boolean; checks: Record<string, DependencyCheck> };

const DATABASE_TIMEOUT_MS = 5000;

export function createReadiness(deps: {
  database: Database;
  pendingMigrations: () => Promise<string[]>;
  jobs: Jobs;
  /** Whether this process was asked to run the job queue and the modules' long-running parts. */
  background: () => boolean;
  /** The modules' own dependencies (e.g. `mqtt`), named by the module. */
  modules: () => Promise<Record<string, DependencyCheck>>;
}): () => Promise<Readiness> {
  const engine = deps.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  return async () => {
    const checks: Record<string, DependencyCheck> = {};
    try {
      await withTimeout(sql`select 1`.execute(deps.database.db), DATABASE_TIMEOUT_MS);
      checks.database = { ok: true, detail: engine };
      const pending = await deps.pendingMigrations();
      checks.migrations = pending.length
        ? { ok: false, detail: `pending: ${pending.join(', ')}` }
        : { ok: true, detail: 'all applied' };
    } catch (error) {
      checks.database = { ok: false, detail: `${engine}: ${(error as Error).message}` };
    }
    if (deps.background())
      checks.jobs = deps.jobs.started
        ? { ok: true, detail: `running (${deps.jobs.names.length} jobs)` }
        : { ok: false, detail: 'job runner stopped' };
    Object.assign(checks, await deps.modules());
    return { ok: Object.values(checks).every((check) => check.ok), checks };
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
