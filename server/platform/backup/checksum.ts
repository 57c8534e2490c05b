import { createHash } from 'node:crypto';

/**
 * What a backup promises to bring back, measured the same way on PGlite and PostgreSQL: every
 * table's row count and a hash of its rows, every sequence's position, and every stored file's
 * SHA-256 recomputed from its bytes. Compared after a restore, a difference fails the restore.
 */

/** One database session; every statement of a measurement runs in the caller's transaction. */
export type Session = { query(text: string, values?: unknown[]): Promise<Record<string, unknown>[]> };

export type TableChecksum = { table: string; rows: number; md5: string };
export type SequenceState = { sequence: string; lastValue: string | null };
export type FileEntry = {
  store: 'files' | 'chunked';
  id: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
};
export type Migration = { module: string; name: string; checksum: string };

export type DatabaseState = {
  serverVersion: string;
  migrations: Migration[];
  tables: TableChecksum[];
  sequences: SequenceState[];
  files: FileEntry[];
};

/**
 * A row's text form depends on session settings (time zone, date and float output); fixed here so
 * that the source and the restored copy print the same rows. `set local`: only this transaction.
 */
export const STABLE_OUTPUT = [
  "set local timezone to 'UTC'",
  "set local datestyle to 'ISO, YMD'",
  "set local intervalstyle to 'postgres'",
  'set local extra_float_digits to 1',
  "set local bytea_output to 'hex'",
];

// Every schema the platform and its libraries create (modules, `platform`, pg-boss, public).
const USER_SCHEMA = "n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'";

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Tables with rows of their own (a partitioned table counts its partitions' rows once). */
async function tableNames(session: Session): Promise<{ schema: string; name: string }[]> {
  const rows = await session.query(
    `select n.nspname as schema, c.relname as name from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and ${USER_SCHEMA}
      order by n.nspname collate "C", c.relname collate "C"`,
  );
  return rows.map((row) => ({ schema: String(row.schema), name: String(row.name) }));
}

/**
 * Per table: row count and the md5 of the rows' md5s in sorted order. Hashing each row first keeps
 * the aggregate small (a table of file chunks would otherwise be concatenated whole); sorting the
 * hashes with the "C" collation makes the order independent of the physical order and the locale.
 */
export async function tableChecksums(session: Session): Promise<TableChecksum[]> {
  const result: TableChecksum[] = [];
  for (const { schema, name } of await tableNames(session)) {
    const [row] = await session.query(
      `select count(*)::int8 as rows,
              md5(coalesce(string_agg(h, '' order by h collate "C"), '')) as md5
         from (select md5(t::text) as h from ${ident(schema)}.${ident(name)} t) s`,
    );
    result.push({ table: `${schema}.${name}`, rows: Number(row!.rows), md5: String(row!.md5) });
  }
  return result;
}

async function sequenceStates(session: Session): Promise<SequenceState[]> {
  const rows = await session.query(
    `select schemaname as schema, sequencename as name, last_value::text as last_value
       from pg_sequences where schemaname not like 'pg\\_%' and schemaname <> 'information_schema'
      order by schemaname collate "C", sequencename collate "C"`,
  );
  return rows.map((row) => ({
    sequence: `${row.schema}.${row.name}`,
    lastValue: row.last_value === null ? null : String(row.last_value),
  }));
}

const hasTable = async (session: Session, table: string) =>
  (await session.query('select to_regclass($1) is not null as found', [table]))[0]?.found === true;

/** The file store's files, each hashed again from its stored bytes (not the recorded hash). */
async function storedFiles(session: Session): Promise<FileEntry[]> {
  const files: FileEntry[] = [];
  if (await hasTable(session, 'platform.files')) {
    const rows = await session.query(
      `select id::text as id, filename, size_bytes, encode(sha256(content), 'hex') as sha256
         from platform.files order by id`,
    );
    for (const row of rows)
      files.push({
        store: 'files',
        id: String(row.id),
        filename: String(row.filename),
        sizeBytes: Number(row.size_bytes),
        sha256: String(row.sha256),
      });
  }
  if (await hasTable(session, 'platform.chunked_files')) {
    const rows = await session.query(
      `select id::text as id, filename, size_bytes, chunks from platform.chunked_files
        where complete order by id`,
    );
    for (const row of rows) {
      // Chunk by chunk, as the file store streams them: a large file is never whole in memory.
      const hash = createHash('sha256');
      for (let seq = 0; seq < Number(row.chunks); seq++) {
        const [chunk] = await session.query(
          'select bytes from platform.file_chunks where file_id = $1 and seq = $2',
          [row.id, seq],
        );
        if (chunk) hash.update(chunk.bytes as Uint8Array);
      }
      files.push({
        store: 'chunked',
        id: String(row.id),
        filename: String(row.filename),
        sizeBytes: Number(row.size_bytes),
        sha256: hash.digest('hex'),
      });
    }
  }
  return files;
}

async function appliedMigrations(session: Session): Promise<Migration[]> {
  if (!(await hasTable(session, 'platform.schema_migrations'))) return [];
  const rows = await session.query(
    `select module, name, checksum from platform.schema_migrations
      order by module collate "C", name collate "C"`,
  );
  return rows.map((row) => ({
    module: String(row.module),
    name: String(row.name),
    checksum: String(row.checksum),
  }));
}

/**
 * Everything above, read inside one transaction the caller opened (repeatable read on PostgreSQL,
 * so the numbers describe one snapshot — the one `pg_dump` copies).
 */
export async function measureDatabase(session: Session): Promise<DatabaseState> {
  for (const statement of STABLE_OUTPUT) await session.query(statement);
  const [version] = await session.query('show server_version');
  return {
    serverVersion: String(version?.server_version ?? ''),
    migrations: await appliedMigrations(session),
    tables: await tableChecksums(session),
    sequences: await sequenceStates(session),
    files: await storedFiles(session),
  };
}

/** Differences between what the archive promised and what the restored database holds. */
export function compareStates(
  expected: Pick<DatabaseState, 'tables' | 'sequences' | 'files'>,
  actual: Pick<DatabaseState, 'tables' | 'sequences' | 'files'>,
): string[] {
  const problems: string[] = [];
  const diff = <T>(
    kind: string,
    left: T[],
    right: T[],
    key: (item: T) => string,
    show: (item: T) => string,
  ) => {
    const found = new Map(right.map((item) => [key(item), item]));
    for (const item of left) {
      const other = found.get(key(item));
      if (!other) problems.push(`${kind} ${key(item)}: missing / thiếu`);
      else if (show(item) !== show(other))
        problems.push(`${kind} ${key(item)}: expected ${show(item)}, found ${show(other)}`);
      found.delete(key(item));
    }
    for (const extra of found.keys())
      problems.push(`${kind} ${extra}: not in the archive / không có trong bản sao lưu`);
  };
  diff(
    'table',
    expected.tables,
    actual.tables,
    (t) => t.table,
    (t) => `${t.rows} rows md5 ${t.md5}`,
  );
  diff(
    'sequence',
    expected.sequences,
    actual.sequences,
    (s) => s.sequence,
    (s) => String(s.lastValue),
  );
  diff(
    'file',
    expected.files,
    actual.files,
    (f) => `${f.store}/${f.id}`,
    (f) => `${f.sizeBytes} B sha256 ${f.sha256}`,
  );
  return problems;
}
