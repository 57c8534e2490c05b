import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { AppError, type Bilingual } from '../../../platform/errors.ts';
import type {
  DatastoreService,
  LoadResult,
  SearchQuery,
  SearchResult,
  TableSchema,
  ValidationIssue,
} from './datastore.schema.ts';
import { createDatastoreService } from './datastore.service.ts';
import { tablePrefix } from './table-sql.ts';
import { csvStream, generatedCsv } from './test-support.ts';

/**
 * The DataStore against a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
 * Vietnamese-aware search, typed and inferred loads, the query language (filters, fields, sort,
 * paging, totals), refusal of SQL smuggled through any parameter, bad uploads that leave the
 * previous table untouched and no table behind, load status and progress, and drop.
 * One platform for the whole file (its start-up dominates the run time).
 */
let t: TestPlatform;
let ds: DatastoreService;

beforeAll(async () => {
  t = await createTestPlatform();
  ds = t.platform.data.datastore;
});
afterAll(async () => t?.close());

const MAX_BYTES = 5_000_000;
const db = () => t.platform.context.database.db;

function load(
  resourceId: string,
  content: string | Buffer,
  options: { schema?: TableSchema; maxBytes?: number } = {},
): Promise<LoadResult> {
  return ds.load({
    resourceId,
    source: csvStream(content),
    maxBytes: options.maxBytes ?? MAX_BYTES,
    ...(options.schema ? { schema: options.schema } : {}),
  });
}

async function loadOk(resourceId: string, content: string | Buffer, schema?: TableSchema) {
  const result = await load(resourceId, content, schema ? { schema } : {});
  if (!result.ok) throw new Error(`load of ${resourceId} failed: ${JSON.stringify(result.report)}`);
  expect(result.report).toEqual({ valid: true, rows: result.rows, issues: [], truncated: false });
  return result;
}

/** The AppError a call is expected to end with (anything else, or success, fails the test). */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(AppError);
  return outcome.error as AppError;
}

function expectBilingual(text: Bilingual) {
  expect(text.vi.trim()).not.toBe('');
  expect(text.en.trim()).not.toBe('');
  expect(text.vi).not.toBe(text.en);
}

/** A 400 validation problem naming `path`, in both languages, mentioning `mention` when given. */
async function expectInvalid(promise: Promise<unknown>, path: string, mention?: string) {
  const error = await rejection(promise);
  expect(error.code).toBe('validation_failed');
  expect(error.status).toBe(400);
  const fields = (error.extra.fields ?? []) as { path: string; message: Bilingual }[];
  const field = fields.find((f) => f.path === path);
  expect(field, JSON.stringify(fields)).toBeDefined();
  expectBilingual(field!.message);
  if (mention) {
    expect(field!.message.vi).toContain(mention);
    expect(field!.message.en).toContain(mention);
  }
}

async function expectTableNotFound(promise: Promise<unknown>) {
  const error = await rejection(promise);
  expect(error.code).toBe('not_found');
  expect(error.status).toBe(404);
  expectBilingual(error.detail);
  expect(error.detail.vi).toContain('DataStore');
  expect(error.detail.en).toContain('not found');
}

/** Tables of schema `datastore` that belong to the resource (the live one and any leftover). */
async function tablesOf(resourceId: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_catalog.pg_tables
    where schemaname = 'datastore' and starts_with(tablename, ${tablePrefix(resourceId)})
    order by 1`.execute(db());
  return rows.map((row) => row.name);
}

async function liveTable(resourceId: string): Promise<string | null> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from data.datastore_tables where resource_id = ${resourceId}`.execute(db());
  return rows[0]?.table_name ?? null;
}

const csv = (rows: (string | number)[][]) => `${rows.map((row) => row.join(',')).join('\n')}\n`;
const column = (result: SearchResult, name: string) => result.records.map((record) => record[name]);
const nfd = (text: string) => text.normalize('NFD');

describe('Vietnamese-aware search', () => {
  const R = 'places';
  const rows = [
    [1, 'Hà Nội', 'giao thông', 'Hoàn Kiếm'],
    [2, 'Hà Đông', 'y tế', 'Hà Đông'],
    [3, 'Đống Đa', 'giáo dục', 'Đống Đa'],
    // Decomposed (NFD) text, as some editors on macOS save it.
    [4, nfd('Cầu Giấy'), nfd('môi trường'), nfd('Cầu Giấy')],
    [5, 'HÀ NỘI MỚI', 'GIAO THÔNG CÔNG CỘNG', 'Ba Đình'],
    [6, '"Sóc Sơn, ngoại thành"', 'nông nghiệp', 'Sóc Sơn'],
  ];
  const found = async (query: Omit<SearchQuery, 'resourceId'>) => {
    const result = await ds.search({ resourceId: R, sort: 'ma', ...query });
    expect(result.total).toBe(result.records.length);
    return column(result, 'ma');
  };

  beforeAll(async () => {
    expect(nfd('Cầu Giấy')).not.toBe('Cầu Giấy');
    await loadOk(R, csv([['ma', 'ten', 'chu_de', 'quan'], ...rows]));
  });

  it('finds accented text from unaccented queries, case-insensitively', async () => {
    expect(await found({ q: 'ha noi' })).toEqual([1, 5]);
    expect(await found({ q: 'giao thong' })).toEqual([1, 5]);
    expect(await found({ q: 'HA NOI' })).toEqual([1, 5]);
    expect(await found({ q: 'hà nội' })).toEqual([1, 5]);
    expect(await found({ q: 'HÀ NỘI' })).toEqual([1, 5]);
    expect(await found({ q: '  giao   THÔNG  cong ' })).toEqual([5]);
    expect(await found({ q: 'GIÁO DỤC' })).toEqual([3]);
    expect(await found({ q: 'soc son, ngoai' })).toEqual([6]);
  });

  it('folds đ to d', async () => {
    expect(await found({ q: 'dong da' })).toEqual([3]);
    expect(await found({ q: 'ĐỐNG ĐA' })).toEqual([3]);
    expect(await found({ q: 'đống đa' })).toEqual([3]);
    expect(await found({ q: 'ha dong' })).toEqual([2]);
  });

  it('matches decomposed data with composed queries and the other way round', async () => {
    expect(await found({ q: 'Cầu Giấy' })).toEqual([4]);
    expect(await found({ q: 'cau giay' })).toEqual([4]);
    expect(await found({ q: 'MÔI TRƯỜNG' })).toEqual([4]);
    expect(await found({ q: nfd('Hoàn Kiếm') })).toEqual([1]);
    expect(await found({ q: nfd('Hà Nội') })).toEqual([1, 5]);
    // Text is stored composed (NFC).
    const row = await ds.search({ resourceId: R, filters: { ma: 4 } });
    expect(row.records[0]).toMatchObject({ ten: 'Cầu Giấy', chu_de: 'môi trường', quan: 'Cầu Giấy' });
  });

  it('finds nothing for a phrase that is not there, nor across two cells', async () => {
    expect(await found({ q: 'sai gon' })).toEqual([]);
    expect(await found({ q: 'ha noi cu' })).toEqual([]);
    // "Hà Nội" and "giao thông" are neighbouring cells of row 1: a phrase never spans them.
    expect(await found({ q: 'noi giao' })).toEqual([]);
    // Numbers are not searched as text; LIKE wildcards are plain characters.
    expect(await found({ q: '%' })).toEqual([]);
    expect(await found({ q: '_' })).toEqual([]);
    expect(await found({ q: 'h_ n%' })).toEqual([]);
  });

  it('filters a text field by its exact value (composed), not by folding', async () => {
    expect(await found({ filters: { quan: 'Đống Đa' } })).toEqual([3]);
    expect(await found({ filters: { quan: 'dong da' } })).toEqual([]);
    expect(await found({ filters: { quan: 'Đống đa' } })).toEqual([]);
    expect(await found({ filters: { quan: 'Đống' } })).toEqual([]);
    expect(await found({ filters: { ten: 'Cầu Giấy' } })).toEqual([4]);
    expect(await found({ filters: { ten: nfd('Cầu Giấy') } })).toEqual([4]);
    expect(await found({ filters: { quan: ['Hà Đông', 'Đống Đa'] } })).toEqual([2, 3]);
    expect(await found({ filters: { ten: 'Sóc Sơn, ngoại thành' } })).toEqual([6]);
    expect(await found({ q: 'ha', filters: { quan: 'Hà Đông' } })).toEqual([2]);
  });

  it('refuses SQL smuggled through sort, fields, filter names, values and q, and stays intact', async () => {
    const before = await ds.search({ resourceId: R });
    await expectInvalid(ds.search({ resourceId: R, sort: 'ma; drop table data.datastore_tables' }), 'sort');
    await expectInvalid(ds.search({ resourceId: R, sort: 'ma desc nulls first; select 1' }), 'sort');
    await expectInvalid(ds.search({ resourceId: R, sort: '"ma"" desc; --"' }), 'sort');
    await expectInvalid(ds.search({ resourceId: R, sort: '(select 1)' }), 'sort');
    await expectInvalid(
      ds.search({ resourceId: R, fields: ['ma', 'ten" from data.datastore_tables --'] }),
      'fields',
      'ten" from data.datastore_tables --',
    );
    await expectInvalid(ds.search({ resourceId: R, fields: ['*'] }), 'fields');
    const key = 'ma = 1 or 1=1 --';
    await expectInvalid(ds.search({ resourceId: R, filters: { [key]: 1 } }), `filters.${key}`, key);
    await expectInvalid(ds.search({ resourceId: R, filters: { ma: '1 or 1=1' } }), 'filters.ma');
    await expectInvalid(
      ds.search({ resourceId: R, filters: { ma: ['1', '2); drop table x; --'] } }),
      'filters.ma',
    );
    expect(await found({ filters: { ten: "x' or '1'='1" } })).toEqual([]);
    expect(await found({ q: "'; drop table data.datastore_tables; --" })).toEqual([]);
    expect(await found({ q: "\\'; select pg_sleep(5); --" })).toEqual([]);
    // A resource id never names a table.
    await expectInvalid(ds.search({ resourceId: 'places"; drop table x; --' }), 'resourceId');
    await expectInvalid(
      ds.load({ resourceId: '../places', source: csvStream('a\n1\n'), maxBytes: MAX_BYTES }),
      'resourceId',
    );
    await expectTableNotFound(ds.info("places' or '1'='1"));

    expect(await ds.search({ resourceId: R })).toEqual(before);
    expect(before.records).toHaveLength(rows.length);
    expect((await ds.info(R))?.rows).toBe(rows.length);
  });
});

describe('column names from the file', () => {
  it('keeps any header name, even one that looks like SQL, and queries by it', async () => {
    const R = 'odd-names';
    const sneaky = 'x"; drop table data.datastore_tables; --';
    const header = ['"Tên, đầy đủ"', 'Tên', 'ten', `"${sneaky.replaceAll('"', '""')}"`, 'Dân số (người)'];
    const result = await loadOk(
      R,
      csv([header, ['b', 'B', 'bb', 1, 10], ['a', 'A', 'aa', 2, 20], ['c', 'C', 'cc', 3, 30]]),
    );
    const names = ['Tên, đầy đủ', 'Tên', 'ten', sneaky, 'Dân số (người)'];
    expect(result.schema.fields.map((f) => f.name)).toEqual(names);
    const found = await ds.search({
      resourceId: R,
      sort: '"Tên, đầy đủ" desc',
      filters: { [sneaky]: [1, 2] },
    });
    expect(found.fields.map((f) => f.id)).toEqual(['_id', ...names]);
    expect(found.records).toEqual([
      { _id: 1, 'Tên, đầy đủ': 'b', Tên: 'B', ten: 'bb', [sneaky]: 1, 'Dân số (người)': 10 },
      { _id: 2, 'Tên, đầy đủ': 'a', Tên: 'A', ten: 'aa', [sneaky]: 2, 'Dân số (người)': 20 },
    ]);
    expect(
      column(await ds.search({ resourceId: R, sort: `"${sneaky.replaceAll('"', '""')}" desc` }), 'ten'),
    ).toEqual(['cc', 'aa', 'bb']);
    const some = await ds.search({
      resourceId: R,
      fields: ['Dân số (người)', 'Tên'],
      sort: 'Dân số (người) desc',
    });
    expect(some.records).toEqual([
      { 'Dân số (người)': 30, Tên: 'C' },
      { 'Dân số (người)': 20, Tên: 'A' },
      { 'Dân số (người)': 10, Tên: 'B' },
    ]);
    expect(await liveTable(R)).not.toBeNull();
  });
});

describe('typed loads', () => {
  const schema: TableSchema = {
    fields: [
      { name: 'ma', type: 'integer' },
      { name: 'gia', type: 'number' },
      { name: 'con_hieu_luc', type: 'boolean' },
      { name: 'ngay_ban_hanh', type: 'date', format: '%d/%m/%Y' },
      { name: 'ngay_iso', type: 'date' },
      { name: 'thoi_diem', type: 'datetime' },
      { name: 'ghi_chu', type: 'string' },
    ],
    primaryKey: ['ma'],
  };
  // Columns in another order than the schema's.
  const file = csv([
    ['ghi_chu', 'ma', 'gia', 'con_hieu_luc', 'ngay_ban_hanh', 'ngay_iso', 'thoi_diem'],
    ['một', 1, 1.5, 'true', '01/07/2025', '2025-07-01', '2025-07-01T08:30:00+07:00'],
    ['"hai, ba"', 2, '-2e3', 0, '31/12/2024', '2024-12-31', '2025-07-01 08:30'],
    ['', 3, '', '', '', '', ''],
    ['', ' 42 ', ' 7 ', 'TRUE', '1/2/2025', '2025-02-28', '2025-02-28T23:59:59.5Z'],
  ]);

  it('loads the given Table Schema and gives the values back typed', async () => {
    const result = await loadOk('typed', file, schema);
    expect(result.rows).toBe(4);
    expect(result.schema).toEqual(schema);
    const info = await ds.info('typed');
    expect(info).toMatchObject({ rows: 4, schema, indexedFields: ['ma'] });
    expect(Number.isNaN(Date.parse(info!.loadedAt))).toBe(false);

    const found = await ds.search({ resourceId: 'typed', sort: 'ma' });
    expect(found.fields).toEqual([
      { id: '_id', type: 'integer' },
      ...schema.fields.map((field) => ({ id: field.name, type: field.type })),
    ]);
    expect(found.records).toEqual([
      {
        _id: 1,
        ma: 1,
        gia: 1.5,
        con_hieu_luc: true,
        ngay_ban_hanh: '2025-07-01',
        ngay_iso: '2025-07-01',
        thoi_diem: '2025-07-01T01:30:00.000Z',
        ghi_chu: 'một',
      },
      {
        _id: 2,
        ma: 2,
        gia: -2000,
        con_hieu_luc: false,
        ngay_ban_hanh: '2024-12-31',
        ngay_iso: '2024-12-31',
        // No zone: Vietnam's time (UTC+07:00).
        thoi_diem: '2025-07-01T01:30:00.000Z',
        ghi_chu: 'hai, ba',
      },
      {
        _id: 3,
        ma: 3,
        gia: null,
        con_hieu_luc: null,
        ngay_ban_hanh: null,
        ngay_iso: null,
        thoi_diem: null,
        ghi_chu: null,
      },
      {
        _id: 4,
        ma: 42,
        gia: 7,
        con_hieu_luc: true,
        ngay_ban_hanh: '2025-02-01',
        ngay_iso: '2025-02-28',
        thoi_diem: '2025-02-28T23:59:59.500Z',
        ghi_chu: null,
      },
    ]);
  });

  it('filters and sorts typed columns by their type', async () => {
    const ma = async (query: Omit<SearchQuery, 'resourceId'>) =>
      column(await ds.search({ resourceId: 'typed', sort: 'ma', ...query }), 'ma');
    expect(await ma({ filters: { ngay_ban_hanh: '2025-07-01' } })).toEqual([1]);
    expect(await ma({ filters: { con_hieu_luc: false } })).toEqual([2]);
    expect(await ma({ filters: { con_hieu_luc: true } })).toEqual([1, 42]);
    expect(await ma({ filters: { gia: 1.5 } })).toEqual([1]);
    expect(await ma({ filters: { gia: '-2000' } })).toEqual([2]);
    expect(await ma({ filters: { thoi_diem: '2025-07-01T01:30:00Z' } })).toEqual([1, 2]);
    expect(await ma({ filters: { ma: [42, '3'] } })).toEqual([3, 42]);
    await expectInvalid(
      ds.search({ resourceId: 'typed', filters: { ngay_iso: 'hôm qua' } }),
      'filters.ngay_iso',
    );
    await expectInvalid(ds.search({ resourceId: 'typed', filters: { gia: 'NaN' } }), 'filters.gia');
    // Dates in order, empty last (asc) or first (desc).
    expect(await ma({ sort: 'ngay_ban_hanh asc' })).toEqual([2, 42, 1, 3]);
    expect(await ma({ sort: 'ngay_ban_hanh desc' })).toEqual([3, 1, 42, 2]);
    expect(await ma({ sort: 'gia desc, ma desc' })).toEqual([3, 42, 1, 2]);
  });

  it('reports a value that is not of its field type, at its row and column', async () => {
    const result = await load(
      'typed-bad-date',
      csv([
        ['ma', 'ngay'],
        [1, '28/02/2025'],
        [2, '31/02/2025'],
      ]),
      {
        schema: {
          fields: [
            { name: 'ma', type: 'integer' },
            { name: 'ngay', type: 'date', format: '%d/%m/%Y' },
          ],
        },
      },
    );
    expect(result.ok).toBe(false);
    expect(result.report.issues).toHaveLength(1);
    expect(result.report.issues[0]).toMatchObject({ type: 'type', row: 3, column: 'ngay' });
    expect(result.report.issues[0]!.en).toContain('31/02/2025');
  });

  it('infers the schema when none is given', async () => {
    const result = await loadOk(
      'inferred',
      csv([
        ['ma_so', 'so_luong', 'ty_le', 'dat', 'ngay', 'ngay_vn', 'thoi_diem', 'ten', 'trong'],
        ['001', 3, 0.5, 'true', '2025-01-02', '02/01/2025', '2025-01-02T03:04:05Z', 'Hà Nội', ''],
        ['002', -4, 2, 'FALSE', '2024-02-29', '29/02/2024', '2025-01-02 10:00:00+07:00', 'Ba Đình', ''],
        ['003', '', '1e3', '', '', '', '', '', ''],
      ]),
    );
    const expected: TableSchema = {
      fields: [
        { name: 'ma_so', type: 'string' },
        { name: 'so_luong', type: 'integer' },
        { name: 'ty_le', type: 'number' },
        { name: 'dat', type: 'boolean' },
        { name: 'ngay', type: 'date' },
        { name: 'ngay_vn', type: 'date', format: '%d/%m/%Y' },
        { name: 'thoi_diem', type: 'datetime' },
        { name: 'ten', type: 'string' },
        { name: 'trong', type: 'string' },
      ],
    };
    expect(result.schema).toEqual(expected);
    expect((await ds.info('inferred'))?.schema).toEqual(expected);
    const { records } = await ds.search({
      resourceId: 'inferred',
      fields: expected.fields.map((f) => f.name),
    });
    expect(records).toEqual([
      {
        ma_so: '001',
        so_luong: 3,
        ty_le: 0.5,
        dat: true,
        ngay: '2025-01-02',
        ngay_vn: '2025-01-02',
        thoi_diem: '2025-01-02T03:04:05.000Z',
        ten: 'Hà Nội',
        trong: null,
      },
      {
        ma_so: '002',
        so_luong: -4,
        ty_le: 2,
        dat: false,
        ngay: '2024-02-29',
        ngay_vn: '2024-02-29',
        thoi_diem: '2025-01-02T03:00:00.000Z',
        ten: 'Ba Đình',
        trong: null,
      },
      {
        ma_so: '003',
        so_luong: null,
        ty_le: 1000,
        dat: null,
        ngay: null,
        ngay_vn: null,
        thoi_diem: null,
        ten: null,
        trong: null,
      },
    ]);
  });

  it('reports a value past the inference sample that breaks the inferred type', async () => {
    const { stream } = generatedCsv(1500, (n) => `${n},${n === 1300 ? 'mười' : n * 2}`, 'ma,so');
    const result = await ds.load({ resourceId: 'inferred-late', source: stream, maxBytes: MAX_BYTES });
    expect(result.ok).toBe(false);
    expect(result.report.issues).toHaveLength(1);
    expect(result.report.issues[0]).toMatchObject({ type: 'type', row: 1301, column: 'so' });
    expect(result.report.issues[0]!.en).toContain('inferred');
    expect(await ds.info('inferred-late')).toBeNull();
    expect(await tablesOf('inferred-late')).toEqual([]);
  });
});

describe('queries', () => {
  const R = 'people';
  const N = 250;
  type Person = { id: number; name: string; grp: number | null; score: number; even: boolean };
  const people: Person[] = Array.from({ length: N }, (_, i) => {
    const n = i + 1;
    return {
      id: n,
      name: `ten ${n % 13}`,
      grp: n % 11 === 0 ? null : n % 5,
      score: ((n * 37) % 101) / 4,
      even: n % 2 === 0,
    };
  });
  const schema: TableSchema = {
    fields: [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'string' },
      { name: 'grp', type: 'integer' },
      { name: 'score', type: 'number' },
      { name: 'even', type: 'boolean' },
    ],
    primaryKey: ['id'],
  };

  /** The ids in the order a sort gives (asc nulls last, desc nulls first, then `_id`). */
  const ordered = (keys: [keyof Person, 'asc' | 'desc'][], list = people) =>
    [...list]
      .sort((a, b) => {
        for (const [key, direction] of keys) {
          const x = a[key];
          const y = b[key];
          if (x === y) continue;
          if (x === null) return direction === 'asc' ? 1 : -1;
          if (y === null) return direction === 'asc' ? -1 : 1;
          const less = x < y ? -1 : 1;
          return direction === 'asc' ? less : -less;
        }
        return a.id - b.id;
      })
      .map((person) => person.id);
  const ids = (result: SearchResult) => column(result, 'id');

  beforeAll(async () => {
    expect(new Set(people.map((p) => p.score)).size).toBeLessThan(N); // ties, so `_id` decides
    const { stream } = generatedCsv(
      N,
      (n) => {
        const p = people[n - 1]!;
        return `${p.id},${p.name},${p.grp ?? ''},${p.score},${p.even}`;
      },
      'id,name,grp,score,even',
    );
    const result = await ds.load({ resourceId: R, source: stream, maxBytes: MAX_BYTES, schema });
    expect(result.ok).toBe(true);
  });

  it('answers every field by default, 100 rows in `_id` order, with the exact total', async () => {
    const result = await ds.search({ resourceId: R });
    expect(result.fields.map((f) => f.id)).toEqual(['_id', 'id', 'name', 'grp', 'score', 'even']);
    expect(result.records).toHaveLength(100);
    expect(ids(result)).toEqual(people.slice(0, 100).map((p) => p.id));
    expect(result.records[10]).toEqual({ _id: 11, ...people[10] });
    expect(result.total).toBe(N);
    expect(result.totalWasEstimated).toBe(false);
    expect(result.nextAfter).not.toBeNull();
  });

  it('selects fields, and refuses an unknown one in both languages', async () => {
    const result = await ds.search({ resourceId: R, fields: ['name', 'id'], limit: 3 });
    expect(result.fields).toEqual([
      { id: 'name', type: 'string' },
      { id: 'id', type: 'integer' },
    ]);
    expect(result.records).toEqual(people.slice(0, 3).map((p) => ({ name: p.name, id: p.id })));
    expect(result.records.every((r) => Object.keys(r).join() === 'name,id')).toBe(true);
    await expectInvalid(ds.search({ resourceId: R, fields: ['name', 'tuoi'] }), 'fields', 'tuoi');
    await expectInvalid(ds.search({ resourceId: R, sort: 'tuoi desc' }), 'sort', 'tuoi');
    await expectInvalid(ds.search({ resourceId: R, filters: { tuoi: 3 } }), 'filters.tuoi', 'tuoi');
  });

  it('filters by one value and by a list, with exact totals', async () => {
    const three = await ds.search({ resourceId: R, filters: { grp: 3 }, limit: 1000 });
    const expectedThree = people.filter((p) => p.grp === 3).map((p) => p.id);
    expect(ids(three)).toEqual(expectedThree);
    expect(three.total).toBe(expectedThree.length);
    expect(three.totalWasEstimated).toBe(false);

    const some = await ds.search({ resourceId: R, filters: { grp: [1, '2'], even: true }, limit: 1000 });
    const expectedSome = people.filter((p) => (p.grp === 1 || p.grp === 2) && p.even).map((p) => p.id);
    expect(ids(some)).toEqual(expectedSome);
    expect(some.total).toBe(expectedSome.length);

    const paged = await ds.search({ resourceId: R, filters: { even: false }, limit: 5 });
    expect(paged.records).toHaveLength(5);
    expect(paged.total).toBe(people.filter((p) => !p.even).length);

    const phrase = await ds.search({ resourceId: R, q: 'ten 12', limit: 1000 });
    expect(ids(phrase)).toEqual(people.filter((p) => p.name === 'ten 12').map((p) => p.id));
    expect(phrase.total).toBe(phrase.records.length);

    const none = await ds.search({ resourceId: R, filters: { grp: 9 } });
    expect(none).toMatchObject({ records: [], total: 0, nextAfter: null });

    const noTotal = await ds.search({ resourceId: R, filters: { grp: 3 }, includeTotal: false });
    expect(noTotal.total).toBeNull();
    expect(noTotal.records).toHaveLength(expectedThree.length);
  });

  it('sorts ascending, descending and by several fields', async () => {
    const all = (sort: string) => ds.search({ resourceId: R, sort, limit: 1000 }).then(ids);
    expect(await all('score')).toEqual(ordered([['score', 'asc']]));
    expect(await all('score desc')).toEqual(ordered([['score', 'desc']]));
    expect(await all('id desc')).toEqual(people.map((p) => p.id).reverse());
    expect(await all('grp')).toEqual(ordered([['grp', 'asc']]));
    expect(await all('grp desc, score asc')).toEqual(
      ordered([
        ['grp', 'desc'],
        ['score', 'asc'],
      ]),
    );
    expect(await all('"name" asc, score DESC')).toEqual(
      ordered([
        ['name', 'asc'],
        ['score', 'desc'],
      ]),
    );
    expect(await all('even desc,grp,id desc')).toEqual(
      ordered([
        ['even', 'desc'],
        ['grp', 'asc'],
        ['id', 'desc'],
      ]),
    );
    expect(ordered([['score', 'asc']])).not.toEqual(ordered([['score', 'desc']]).reverse()); // ties are by _id
  });

  it('pages with limit and offset', async () => {
    const expected = ordered([['score', 'asc']]);
    const page = await ds.search({ resourceId: R, sort: 'score', limit: 10, offset: 20 });
    expect(ids(page)).toEqual(expected.slice(20, 30));
    expect(page.total).toBe(N);
    const tail = await ds.search({ resourceId: R, sort: 'score', limit: 10, offset: N - 4 });
    expect(ids(tail)).toEqual(expected.slice(N - 4));
    expect(tail.nextAfter).toBeNull();
    const zero = await ds.search({ resourceId: R, limit: 0 });
    expect(zero).toMatchObject({ records: [], total: N, nextAfter: null });
    await expectInvalid(ds.search({ resourceId: R, limit: -1 }), 'limit');
    await expectInvalid(ds.search({ resourceId: R, limit: 32_001 }), 'limit');
  });

  it('pages with the keyset cursor through every row exactly once', async () => {
    const cases: {
      sort?: string;
      keys: [keyof Person, 'asc' | 'desc'][];
      filters?: SearchQuery['filters'];
    }[] = [
      { keys: [] },
      {
        sort: 'grp desc, score asc',
        keys: [
          ['grp', 'desc'],
          ['score', 'asc'],
        ],
      },
      {
        sort: 'grp, name desc',
        keys: [
          ['grp', 'asc'],
          ['name', 'desc'],
        ],
      },
      {
        sort: 'even desc, score desc',
        keys: [
          ['even', 'desc'],
          ['score', 'desc'],
        ],
      },
      { sort: 'score', keys: [['score', 'asc']], filters: { even: true } },
    ];
    for (const c of cases) {
      const expected = ordered(c.keys, c.filters ? people.filter((p) => p.even) : people);
      const seen: unknown[] = [];
      let after: string | undefined;
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(40);
        const page = await ds.search({
          resourceId: R,
          limit: 17,
          includeTotal: false,
          ...(c.sort ? { sort: c.sort } : {}),
          ...(c.filters ? { filters: c.filters } : {}),
          ...(after ? { after } : {}),
        });
        seen.push(...ids(page));
        if (!page.nextAfter) break;
        after = page.nextAfter;
      }
      expect(seen, c.sort).toEqual(expected);
      expect(new Set(seen).size).toBe(expected.length);
    }
  });

  it('refuses a cursor that is broken, of another sort, or combined with offset', async () => {
    const first = await ds.search({ resourceId: R, sort: 'score', limit: 10 });
    const after = first.nextAfter!;
    expect(after).toEqual(expect.any(String));
    await expectInvalid(ds.search({ resourceId: R, sort: 'score desc', limit: 10, after }), 'after');
    await expectInvalid(ds.search({ resourceId: R, sort: 'score', limit: 10, after, offset: 10 }), 'offset');
    await expectInvalid(ds.search({ resourceId: R, sort: 'score', after: 'not a cursor' }), 'after');
    const forged = Buffer.from(JSON.stringify({ s: 'score,_id', v: ['1); drop table x; --', 1] })).toString(
      'base64url',
    );
    await expectInvalid(ds.search({ resourceId: R, sort: 'score', after: forged }), 'after');
    expect((await ds.info(R))?.rows).toBe(N);
  });

  it('estimates totals past the exact-count threshold, and says so', async () => {
    const estimating = createDatastoreService(t.platform.context, { exactCountThreshold: 50 });
    const evens = people.filter((p) => p.even).length;
    const estimated = await estimating.search({ resourceId: R, filters: { even: true }, limit: 1 });
    expect(estimated.totalWasEstimated).toBe(true);
    expect(estimated.total).toBeGreaterThan(evens / 2);
    expect(estimated.total).toBeLessThanOrEqual(N);
    // Few matching rows by the planner's estimate: counted exactly; no condition: the load's count.
    expect(await estimating.search({ resourceId: R, filters: { id: 7 } })).toMatchObject({
      total: 1,
      totalWasEstimated: false,
    });
    expect(await estimating.search({ resourceId: R, limit: 1 })).toMatchObject({
      total: N,
      totalWasEstimated: false,
    });
  });
});

describe('bad uploads', () => {
  const GOOD = 'ma,ten\n1,Một\n2,Hai\n';
  const twoColumns = (
    ma: TableSchema['fields'][number] = { name: 'ma', type: 'integer' },
    ten: TableSchema['fields'][number] = { name: 'ten', type: 'string' },
    extra: Partial<TableSchema> = {},
  ): TableSchema => ({ fields: [ma, ten], ...extra });
  const generated = (rows: number, line: (n: number) => string) =>
    `ma,ten\n${Array.from({ length: rows }, (_, i) => `${line(i + 1)}\n`).join('')}`;

  type Case = {
    name: string;
    content: string | Buffer;
    schema?: TableSchema;
    maxBytes?: number;
    issue: Partial<ValidationIssue> & { type: ValidationIssue['type'] };
    mentions?: string[];
  };
  const cases: Case[] = [
    {
      name: 'windows-1258',
      // "1,Hà Nội" in Windows-1258: à = E0, ô = F4, combining dot below = F2.
      content: Buffer.concat([
        Buffer.from('ma,ten\n1,H'),
        Buffer.from([0xe0]),
        Buffer.from(' N'),
        Buffer.from([0xf4, 0xf2]),
        Buffer.from('i\n'),
      ]),
      issue: { type: 'encoding' },
      mentions: ['byte 10', 'line 2', 'UTF-8'],
    },
    {
      name: 'latin-1',
      content: Buffer.from('ma,ten\n1,a\n2,café\n', 'latin1'),
      issue: { type: 'encoding' },
      mentions: ['byte 16', 'line 3'],
    },
    {
      name: 'utf-16',
      content: Buffer.from('\ufeffma,ten\n1,Hà Nội\n', 'utf16le'),
      issue: { type: 'encoding' },
      mentions: ['UTF-16'],
    },
    {
      name: 'truncated-utf8',
      content: Buffer.concat([Buffer.from('ma,ten\n1,Hà Nộ'), Buffer.from('ội').subarray(0, 2)]),
      issue: { type: 'encoding' },
    },
    { name: 'too-many-cells', content: 'ma,ten\n1,a\n2,b,c\n3,d\n', issue: { type: 'ragged_row', row: 3 } },
    { name: 'too-few-cells', content: 'ma,ten\n1,a\n2\n3,d\n', issue: { type: 'ragged_row', row: 3 } },
    {
      name: 'ragged-late',
      content: generated(3000, (n) => (n === 2600 ? `${n},x,y` : `${n},x`)),
      issue: { type: 'ragged_row', row: 2601 },
    },
    {
      name: 'type',
      content: 'ma,ten\n1,a\nhai,b\n',
      schema: twoColumns(),
      issue: { type: 'type', row: 3, column: 'ma' },
      mentions: ['"hai"'],
    },
    {
      name: 'type-late',
      content: generated(3000, (n) => (n === 2999 ? 'x,y' : `${n},x`)),
      schema: twoColumns(),
      issue: { type: 'type', row: 3000, column: 'ma' },
    },
    {
      name: 'required',
      content: 'ma,ten\n1,a\n2,\n',
      schema: twoColumns(undefined, { name: 'ten', type: 'string', constraints: { required: true } }),
      issue: { type: 'constraint', row: 3, column: 'ten' },
    },
    {
      name: 'enum',
      content: 'ma,ten\n1,a\n2,c\n',
      schema: twoColumns(undefined, { name: 'ten', type: 'string', constraints: { enum: ['a', 'b'] } }),
      issue: { type: 'constraint', row: 3, column: 'ten' },
      mentions: ['"c"'],
    },
    {
      name: 'pattern',
      content: 'ma,ten\n1,abc\n2,ab1\n',
      schema: twoColumns(undefined, { name: 'ten', type: 'string', constraints: { pattern: '[a-z]+' } }),
      issue: { type: 'constraint', row: 3, column: 'ten' },
      mentions: ['[a-z]+'],
    },
    {
      name: 'minimum',
      content: 'ma,ten\n1,a\n0,b\n',
      schema: twoColumns({ name: 'ma', type: 'integer', constraints: { minimum: 1 } }),
      issue: { type: 'constraint', row: 3, column: 'ma' },
    },
    {
      name: 'unique',
      content: 'ma,ten\n1,a\n2,b\n3,a\n',
      schema: twoColumns(undefined, { name: 'ten', type: 'string', constraints: { unique: true } }),
      issue: { type: 'constraint', row: 4, column: 'ten' },
      mentions: ['rows 2, 4'],
    },
    {
      name: 'primary-key',
      content: generated(2500, (n) => `${n === 2400 ? 7 : n},x`),
      schema: twoColumns(undefined, undefined, { primaryKey: ['ma'] }),
      issue: { type: 'constraint', row: 2401, column: 'ma' },
      mentions: ['rows 8, 2401'],
    },
    {
      name: 'primary-key-empty',
      content: 'ma,ten\n1,a\n,b\n',
      schema: twoColumns(undefined, undefined, { primaryKey: ['ma'] }),
      issue: { type: 'constraint', row: 3, column: 'ma' },
    },
    {
      name: 'over-max-bytes',
      content: GOOD.replace('Hai', 'Ba'),
      maxBytes: 10,
      issue: { type: 'size' },
      mentions: ['10 bytes'],
    },
    {
      name: 'over-max-bytes-late',
      content: generated(3000, (n) => `${n},Phường ${n}`),
      maxBytes: 30_000,
      issue: { type: 'size' },
    },
    { name: 'empty', content: '', issue: { type: 'empty' } },
    { name: 'blank-lines', content: '\n\r\n\n', issue: { type: 'empty' } },
    { name: 'header-only', content: 'ma,ten\n', issue: { type: 'empty' } },
    { name: 'header-only-schema', content: 'ma,ten\n', schema: twoColumns(), issue: { type: 'empty' } },
    {
      name: 'unclosed-quote',
      content: 'ma,ten\n1,"Hà Nội\n2,b\n',
      issue: { type: 'format' },
      mentions: ['line 2'],
    },
    {
      name: 'text-after-quote',
      content: 'ma,ten\n1,a\n2,"b"c\n',
      issue: { type: 'format' },
      mentions: ['line 3'],
    },
    {
      // The DataStore's own row number: a file's `_id` would shadow it (and break keyset paging).
      name: 'reserved-id-column',
      content: '_id,ten\n5,a\n5,b\n',
      issue: { type: 'header', row: 1, column: '_id' },
    },
    {
      name: 'missing-column',
      content: 'ma\n1\n',
      schema: twoColumns(),
      issue: { type: 'header', row: 1, column: 'ten' },
    },
  ];

  it.each(cases)('$name: a clear report, the previous table kept, no table left', async (c) => {
    const options = {
      ...(c.schema ? { schema: c.schema } : {}),
      ...(c.maxBytes ? { maxBytes: c.maxBytes } : {}),
    };
    const checkReport = (result: LoadResult) => {
      expect(result.ok).toBe(false);
      const { report } = result;
      expect(report.valid).toBe(false);
      expect(report.issues.length).toBeGreaterThan(0);
      for (const issue of report.issues) expectBilingual(issue);
      // Only issues of the kind at hand (no spurious "empty file" after a stopped read, …).
      expect(report.issues.map((i) => i.type)).toEqual(report.issues.map(() => c.issue.type));
      const issue = report.issues.find((i) => i.type === c.issue.type);
      expect(issue, JSON.stringify(report.issues)).toBeDefined();
      expect(issue).toMatchObject(c.issue);
      for (const text of c.mentions ?? []) expect(issue!.en).toContain(text);
      return report;
    };

    // A resource with a good table: a bad file changes nothing of it.
    const resource = `bad-${c.name}`;
    await loadOk(resource, GOOD);
    const goodInfo = await ds.info(resource);
    const goodRows = await ds.search({ resourceId: resource });
    const goodTable = await liveTable(resource);
    expect(goodRows.records).toEqual([
      { _id: 1, ma: 1, ten: 'Một' },
      { _id: 2, ma: 2, ten: 'Hai' },
    ]);

    const report = checkReport(await load(resource, c.content, options));
    expect(await ds.info(resource)).toEqual(goodInfo);
    expect(await ds.search({ resourceId: resource })).toEqual(goodRows);
    expect(await liveTable(resource)).toBe(goodTable);
    expect(await tablesOf(resource)).toEqual([goodTable]);
    const status = await ds.loadStatus(resource);
    expect(status).toMatchObject({ state: 'failed', report, error: null });

    // A resource never loaded: still nothing.
    const fresh = `fresh-${c.name}`;
    checkReport(await load(fresh, c.content, options));
    expect(await ds.info(fresh)).toBeNull();
    await expectTableNotFound(ds.search({ resourceId: fresh }));
    expect(await tablesOf(fresh)).toEqual([]);
    expect((await ds.loadStatus(fresh))?.state).toBe('failed');

    // And a good file loads after the bad one.
    await loadOk(fresh, GOOD);
    expect((await ds.search({ resourceId: fresh })).records).toEqual(goodRows.records);
  });

  it('loads a file of exactly maxBytes, and refuses one byte less', async () => {
    const bytes = Buffer.byteLength(GOOD);
    expect((await load('exact-size', GOOD, { maxBytes: bytes })).ok).toBe(true);
    const smaller = await load('exact-size-less', GOOD, { maxBytes: bytes - 1 });
    expect(smaller.ok).toBe(false);
    expect(smaller.report.issues.map((i) => i.type)).toEqual(['size']);
  });

  it('caps the issues of a file full of errors and says the report was truncated', async () => {
    const result = await load(
      'many-errors',
      generated(500, (n) => `x${n},a`),
      { schema: twoColumns() },
    );
    expect(result.ok).toBe(false);
    expect(result.report.truncated).toBe(true);
    expect(result.report.issues.length).toBeGreaterThan(0);
    expect(result.report.issues.length).toBeLessThan(500);
    expect(result.report.issues[0]).toMatchObject({ type: 'type', row: 2, column: 'ma' });
    expect(await tablesOf('many-errors')).toEqual([]);
  });
});

describe('load status and progress', () => {
  it('is null before any load, queued when marked, done with counts after a load', async () => {
    const R = 'status-ok';
    expect(await ds.loadStatus(R)).toBeNull();
    await ds.markQueued(R);
    expect(await ds.loadStatus(R)).toMatchObject({
      resourceId: R,
      state: 'queued',
      rows: 0,
      startedAt: null,
    });

    const ROWS = 3000;
    const { stream, state } = generatedCsv(ROWS, (n) => `${n},Phường ${n % 126},${n * 1.5}`, 'ma,phuong,gia');
    const calls: { rows: number; bytes: number }[] = [];
    const result = await ds.load({
      resourceId: R,
      source: stream,
      maxBytes: MAX_BYTES,
      onProgress: (rows, bytes) => calls.push({ rows, bytes }),
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.rows).toBe(ROWS);

    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.rows).toBeGreaterThanOrEqual(calls[i - 1]!.rows);
      expect(calls[i]!.bytes).toBeGreaterThanOrEqual(calls[i - 1]!.bytes);
    }
    const distinct = [...new Set(calls.map((c) => c.rows))];
    expect(distinct.length).toBeGreaterThanOrEqual(3);
    expect(distinct[0]).toBeGreaterThan(0);
    expect(distinct[0]).toBeLessThan(ROWS);
    expect(calls.at(-1)).toEqual({ rows: ROWS, bytes: state.produced });

    const status = await ds.loadStatus(R);
    expect(status).toMatchObject({
      resourceId: R,
      state: 'done',
      rows: ROWS,
      bytes: state.produced,
      report: { valid: true, rows: ROWS, issues: [], truncated: false },
      error: null,
    });
    expect(Date.parse(status!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(status!.startedAt!));
    expect((await ds.info(R))?.rows).toBe(ROWS);
    const count = await ds.search({ resourceId: R, q: 'phuong 125', limit: 0 });
    expect(count.total).toBe(Math.floor(ROWS / 126) + (ROWS % 126 >= 125 ? 1 : 0));

    // A failed reload: the status says so with its report; the table stays.
    const failed = await load(R, 'ma,phuong,gia\n1,a,b,c\n');
    expect(failed.ok).toBe(false);
    expect(await ds.loadStatus(R)).toMatchObject({
      state: 'failed',
      report: { valid: false, issues: [{ type: 'ragged_row', row: 2 }] },
      error: null,
    });
    expect((await ds.info(R))?.rows).toBe(ROWS);
  });

  it('refuses a second load of a resource while one is running', async () => {
    const R = 'busy';
    const source = new PassThrough();
    const first = ds.load({ resourceId: R, source, maxBytes: MAX_BYTES }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    source.write('ma,ten\n1,a\n');
    await vi.waitFor(async () => expect((await ds.loadStatus(R))?.state).toBe('loading'));

    const error = await rejection(load(R, 'ma,ten\n9,z\n'));
    expect(error.code).toBe('conflict');
    expectBilingual(error.detail);
    await ds.markQueued(R); // does not take over a running load
    expect((await ds.loadStatus(R))?.state).toBe('loading');

    source.end('2,b\n');
    const outcome = await first;
    expect(outcome).toMatchObject({ result: { ok: true, rows: 2 } });
    expect(column(await ds.search({ resourceId: R }), 'ma')).toEqual([1, 2]);
    expect((await ds.loadStatus(R))?.state).toBe('done');
  });
});

describe('replace and drop', () => {
  it('replaces a table with a new load in one swap', async () => {
    const R = 'replaced';
    await loadOk(R, 'ma,ten\n1,a\n2,b\n');
    const before = await liveTable(R);
    await loadOk(R, 'so,ngay\n1.5,2025-01-01\n', {
      fields: [
        { name: 'so', type: 'number' },
        { name: 'ngay', type: 'date' },
      ],
    });
    const after = await liveTable(R);
    expect(after).not.toBe(before);
    expect(await tablesOf(R)).toEqual([after]);
    expect((await ds.search({ resourceId: R })).records).toEqual([{ _id: 1, so: 1.5, ngay: '2025-01-01' }]);
  });

  it('drops the table: info is null, search answers not found, nothing is left', async () => {
    const R = 'dropped';
    await loadOk(R, 'ma,ten\n1,Hà Nội\n');
    expect(await tablesOf(R)).toHaveLength(1);
    await ds.drop(R);
    expect(await ds.info(R)).toBeNull();
    await expectTableNotFound(ds.search({ resourceId: R }));
    await expectTableNotFound(ds.search({ resourceId: R, q: 'ha noi' }));
    expect(await ds.loadStatus(R)).toBeNull();
    expect(await tablesOf(R)).toEqual([]);
    await ds.drop(R); // again: nothing to do
    await ds.drop('never-loaded');
    // A new load after the drop starts afresh.
    await loadOk(R, 'ma\n7\n');
    expect(column(await ds.search({ resourceId: R }), 'ma')).toEqual([7]);
  });

  it('leaves no table in schema datastore that is not a live table', async () => {
    const { rows: tables } = await sql<{ name: string }>`
      select tablename as name from pg_catalog.pg_tables where schemaname = 'datastore' order by 1`.execute(
      db(),
    );
    const { rows: live } = await sql<{ name: string }>`
      select table_name as name from data.datastore_tables order by 1`.execute(db());
    expect(live.length).toBeGreaterThan(10);
    expect(tables.map((r) => r.name)).toEqual(live.map((r) => r.name));
  });
});
