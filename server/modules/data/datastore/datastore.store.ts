import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { Bilingual } from '../../../platform/errors.ts';
import type { LoadState, TableSchema, ValidationReport } from './datastore.schema.ts';
import { dropTable, SCHEMA } from './table-sql.ts';

type TablesTable = {
  resource_id: string;
  table_name: string;
  schema: TableSchema;
  columns: string[];
  indexed_fields: string[];
  rows: number;
  bytes: number;
  loaded_at: Date;
};

type LoadsTable = {
  resource_id: string;
  state: LoadState;
  rows: number;
  bytes: number;
  report: ValidationReport | null;
  error: Bilingual | null;
  fresh_table: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
};

export type DatastoreTables = {
  'data.datastore_tables': TablesTable;
  'data.datastore_loads': LoadsTable;
};
export type DatastoreDb = Kysely<DatastoreTables>;
export type DatastoreTrx = Transaction<DatastoreTables>;
export type LiveTable = TablesTable;
export type LoadRow = LoadsTable;

/** A load whose process stopped heartbeating this long ago is taken over by the next one. */
const STALE_AFTER = sql`interval '2 minutes'`;
const json = <T>(value: T) => sql<T>`${JSON.stringify(value)}::jsonb`;

/** Every statement on the DataStore's registry and load records (the resource tables: table-sql.ts). */
export function createDatastoreStore(database: Database) {
  const db = database.db as DatastoreDb;

  return {
    db,

    liveTable(resourceId: string, executor: DatastoreDb | DatastoreTrx = db): Promise<LiveTable | undefined> {
      return executor
        .selectFrom('data.datastore_tables')
        .selectAll()
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
    },

    load(resourceId: string): Promise<LoadRow | undefined> {
      return db
        .selectFrom('data.datastore_loads')
        .selectAll()
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();
    },

    /**
     * Takes the resource's load slot for a new load filling `freshTable`, unless another load is
     * running (heartbeat within STALE_AFTER). Returns false when the slot is taken.
     */
    async claimLoad(resourceId: string, freshTable: string): Promise<boolean> {
      const { rows } = await sql`
        insert into data.datastore_loads as l
          (resource_id, state, rows, bytes, report, error, fresh_table, started_at, finished_at, updated_at)
        values (${resourceId}, 'loading', 0, 0, null, null, ${freshTable}, now(), null, now())
        on conflict (resource_id) do update set
          state = 'loading', rows = 0, bytes = 0, report = null, error = null,
          fresh_table = excluded.fresh_table, started_at = now(), finished_at = null, updated_at = now()
        where l.state <> 'loading' or l.updated_at < now() - ${STALE_AFTER}
        returning l.resource_id`.execute(db);
      return rows.length === 1;
    },

    async markQueued(resourceId: string): Promise<void> {
      await sql`
        insert into data.datastore_loads as l (resource_id, state, updated_at)
        values (${resourceId}, 'queued', now())
        on conflict (resource_id) do update set
          state = 'queued', rows = 0, bytes = 0, report = null, error = null, started_at = null,
          finished_at = null, updated_at = now()
        where l.state <> 'loading' or l.updated_at < now() - ${STALE_AFTER}`.execute(db);
    },

    async progress(resourceId: string, freshTable: string, rows: number, bytes: number): Promise<void> {
      await db
        .updateTable('data.datastore_loads')
        .set({ rows, bytes, updated_at: sql`now()` })
        .where('resource_id', '=', resourceId)
        .where('fresh_table', '=', freshTable)
        .execute();
    },

    async finishLoad(
      resourceId: string,
      freshTable: string,
      outcome: {
        state: 'done' | 'failed';
        rows: number;
        bytes: number;
        report: ValidationReport | null;
        error?: Bilingual;
      },
    ): Promise<void> {
      await db
        .updateTable('data.datastore_loads')
        .set({
          state: outcome.state,
          rows: outcome.rows,
          bytes: outcome.bytes,
          report: json(outcome.report),
          error: json(outcome.error ?? null),
          fresh_table: null,
          finished_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('resource_id', '=', resourceId)
        .where('fresh_table', '=', freshTable)
        .execute();
    },

    /** Makes `next` the live table (inside the caller's transaction); returns the table it replaced. */
    async swap(trx: DatastoreTrx, next: Omit<LiveTable, 'loaded_at'>): Promise<string | null> {
      const previous = await trx
        .selectFrom('data.datastore_tables')
        .select('table_name')
        .where('resource_id', '=', next.resource_id)
        .forUpdate()
        .executeTakeFirst();
      const values = {
        table_name: next.table_name,
        schema: json(next.schema),
        columns: json(next.columns),
        indexed_fields: json(next.indexed_fields),
        rows: next.rows,
        bytes: next.bytes,
        loaded_at: sql<Date>`now()`,
      };
      await trx
        .insertInto('data.datastore_tables')
        .values({ resource_id: next.resource_id, ...values })
        .onConflict((oc) => oc.column('resource_id').doUpdateSet(values))
        .execute();
      if (previous) await dropTable(previous.table_name).execute(trx);
      return previous?.table_name ?? null;
    },

    async removeLive(trx: DatastoreTrx, resourceId: string): Promise<string | null> {
      const removed = await trx
        .deleteFrom('data.datastore_tables')
        .where('resource_id', '=', resourceId)
        .returning('table_name')
        .executeTakeFirst();
      if (removed) await dropTable(removed.table_name).execute(trx);
      await trx.deleteFrom('data.datastore_loads').where('resource_id', '=', resourceId).execute();
      return removed?.table_name ?? null;
    },

    /** Tables of a resource left by loads whose process died (not the live one). */
    async orphanTables(prefix: string, live: string | null): Promise<string[]> {
      const { rows } = await sql<{ name: string }>`
        select tablename as name from pg_catalog.pg_tables
        where schemaname = ${SCHEMA} and starts_with(tablename, ${prefix})`.execute(db);
      return rows.map((row) => row.name).filter((name) => name !== live);
    },

    /** Whether the table's trigram index for `q` exists (built after the swap on large tables). */
    async hasSearchIndex(tableName: string): Promise<boolean> {
      const { rows } = await sql<{ ok: boolean }>`
        select exists (select 1 from pg_catalog.pg_indexes
          where schemaname = ${SCHEMA} and indexname = ${`${tableName}_search`}) as ok`.execute(db);
      return rows[0]?.ok === true;
    },

    async hasTrigrams(): Promise<boolean> {
      const { rows } = await sql<{ ok: boolean }>`
        select exists (select 1 from pg_catalog.pg_extension where extname = 'pg_trgm') as ok`.execute(db);
      return rows[0]?.ok === true;
    },
  };
}

export type DatastoreStore = ReturnType<typeof createDatastoreStore>;
