import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { RawBuilder } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../../platform/db/database.ts';
import { copyFromStdin, copyText, dropTable, insertRows } from './table-sql.ts';

/**
 * Where a load writes its fresh table. On PostgreSQL: one transaction on a dedicated pooled client,
 * rows streamed by `COPY … FROM STDIN` (a failure or a crash rolls everything back). On PGlite (one
 * session for the whole process): multi-row INSERT batches through the shared connection queue,
 * so the server keeps answering during a load; a failure drops the fresh table.
 */
export type LoadSession = {
  run<R>(statement: RawBuilder<R>): Promise<R[]>;
  /** Runs a statement that may fail on the data (a unique index); the session stays usable. */
  attempt(statement: RawBuilder<unknown>): Promise<Error | null>;
  /** Starts writing rows of `[_id, ...columns]`. */
  startRows(columns: string[]): Promise<void>;
  writeRow(values: unknown[]): Promise<void> | undefined;
  endRows(): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
};

export async function openLoadSession(database: Database, tableName: string): Promise<LoadSession> {
  return database.kind === 'postgres' && database.pool
    ? postgresSession(database, database.pool, tableName)
    : pgliteSession(database, tableName);
}

const COPY_CHUNK = 256 * 1024;

async function postgresSession(database: Database, pool: pg.Pool, tableName: string): Promise<LoadSession> {
  const client = await pool.connect();
  let open = true;
  const release = (error?: Error) => {
    if (!open) return;
    open = false;
    client.release(error);
  };
  const query = async <R>(statement: RawBuilder<R>) => {
    const compiled = statement.compile(database.db);
    return (await client.query(compiled.sql, compiled.parameters as unknown[])).rows as R[];
  };
  try {
    await client.query('begin');
    // Index builds of a large table go much faster with more memory (this transaction only).
    await client.query(`set local maintenance_work_mem = '256MB'`);
  } catch (error) {
    release(error as Error);
    throw error;
  }
  let copy: ReturnType<typeof copyFrom> | null = null;
  // The server's refusal of a COPY arrives as a stream 'error'; kept here so it is never uncaught.
  let copyError: Error | null = null;
  let buffer = '';
  let savepoints = 0;
  const flush = async () => {
    if (copyError) throw copyError;
    const chunk = buffer;
    buffer = '';
    if (!copy!.write(chunk)) await once(copy!, 'drain');
  };
  return {
    run: query,
    async attempt(statement) {
      const savepoint = `attempt_${++savepoints}`;
      await client.query(`savepoint ${savepoint}`);
      try {
        await query(statement);
        await client.query(`release savepoint ${savepoint}`);
        return null;
      } catch (error) {
        await client.query(`rollback to savepoint ${savepoint}`);
        return error as Error;
      }
    },
    async startRows(columns) {
      copy = client.query(copyFrom(copyFromStdin(tableName, columns).compile(database.db).sql));
      copy.on('error', (error: Error) => {
        copyError ??= error;
      });
    },
    writeRow(values) {
      let line = copyText(values[0]);
      for (let i = 1; i < values.length; i++) line += `\t${copyText(values[i])}`;
      buffer += `${line}\n`;
      return buffer.length >= COPY_CHUNK ? flush() : undefined;
    },
    async endRows() {
      if (buffer) await flush();
      copy!.end();
      await finished(copy!);
      if (copyError) throw copyError;
    },
    async commit() {
      try {
        await client.query('commit');
        release();
      } catch (error) {
        release(error as Error);
        throw error;
      }
    },
    async abort() {
      if (!open) return;
      if (copy && !copy.destroyed) {
        // Cancels the COPY (the server answers with an error, caught by the listener above).
        copy.destroy();
        await finished(copy).catch(() => {});
      }
      try {
        await client.query('rollback');
        release();
      } catch (error) {
        // A connection that broke mid-COPY is not given back to the pool.
        release(error as Error);
      }
    },
  };
}

/** Rows per INSERT: within PostgreSQL's 65,535 parameters, and short statements. */
const batchRows = (columns: number) => Math.max(1, Math.min(1000, Math.floor(30_000 / (columns + 1))));

async function pgliteSession(database: Database, tableName: string): Promise<LoadSession> {
  const db = database.db;
  let columns: string[] = [];
  let batch: unknown[][] = [];
  let size = 1000;
  const flush = async () => {
    const rows = batch;
    batch = [];
    await insertRows(tableName, columns, rows).execute(db);
  };
  return {
    run: async (statement) => (await statement.execute(db)).rows,
    async attempt(statement) {
      try {
        await statement.execute(db);
        return null;
      } catch (error) {
        return error as Error;
      }
    },
    async startRows(names) {
      columns = names;
      size = batchRows(names.length);
    },
    writeRow(values) {
      batch.push(values);
      return batch.length >= size ? flush() : undefined;
    },
    async endRows() {
      if (batch.length) await flush();
    },
    async commit() {},
    async abort() {
      await dropTable(tableName).execute(db);
    },
  };
}
