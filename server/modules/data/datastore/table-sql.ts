import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { FieldType } from './datastore.schema.ts';
import { sqlTypes } from './fields.ts';

/**
 * SQL for the resource tables in schema `datastore`. Table names come from a hash of the resource
 * id plus a random suffix per load (so a new load never collides with the live table); column
 * names are sanitised (fields.ts); every identifier goes through `sql.id`, never into the text.
 */
export const SCHEMA = 'datastore';
export const ID = '_id';
export const SEARCH = '_search';
/** Separates the cells in the search text: never in a query, so a phrase never spans two cells. */
export const SEARCH_SEPARATOR = '\x1f';

export const tablePrefix = (resourceId: string) =>
  `t_${createHash('sha256').update(resourceId).digest('hex').slice(0, 16)}_`;

export const table = (name: string) => sql.id(SCHEMA, name);
const column = (name: string) => sql.id(name);

export type TableColumns = { name: string; type: FieldType }[];

/**
 * The table of one load: `_id` (the data row number, the keyset key), the typed columns, and
 * `_search`, the folded text of the string columns for q (foldForSearch, cells joined by
 * SEARCH_SEPARATOR), computed by the loader: folding in SQL made PostgreSQL the bottleneck of a load.
 */
export function createTable(name: string, columns: TableColumns): RawBuilder<unknown> {
  const definitions = [
    sql`${column(ID)} bigint not null`,
    ...columns.map((c) => sql`${column(c.name)} ${sql.raw(sqlTypes[c.type])}`),
    sql`${column(SEARCH)} text not null`,
  ];
  return sql`create table ${table(name)} (${sql.join(definitions)})`;
}

export const dropTable = (name: string) => sql`drop table if exists ${table(name)}`;

/** Indexes built after the rows are in (faster than maintaining them row by row). */
export function primaryKeyOnId(name: string) {
  return sql`alter table ${table(name)} add constraint ${sql.id(`${name}_pk`)} primary key (${column(ID)})`;
}

export function uniqueIndex(name: string, n: number, columns: string[]) {
  return sql`create unique index ${sql.id(`${name}_u${n}`)} on ${table(name)} (${sql.join(columns.map(column))})`;
}

export function plainIndex(name: string, n: number, columnName: string) {
  return sql`create index ${sql.id(`${name}_i${n}`)} on ${table(name)} (${column(columnName)})`;
}

export function trigramIndex(name: string) {
  return sql`create index ${sql.id(`${name}_search`)} on ${table(name)} using gin (${column(SEARCH)} gin_trgm_ops)`;
}

export const analyze = (name: string) => sql`analyze ${table(name)}`;

/** Up to `limit` duplicated keys with the rows (`_id`) holding them, in file order. */
export function duplicateKeys(name: string, columns: string[], limit: number) {
  const keys = sql.join(columns.map(column));
  return sql<{ key: string; ids: number[]; count: number }>`
    select row(${keys})::text as key, (array_agg(${column(ID)}::int order by ${column(ID)}))[1:10] as ids, count(*)::int as count
    from ${table(name)} group by ${keys} having count(*) > 1
    order by min(${column(ID)}) limit ${limit}`;
}

/** One multi-row INSERT of a batch (the PGlite path). */
export function insertRows(name: string, columns: string[], rows: unknown[][]) {
  const names = sql.join([ID, ...columns].map(column));
  const values = sql.join(rows.map((row) => sql`(${sql.join(row)})`));
  return sql`insert into ${table(name)} (${names}) values ${values}`;
}

/** `COPY … FROM STDIN` in text format (the PostgreSQL path); FREEZE: the table is new in this transaction. */
export function copyFromStdin(name: string, columns: string[]) {
  const names = sql.join([ID, ...columns].map(column));
  return sql`copy ${table(name)} (${names}) from stdin with (freeze)`;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format. */
export function copyText(value: unknown): string {
  if (typeof value === 'string')
    return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
  if (typeof value === 'number') return `${value}`;
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : text;
}
