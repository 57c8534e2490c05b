import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { type DatabaseState, measureDatabase, type Session } from './checksum.ts';
import { BackupError } from './errors.ts';

/**
 * PostgreSQL is backed up with `pg_dump --format=custom` and restored with `pg_restore`, the
 * tools of the server itself. The checksums are taken in the very snapshot `pg_dump` copies
 * (`pg_export_snapshot` + `--snapshot`), so a platform may keep running during a backup.
 */
const run = promisify(execFile);

export type PgTools = { binDir: string | null };

const tool = (tools: PgTools, name: string) => (tools.binDir ? path.join(tools.binDir, name) : name);

/** Connection string without the password (which goes in PGPASSWORD, not on the command line). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    dbname: parsed.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

async function toolMajor(tools: PgTools, name: string): Promise<{ major: number; text: string }> {
  try {
    const { stdout } = await run(tool(tools, name), ['--version']);
    const text = stdout.trim();
    return { major: Number(/(\d+)(\.\d+)?/.exec(text)?.[1] ?? 0), text };
  } catch {
    throw new BackupError(
      `Không tìm thấy ${name}. Cài gói PostgreSQL client cùng phiên bản với máy chủ (vd. postgresql-client-16) hoặc chỉ thư mục bằng --pg-bin.`,
      `${name} was not found. Install the PostgreSQL client tools of the server's version (e.g. postgresql-client-16) or point --pg-bin at their directory.`,
    );
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const sessionOf = (client: pg.Client): Session => ({
  query: async (text, values) => (await client.query(text, values as unknown[])).rows,
});

async function failed(what: string, error: unknown): Promise<never> {
  const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
  throw new BackupError(`${what} thất bại:\n${stderr}`, `${what} failed:\n${stderr}`);
}

/** Measures the database and dumps the same snapshot to `dumpFile`. */
export async function dumpPostgres(
  url: string,
  dumpFile: string,
  tools: PgTools,
): Promise<{ state: DatabaseState; tool: string }> {
  const pgDump = await toolMajor(tools, 'pg_dump');
  return withClient(url, async (client) => {
    const serverMajor = Math.floor(
      Number((await client.query('show server_version_num')).rows[0].server_version_num) / 10000,
    );
    if (pgDump.major < serverMajor)
      throw new BackupError(
        `${pgDump.text} cũ hơn máy chủ PostgreSQL ${serverMajor}: pg_dump phải cùng hoặc mới hơn máy chủ. Cài postgresql-client-${serverMajor} hoặc dùng --pg-bin.`,
        `${pgDump.text} is older than the PostgreSQL ${serverMajor} server: pg_dump must be the server's version or newer. Install postgresql-client-${serverMajor} or use --pg-bin.`,
      );
    await client.query('begin isolation level repeatable read read only');
    try {
      const snapshot = String((await client.query('select pg_export_snapshot() as id')).rows[0].id);
      const state = await measureDatabase(sessionOf(client));
      const target = connection(url);
      await run(
        tool(tools, 'pg_dump'),
        ['--format=custom', `--snapshot=${snapshot}`, `--file=${dumpFile}`, `--dbname=${target.dbname}`],
        { env: target.env, maxBuffer: 16 * 1024 * 1024 },
      ).catch((error) => failed('pg_dump', error));
      return { state, tool: pgDump.text };
    } finally {
      await client.query('rollback');
    }
  });
}

/** What the target database already holds: user schemas other than an empty `public`, and tables. */
async function contents(client: pg.Client): Promise<{ schemas: string[]; relations: number }> {
  const { rows } = await client.query(
    `select n.nspname as schema, count(c.oid)::int as relations
       from pg_namespace n left join pg_class c on c.relnamespace = n.oid
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
      group by n.nspname order by n.nspname`,
  );
  const extensions = await client.query(
    "select count(*)::int as n from pg_extension where extname <> 'plpgsql'",
  );
  const schemas = rows
    .filter((row) => row.schema !== 'public' || row.relations > 0 || extensions.rows[0].n > 0)
    .map((row) => String(row.schema));
  return { schemas, relations: rows.reduce((sum, row) => sum + Number(row.relations), 0) };
}

/**
 * Restores the dump into the database at `url`. Refuses while other sessions are connected (the
 * platform running) and, without `force`, when the database is not empty. With `force`, every
 * schema is dropped first (one transaction), then `pg_restore --single-transaction` runs.
 */
export async function restorePostgres(
  url: string,
  dumpFile: string,
  options: { force: boolean; tools: PgTools; workDir: string },
): Promise<DatabaseState> {
  const pgRestore = await toolMajor(options.tools, 'pg_restore');
  await withClient(url, async (client) => {
    const others = await client.query(
      `select count(*)::int as n, string_agg(distinct coalesce(nullif(application_name, ''), client_addr::text, 'local'), ', ') as who
         from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    if (others.rows[0].n > 0)
      throw new BackupError(
        `Có ${others.rows[0].n} phiên khác đang kết nối cơ sở dữ liệu (${others.rows[0].who}); nền tảng có thể đang chạy. Hãy dừng mọi phiên bản nền tảng trước khi khôi phục.`,
        `${others.rows[0].n} other sessions are connected to the database (${others.rows[0].who}); the platform may be running. Stop every platform instance before restoring.`,
      );
    const found = await contents(client);
    if (found.schemas.length && !options.force)
      throw new BackupError(
        `Cơ sở dữ liệu đích không trống (lược đồ: ${found.schemas.join(', ')}; ${found.relations} đối tượng). Không ghi đè nếu không có --force.`,
        `The target database is not empty (schemas: ${found.schemas.join(', ')}; ${found.relations} relations). It is not overwritten without --force.`,
      );
    if (found.schemas.length) {
      const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
      const extensions = await client.query("select extname from pg_extension where extname <> 'plpgsql'");
      const drops = [
        ...extensions.rows.map((row) => `drop extension ${quote(String(row.extname))} cascade;`),
        ...found.schemas.map((schema) => `drop schema ${quote(schema)} cascade;`),
      ];
      // As a fresh PostgreSQL 15+ database has it: owned by the database owner, usable by all.
      await client.query(`begin;
        ${drops.join('\n')}
        create schema if not exists public;
        alter schema public owner to pg_database_owner;
        grant usage on schema public to public;
        commit;`);
    }
  });
  // `COMMENT ON EXTENSION` needs the extension's owner; a non-superuser restore would stop on it.
  const listFile = path.join(options.workDir, 'restore.list');
  const listed = await run(tool(options.tools, 'pg_restore'), ['--list', dumpFile], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error) => failed('pg_restore --list', error));
  await writeFile(
    listFile,
    listed.stdout
      .split('\n')
      .filter((line) => !/ COMMENT - EXTENSION /.test(line))
      .join('\n'),
  );
  const target = connection(url);
  await run(
    tool(options.tools, 'pg_restore'),
    [
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      `--use-list=${listFile}`,
      `--dbname=${target.dbname}`,
      dumpFile,
    ],
    { env: target.env, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error) => failed(pgRestore.text, error));
  return withClient(url, async (client) => {
    await client.query('begin isolation level repeatable read read only');
    try {
      return await measureDatabase(sessionOf(client));
    } finally {
      await client.query('rollback');
    }
  });
}
