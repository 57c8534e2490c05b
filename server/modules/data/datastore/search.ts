import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../platform/db/database.ts';
import { notFound, type ProblemField, validationFailed } from '../../../platform/errors.ts';
import {
  DEFAULT_LIMIT,
  type FieldType,
  MAX_LIMIT,
  resourceIdSchema,
  type SearchQuery,
  type SearchResult,
} from './datastore.schema.ts';
import type { DatastoreStore, LiveTable } from './datastore.store.ts';
import { converterFor, isProblem, nfc, sqlTypes } from './fields.ts';
import { foldForSearch } from './fold.ts';
import { ID, SEARCH, table } from './table-sql.ts';

/**
 * `datastore_search` over one resource table: equality/IN filters cast by the column's type, a
 * folded phrase `q`, fields, CKAN-style sort, limit/offset or a keyset cursor, and the total —
 * exact when cheap, else the planner's estimate (flagged). Nothing from the request reaches the
 * SQL text except through parameters and quoted, known identifiers.
 */
export type SearchOptions = {
  /** Above this many rows (in the table, or matching by the planner's estimate) totals are estimated. */
  exactCountThreshold: number;
};

const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const querySchema = z.strictObject({
  resourceId: resourceIdSchema,
  filters: z
    .record(z.string(), z.union([scalar, z.array(z.union([z.string().max(1000), z.number()])).max(1000)]))
    .optional(),
  q: z.string().max(500).optional(),
  fields: z.array(z.string()).max(1001).optional(),
  sort: z.string().max(2000).optional(),
  limit: z.number().int().min(0).max(MAX_LIMIT).optional(),
  offset: z.number().int().min(0).max(100_000_000).optional(),
  after: z.string().max(4000).optional(),
  includeTotal: z.boolean().optional(),
});

type Column = { id: string; column: string; type: FieldType };
type SortKey = Column & { desc: boolean };

const problem = (path: string, vi: string, en: string): ProblemField => ({ path, message: { vi, en } });
const bad = (path: string, vi: string, en: string) => validationFailed([problem(path, vi, en)]);

export async function searchTable(
  deps: { database: Database; store: DatastoreStore; options: SearchOptions },
  input: SearchQuery,
): Promise<SearchResult> {
  const parsed = querySchema.safeParse(input);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((issue) =>
        problem(
          issue.path.join('.'),
          `Tham số không hợp lệ: ${issue.message}`,
          `Invalid parameter: ${issue.message}`,
        ),
      ),
    );
  }
  const query = parsed.data;
  // A reload may drop the table between reading the registry and querying it: read both again.
  for (let attempt = 1; ; attempt++) {
    const live = await deps.store.liveTable(query.resourceId);
    if (!live)
      throw notFound({
        vi: 'bảng dữ liệu (DataStore) của tài nguyên',
        en: 'DataStore table of the resource',
      });
    try {
      return await searchLive(deps, live, query);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P01' || attempt >= 3) throw error;
    }
  }
}

async function searchLive(
  deps: { database: Database; options: SearchOptions },
  live: LiveTable,
  query: z.infer<typeof querySchema>,
): Promise<SearchResult> {
  const db = deps.database.db;
  const columns = new Map<string, Column>([[ID, { id: ID, column: ID, type: 'integer' }]]);
  live.schema.fields.forEach((field, i) => {
    columns.set(field.name, { id: field.name, column: live.columns[i]!, type: field.type });
  });
  const known = (name: string, path: string) => {
    const column = columns.get(name);
    if (!column)
      throw bad(path, `Không có cột "${name}" trong bảng.`, `There is no column "${name}" in the table.`);
    return column;
  };

  const selected = [...new Set(query.fields ?? [...columns.keys()])].map((name) => known(name, 'fields'));
  const conditions: RawBuilder<unknown>[] = [];
  for (const [name, value] of Object.entries(query.filters ?? {})) {
    conditions.push(filterCondition(known(name, `filters.${name}`), value));
  }
  // q: a phrase, folded as the loader folded the stored text; LIKE's wildcards in it are escaped
  // (a constant pattern, so the trigram index serves it).
  const phrase = foldForSearch(nfc((query.q ?? '').replace(/\p{Cc}/gu, ' '))).trim();
  if (phrase) {
    const escaped = phrase.replace(/[\\%_]/g, '\\$&');
    conditions.push(sql`${sql.id(SEARCH)} like ${`%${escaped}%`}`);
  }

  const keys = parseSort(query.sort, known);
  if (!keys.some((key) => key.column === ID)) keys.push({ ...columns.get(ID)!, desc: false });
  const signature = keys.map((key) => `${key.id}${key.desc ? ' desc' : ''}`).join(',');
  const page = [...conditions];
  if (query.after !== undefined) {
    if (query.offset)
      throw bad('offset', 'Không dùng offset cùng với after.', 'Use either offset or after, not both.');
    page.push(keysetCondition(keys, decodeCursor(query.after, signature, keys)));
  }

  const limit = query.limit ?? DEFAULT_LIMIT;
  const where = (list: RawBuilder<unknown>[]) =>
    list.length ? sql`where ${sql.join(list, sql` and `)}` : sql``;
  const wanted = [...new Set([...selected, ...keys].map((c) => c.column))];
  const order = sql.join(
    keys.map(
      (key) => sql`${sql.id(key.column)} ${sql.raw(key.desc ? 'desc nulls first' : 'asc nulls last')}`,
    ),
  );
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join(wanted.map((name) => sql.id(name)))} from ${table(live.table_name)}
    ${where(page)} order by ${order} limit ${limit} offset ${query.offset ?? 0}`.execute(db);

  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const column of selected) record[column.id] = output(row[column.column]);
    return record;
  });
  const last = rows.at(-1);
  const nextAfter =
    limit > 0 && rows.length === limit && last
      ? encodeCursor(
          signature,
          keys.map((key) => output(last[key.column])),
        )
      : null;

  let total: number | null = null;
  let totalWasEstimated = false;
  if (query.includeTotal ?? true) {
    ({ total, estimated: totalWasEstimated } = await countRows(deps, live, conditions, where(conditions)));
  }
  return {
    fields: selected.map((column) => ({ id: column.id, type: column.type })),
    records,
    total,
    totalWasEstimated,
    nextAfter,
  };
}

/** JSON-ready values: timestamps as ISO strings. */
const output = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

function castParameter(column: Column, value: unknown) {
  return sql`cast(${value} as ${sql.raw(sqlTypes[column.type])})`;
}

/** Reads a filter or cursor value as the column's type; a value that is not gives a 400 naming the column. */
function typed(column: Column, value: unknown, path: string): unknown {
  if (value === null) return null;
  const read = converterFor({ name: column.id, type: column.type }, false);
  const result = read(typeof value === 'string' ? value : String(value));
  if (isProblem(result)) throw bad(path, result.vi, result.en);
  return result;
}

function filterCondition(column: Column, value: unknown): RawBuilder<unknown> {
  const path = `filters.${column.id}`;
  const values = (Array.isArray(value) ? value : [value]).map((v) => typed(column, v, path));
  const ref = sql.id(column.column);
  const present = values.filter((v) => v !== null);
  const parts: RawBuilder<unknown>[] = [];
  if (present.length === 1) parts.push(sql`${ref} = ${castParameter(column, present[0])}`);
  if (present.length > 1)
    parts.push(sql`${ref} in (${sql.join(present.map((v) => castParameter(column, v)))})`);
  if (present.length < values.length) parts.push(sql`${ref} is null`);
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * CKAN's sort: comma-separated `name [asc|desc]`; a name with spaces or commas may be written in
 * double quotes (`"Tên, đầy đủ" desc`). Only known columns.
 */
export function parseSort(
  sort: string | undefined,
  known: (name: string, path: string) => Column,
): SortKey[] {
  if (!sort?.trim()) return [];
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of sort) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => {
    let text = part.trim();
    let desc = false;
    const direction = /\s+(asc|desc)$/i.exec(text);
    if (direction) {
      desc = direction[1]!.toLowerCase() === 'desc';
      text = text.slice(0, direction.index).trim();
    }
    if (text.length >= 2 && text.startsWith('"') && text.endsWith('"'))
      text = text.slice(1, -1).replaceAll('""', '"');
    return { ...known(text, 'sort'), desc };
  });
}

/** The page after `values` in the order of `keys` (asc nulls last, desc nulls first), null-aware. */
function keysetCondition(keys: SortKey[], values: unknown[]): RawBuilder<unknown> {
  const equal = (key: SortKey, value: unknown) =>
    value === null
      ? sql`${sql.id(key.column)} is null`
      : sql`${sql.id(key.column)} = ${castParameter(key, value)}`;
  const after = (key: SortKey, value: unknown): RawBuilder<unknown> | null => {
    const ref = sql.id(key.column);
    if (key.desc)
      return value === null ? sql`${ref} is not null` : sql`${ref} < ${castParameter(key, value)}`;
    return value === null ? null : sql`(${ref} > ${castParameter(key, value)} or ${ref} is null)`;
  };
  const branches: RawBuilder<unknown>[] = [];
  keys.forEach((key, i) => {
    const step = after(key, values[i]);
    if (!step) return;
    branches.push(sql.join([...keys.slice(0, i).map((k, j) => equal(k, values[j])), step], sql` and `));
  });
  return branches.length ? sql`(${sql.join(branches, sql` or `)})` : sql`false`;
}

function encodeCursor(signature: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify({ s: signature, v: values })).toString('base64url');
}

function decodeCursor(cursor: string, signature: string, keys: SortKey[]): unknown[] {
  const invalid = () => bad('after', 'Con trỏ trang (after) không hợp lệ.', 'Invalid page cursor (after).');
  let decoded: { s?: unknown; v?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    typeof decoded !== 'object' ||
    decoded === null ||
    !Array.isArray(decoded.v) ||
    decoded.v.length !== keys.length
  )
    throw invalid();
  if (decoded.s !== signature) {
    throw bad(
      'after',
      'Con trỏ trang (after) thuộc về một cách sắp xếp khác.',
      'The page cursor (after) belongs to another sort order.',
    );
  }
  return keys.map((key, i) => typed(key, (decoded.v as unknown[])[i], 'after'));
}

/**
 * The total: exact from the load's row count without conditions; exact `count(*)` on small tables;
 * else the planner's estimate, made exact again when it says few rows match (cheap through an index).
 */
async function countRows(
  deps: { database: Database; options: SearchOptions },
  live: LiveTable,
  conditions: RawBuilder<unknown>[],
  where: RawBuilder<unknown>,
): Promise<{ total: number; estimated: boolean }> {
  const db = deps.database.db;
  const threshold = deps.options.exactCountThreshold;
  if (conditions.length === 0) return { total: live.rows, estimated: false };
  const exact = async () => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from ${table(live.table_name)} ${where}`.execute(db);
    return { total: Number(rows[0]!.n), estimated: false };
  };
  if (live.rows <= threshold) return exact();
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`
    explain (format json) select 1 from ${table(live.table_name)} ${where}`.execute(db);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  const estimate = Math.round(plan[0]?.Plan['Plan Rows'] ?? 0);
  if (estimate <= threshold) return exact();
  return { total: Math.min(estimate, live.rows), estimated: true };
}
