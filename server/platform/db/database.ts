import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';

/** One database handle for the whole process: embedded PGlite or a PostgreSQL pool. */
export type Database = {
  kind: 'pglite' | 'postgres';
  // biome-ignore lint/suspicious/noExplicitAny: each module narrows this to its own tables (see `ModuleDb`).
  db: Kysely<any>;
  /**
   * Run a trusted SQL script of several statements atomically (one transaction), holding a
   * cluster-wide advisory lock so that instances starting together never run it twice.
   */
  runScript(script: string): Promise<void>;
  /**
   * Runs `work` while holding a cluster-wide advisory lock (PostgreSQL; a session lock on a
   * connection of its own), so that instances starting together prepare the database one at a time.
   * `work` uses the ordinary handle. In embedded mode one process owns the database: it just runs.
   */
  exclusive<T>(key: number, work: () => Promise<T>): Promise<T>;
  /** Plain SQL for libraries that bring their own (the job queue): `{ rows }` of the last statement. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
  /** PGlite only: the embedded instance, for backups and tests. */
  pglite?: PGlite;
  /** PostgreSQL only: the pool, for LISTEN/NOTIFY and COPY. */
  pool?: pg.Pool;
};

export type DatabaseOptions =
  | {
      kind: 'pglite';
      dataDir: string | null;
      /** A `dumpDataDir()` archive to start from (a prepared copy; tests start from one). */
      loadDataDir?: Blob;
    }
  | { kind: 'postgres'; url: string; poolSize: number };

// Same value shapes on both engines: int8 → number, numeric → string, date → 'YYYY-MM-DD'.
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (value: string) => Number(value);
const keepDate = (value: string) => value;
pg.types.setTypeParser(INT8, parseInt8);
pg.types.setTypeParser(DATE, keepDate);

/** Advisory-lock key shared by every instance for migrations and other one-at-a-time scripts. */
export const SCRIPT_LOCK_KEY = 239_2023;
/** Advisory-lock key held while one instance prepares the database (migrations, reference data). */
export const PREPARE_LOCK_KEY = 239_2024;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'pglite') {
    if (options.dataDir) await fs.mkdir(options.dataDir, { recursive: true });
    const pglite = new PGlite({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [INT8]: parseInt8, [DATE]: keepDate },
      // Trigram indexes for substring search (the DataStore's folded search column), as on PostgreSQL.
      extensions: { pg_trgm },
    });
    await pglite.waitReady;
    const db = new Kysely({ dialect: new PGliteDialect(pglite) });
    return {
      kind: 'pglite',
      db,
      pglite,
      runScript: async (script) => {
        // Through Kysely's connection queue, so a script never interleaves with a transaction.
        await db.connection().execute(async () => {
          try {
            await pglite.exec(`begin;\n${script}\n;commit;`);
          } catch (error) {
            await pglite.exec('rollback');
            throw error;
          }
        });
      },
      exclusive: (_key, work) => work(),
      executeSql: (text, values = []) =>
        // Through the same connection queue as Kysely; a script without parameters may hold several statements.
        db.connection().execute(async () => {
          if (values.length === 0) {
            const results = await pglite.exec(text);
            return { rows: results.at(-1)?.rows ?? [] };
          }
          return { rows: (await pglite.query(text, values)).rows };
        }),
      close: async () => {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it. Queries report their own errors.
  });
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  return {
    kind: 'postgres',
    db,
    pool,
    runScript: async (script) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`select pg_advisory_xact_lock(${SCRIPT_LOCK_KEY})`);
        await client.query(script);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    exclusive: async (key, work) => {
      // Not from the pool: holding a pooled connection for the whole of `work` could starve it.
      const holder = new pg.Client({ connectionString: options.url });
      await holder.connect();
      try {
        await holder.query('select pg_advisory_lock($1)', [key]);
        return await work();
      } finally {
        // Closing the session releases the lock too, even when the unlock is never reached.
        await holder.end().catch(() => {});
      }
    },
    executeSql: async (text, values = []) => ({ rows: (await pool.query(text, values)).rows }),
    close: async () => {
      await db.destroy();
    },
  };
}
