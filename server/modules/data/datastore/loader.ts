import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Database } from '../../../platform/db/database.ts';
import { conflict, validationFailed } from '../../../platform/errors.ts';
import { CsvFormatError, CsvReader } from './csv-reader.ts';
import {
  type LoadInput,
  type LoadResult,
  resourceIdSchema,
  type TableSchema,
  tableSchemaSchema,
  type ValidationIssue,
} from './datastore.schema.ts';
import type { DatastoreStore } from './datastore.store.ts';
import { columnNames, converterFor, isProblem, nfc, schemaProblem } from './fields.ts';
import { foldForSearch } from './fold.ts';
import { inferSchema, SAMPLE_ROWS } from './infer.ts';
import { emptyIssue, headerIssues, IssueList } from './issues.ts';
import { type LoadSession, openLoadSession } from './load-session.ts';
import {
  analyze,
  createTable,
  dropTable,
  duplicateKeys,
  plainIndex,
  primaryKeyOnId,
  SEARCH,
  SEARCH_SEPARATOR,
  tablePrefix,
  trigramIndex,
  uniqueIndex,
} from './table-sql.ts';
import { UploadGuard, UploadStop } from './upload-guard.ts';

export type LoaderDeps = { database: Database; store: DatastoreStore; audit: AuditLog; log: Logger };

/** Longest CSV record kept in memory while parsing (an unclosed quote would otherwise swallow the file). */
const MAX_RECORD_CHARS = 1 << 20;
/** Up to this many rows the search index is built before the swap, on PostgreSQL too. */
const INLINE_SEARCH_INDEX_ROWS = 100_000;
function checkInput(input: LoadInput): TableSchema | undefined {
  const fields = [];
  if (!resourceIdSchema.safeParse(input.resourceId).success)
    fields.push({
      path: 'resourceId',
      message: { vi: 'Mã tài nguyên không hợp lệ.', en: 'Invalid resource id.' },
    });
  if (!Number.isSafeInteger(input.maxBytes) || input.maxBytes <= 0)
    fields.push({
      path: 'maxBytes',
      message: { vi: 'Giới hạn dung lượng không hợp lệ.', en: 'Invalid size limit.' },
    });
  let schema: TableSchema | undefined;
  if (input.schema !== undefined) {
    const parsed = tableSchemaSchema.safeParse(input.schema);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        fields.push({
          path: ['schema', ...issue.path].join('.'),
          message: {
            vi: `Lược đồ bảng không hợp lệ: ${issue.message}`,
            en: `Invalid table schema: ${issue.message}`,
          },
        });
      }
    } else {
      schema = parsed.data;
      const problem = schemaProblem(schema);
      if (problem) fields.push({ path: 'schema', message: { vi: problem.vi, en: problem.en } });
    }
  }
  if (fields.length) throw validationFailed(fields);
  return schema;
}

function formatIssue(error: CsvFormatError): ValidationIssue {
  const what = {
    unclosed_quote: {
      vi: 'dấu ngoặc kép mở nhưng không được đóng',
      en: 'a quote is opened but never closed',
    },
    after_quote: { vi: 'có ký tự ngay sau dấu ngoặc kép đóng', en: 'characters follow a closing quote' },
    record_too_long: {
      vi: `một dòng dài hơn ${MAX_RECORD_CHARS} ký tự (thường do dấu ngoặc kép không được đóng)`,
      en: `a record is longer than ${MAX_RECORD_CHARS} characters (usually an unclosed quote)`,
    },
  }[error.code];
  return {
    type: 'format',
    vi: `Tệp CSV sai định dạng ở dòng ${error.line}: ${what.vi}.`,
    en: `Malformed CSV at line ${error.line}: ${what.en}.`,
  };
}

/**
 * Loads a CSV stream into a fresh table of the resource and swaps it in when whole. Reads the
 * stream once, never holding more than a parser buffer, a sample of SAMPLE_ROWS rows (when the
 * schema is inferred) and one write batch. See docs/open-data.md, "DataStore".
 */
export async function loadCsv(deps: LoaderDeps, input: LoadInput): Promise<LoadResult> {
  const given = checkInput(input);
  const { database, store } = deps;
  const { resourceId } = input;
  const prefix = tablePrefix(resourceId);
  const fresh = `${prefix}${randomBytes(4).toString('hex')}`;
  if (!(await store.claimLoad(resourceId, fresh))) {
    throw conflict({
      vi: 'Tài nguyên này đang được nạp dữ liệu; hãy chờ lần nạp đó kết thúc.',
      en: 'This resource is being loaded; wait for that load to finish.',
    });
  }
  const live = await store.liveTable(resourceId);
  for (const orphan of await store.orphanTables(prefix, live?.table_name ?? null)) {
    if (orphan !== fresh) await dropTable(orphan).execute(database.db);
  }

  const issues = new IssueList();
  const guard = new UploadGuard(input.maxBytes);
  // Errors of the source or the guard end the iteration below; leaving it early destroys both.
  const bytes = pipeline(input.source, guard, () => {});
  const reader = new CsvReader(MAX_RECORD_CHARS);

  let session: LoadSession | null = null;
  let rows = 0;
  let lastBeat = Date.now();
  const progress = async (force = false) => {
    input.onProgress?.(rows, guard.bytes);
    const now = Date.now();
    if (force || now - lastBeat >= 1000) {
      lastBeat = now;
      await store.progress(resourceId, fresh, rows, guard.bytes);
    }
  };
  const fail = async () => {
    await session?.abort();
    const report = issues.report(rows);
    await store.finishLoad(resourceId, fresh, { state: 'failed', rows, bytes: guard.bytes, report });
    return { ok: false as const, report };
  };

  try {
    // ——— Read: header, schema (given or inferred from a sample), then every row ———
    let header: string[] | null = null;
    let schema: TableSchema | null = given ?? null;
    let writer: RowWriter | null = null;
    let sample: string[][] | null = given ? null : [];
    const begin = async (chosen: TableSchema, inferred: boolean) => {
      session = await openLoadSession(database, fresh);
      writer = await startTable(session, fresh, chosen, header!, issues, inferred);
      schema = chosen;
    };
    const take = async (record: string[]): Promise<boolean> => {
      if (!header) {
        header = record.map((name) => nfc(name.trim()));
        const problems = headerIssues(header, given ? given.fields.map((f) => f.name) : null);
        for (const problem of problems) issues.add(problem);
        if (problems.length) return false;
        if (given) await begin(given, false);
        return true;
      }
      rows++;
      if (sample) {
        sample.push(record);
        if (sample.length < SAMPLE_ROWS) return true;
        await begin(inferSchema(header, sample), true);
        for (const [i, row] of sample.entries()) await writer!.row(row, i + 1);
        sample = null;
      } else {
        const pending = writer!.row(record, rows);
        if (pending) await pending;
      }
      if (issues.full) return false;
      if (rows % 1000 === 0) await progress();
      return true;
    };
    try {
      // Returns early (and stops reading) once `take` refuses a record.
      const readAll = async () => {
        for await (const chunk of bytes as AsyncIterable<Buffer>) {
          for (const record of reader.push(chunk.toString('utf8'))) if (!(await take(record))) return;
        }
        for (const record of reader.end()) if (!(await take(record))) return;
      };
      await readAll();
    } catch (error) {
      if (error instanceof UploadStop) issues.add(error.issue);
      else if (error instanceof CsvFormatError) issues.add(formatIssue(error));
      else throw error;
    } finally {
      // Stops reading the upload when the loop ended early (too many issues, a bad header).
      bytes.destroy();
    }
    if (header && sample && issues.count === 0) {
      await begin(inferSchema(header, sample), true);
      for (const [i, row] of sample.entries()) await writer!.row(row, i + 1);
    }
    // A read stopped early (encoding, size, format) may end before the header: not an empty file.
    if (!header && issues.count === 0) issues.add(emptyIssue(false));
    else if (rows === 0 && issues.count === 0) issues.add(emptyIssue(true));
    await progress(true);
    if (issues.count > 0 || !writer || !schema) return await fail();

    // ——— Finish the table: rows end, keys checked, indexes, statistics ———
    const active = session!;
    await active.endRows();
    // On PostgreSQL the trigram index of a large table takes longer than the load itself: it is
    // built right after the swap (q is answered all the same, by a scan, until it is ready).
    const deferSearchIndex = database.kind === 'postgres' && rows > INLINE_SEARCH_INDEX_ROWS;
    const finished = await finishTable(active, fresh, schema, writer, issues, !deferSearchIndex);
    if (!finished) return await fail();
    await active.commit();
    session = null;

    // ——— Swap it in (one transaction: the previous table stays readable until commit) ———
    const chosen: TableSchema = schema;
    const report = issues.report(rows);
    try {
      await store.db.transaction().execute(async (trx) => {
        const previous = await store.swap(trx, {
          resource_id: resourceId,
          table_name: fresh,
          schema: chosen,
          columns: (writer as RowWriter).columns,
          indexed_fields: finished.indexedFields,
          rows,
          bytes: guard.bytes,
        });
        if (input.actor) {
          await deps.audit.record(trx, {
            actor: input.actor,
            agencyId: input.agencyId ?? null,
            action: 'data.datastore.load',
            objectType: 'data.resource',
            objectId: resourceId,
            details: { rows, bytes: guard.bytes, fields: chosen.fields.length, replaced: previous !== null },
          });
        }
      });
    } catch (error) {
      await dropTable(fresh).execute(database.db);
      throw error;
    }
    await store.finishLoad(resourceId, fresh, { state: 'done', rows, bytes: guard.bytes, report });
    if (deferSearchIndex) void buildSearchIndexLater(deps, fresh);
    return { ok: true, rows, schema: chosen, report };
  } catch (error) {
    await (session as LoadSession | null)?.abort().catch(() => {});
    await store
      .finishLoad(resourceId, fresh, {
        state: 'failed',
        rows,
        bytes: guard.bytes,
        report: null,
        error: {
          vi: 'Lỗi hệ thống khi nạp dữ liệu; tệp không được nạp. Hãy thử lại hoặc báo quản trị viên.',
          en: 'A system error stopped the load; nothing was loaded. Try again or tell the administrator.',
        },
      })
      .catch(() => {});
    input.source.destroy();
    throw error;
  }
}

type RowWriter = {
  columns: string[];
  /** Validates one data row (1-based); writes it while the file has no issue so far (a promise: wait for the writer). */
  row(record: string[], n: number): Promise<void> | undefined;
};

async function startTable(
  session: LoadSession,
  fresh: string,
  schema: TableSchema,
  header: string[],
  issues: IssueList,
  inferred: boolean,
): Promise<RowWriter> {
  const columns = columnNames(schema.fields);
  await session.run(
    createTable(
      fresh,
      schema.fields.map((field, i) => ({ name: columns[i]!, type: field.type })),
    ),
  );
  await session.startRows([...columns, SEARCH]);
  const key = new Set(schema.primaryKey ?? []);
  const texts = schema.fields.flatMap((field, i) => (field.type === 'string' ? [i + 1] : []));
  const converters = schema.fields.map((field) => converterFor(field, key.has(field.name)));
  const from = schema.fields.map((field) => header.indexOf(field.name));
  const names = schema.fields.map((field) => field.name);
  const width = header.length;
  const hint = inferred
    ? {
        vi: ` (kiểu của cột được suy ra từ ${SAMPLE_ROWS} dòng đầu; hãy khai báo lược đồ bảng nếu cần kiểu khác)`,
        en: ` (the column's type was inferred from the first ${SAMPLE_ROWS} rows; give a table schema to choose another)`,
      }
    : { vi: '', en: '' };
  let writing = true;
  return {
    columns,
    row(record, n) {
      if (record.length !== width) {
        issues.add({
          type: 'ragged_row',
          row: n + 1,
          vi: `Dòng ${n + 1} có ${record.length} giá trị, dòng tiêu đề có ${width} cột.`,
          en: `Row ${n + 1} has ${record.length} values; the header has ${width} columns.`,
        });
        writing = false;
        return;
      }
      const values: unknown[] = new Array(converters.length + 2);
      values[0] = n;
      let valid = true;
      for (let i = 0; i < converters.length; i++) {
        const value = converters[i]!(record[from[i]!]!);
        if (isProblem(value)) {
          valid = false;
          const extra = value.kind === 'type' ? hint : { vi: '', en: '' };
          issues.add({
            type: value.kind,
            row: n + 1,
            column: names[i]!,
            vi: `Dòng ${n + 1}: ${value.vi.replace(/\.$/, '')}${extra.vi}.`,
            en: `Row ${n + 1}: ${value.en.replace(/\.$/, '')}${extra.en}.`,
          });
        } else values[i + 1] = value;
      }
      if (!valid) {
        writing = false;
        return;
      }
      if (!writing) return;
      let search = '';
      for (let t = 0; t < texts.length; t++) {
        const text = values[texts[t]!] as string | null;
        search += t === 0 ? '' : SEARCH_SEPARATOR;
        if (text) search += foldForSearch(text);
      }
      values[converters.length + 1] = search;
      return session.writeRow(values);
    },
  };
}

/**
 * Unique keys (primary key and unique fields) checked by building their unique indexes — no key
 * set held in memory — then `_id`, the enum fields and the search column indexed, and statistics
 * taken for the estimated totals. Returns null when a key is duplicated (issues say where).
 */
async function finishTable(
  session: LoadSession,
  fresh: string,
  schema: TableSchema,
  writer: RowWriter,
  issues: IssueList,
  withSearchIndex: boolean,
): Promise<{ indexedFields: string[] } | null> {
  const columnOf = new Map(schema.fields.map((field, i) => [field.name, writer.columns[i]!]));
  const keys: string[][] = [];
  if (schema.primaryKey) keys.push(schema.primaryKey);
  for (const field of schema.fields) {
    if (
      field.constraints?.unique &&
      !(schema.primaryKey?.length === 1 && schema.primaryKey[0] === field.name)
    )
      keys.push([field.name]);
  }
  for (const [n, key] of keys.entries()) {
    const columns = key.map((name) => columnOf.get(name)!);
    const error = await session.attempt(uniqueIndex(fresh, n + 1, columns));
    if (!error) continue;
    if ((error as { code?: string }).code !== '23505') throw error;
    for (const duplicate of await session.run(duplicateKeys(fresh, columns, 20))) {
      const rows = duplicate.ids.map((id) => id + 1).join(', ');
      const more = duplicate.count > duplicate.ids.length ? ', …' : '';
      issues.add({
        type: 'constraint',
        row: duplicate.ids[1]! + 1,
        column: key.join(', '),
        vi: `Giá trị ${duplicate.key} của khóa (${key.join(', ')}) bị trùng ở các dòng ${rows}${more}.`,
        en: `Key (${key.join(', ')}) value ${duplicate.key} is repeated in rows ${rows}${more}.`,
      });
    }
    return null;
  }
  await session.run(primaryKeyOnId(fresh));
  const enumFields = schema.fields.filter((field) => field.constraints?.enum).map((field) => field.name);
  for (const [n, name] of enumFields.entries())
    await session.run(plainIndex(fresh, n + 1, columnOf.get(name)!));
  if (withSearchIndex && (await hasTrigrams(session))) await session.run(trigramIndex(fresh));
  await session.run(analyze(fresh));
  const indexed = new Set([...keys.flat(), ...enumFields]);
  return { indexedFields: schema.fields.map((field) => field.name).filter((name) => indexed.has(name)) };
}

async function hasTrigrams(session: LoadSession): Promise<boolean> {
  const rows = await session.run(
    sql<{
      ok: boolean;
    }>`select exists (select 1 from pg_catalog.pg_extension where extname = 'pg_trgm') as ok`,
  );
  return rows[0]?.ok === true;
}

/** The trigram index of a live table, built after its swap (readers go on meanwhile: a plain CREATE INDEX blocks only writes, and the table takes none). */
async function buildSearchIndexLater(deps: LoaderDeps, tableName: string): Promise<void> {
  try {
    if (!(await deps.store.hasTrigrams())) return;
    await deps.store.db.transaction().execute(async (trx) => {
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      await trigramIndex(tableName).execute(trx);
    });
  } catch (error) {
    // Replaced or dropped meanwhile, or the database went away: q stays correct without the index.
    deps.log.warn({ err: error, table: tableName }, 'datastore search index not built');
  }
}
