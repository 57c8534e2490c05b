import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { TableSchema, ValidationReport } from './datastore.contract.ts';

/** Every statement on the portal's tables (`data.portal_*`). */
type DatasetTable = {
  id: string;
  name: string;
  title_vi: string;
  title_en: string | null;
  description_vi: string;
  description_en: string | null;
  organization_id: string;
  contact_name: string | null;
  contact_email: string | null;
  keywords: string[];
  themes: string[];
  license_id: string;
  temporal_start: string | null;
  temporal_end: string | null;
  spatial_unit_ids: string[];
  frequency: string;
  issued: Date | null;
  modified: Date;
  private: boolean;
  demo: boolean;
  state: 'active' | 'deleted';
  version: number;
  search_text: string;
  search_vector: string;
  managed_by: string | null;
  created_at: Date;
  created_by: string | null;
  metadata_modified: Date;
};
export type LastCheck = { at: string; ok: boolean; status: number | null; detail: string | null };
type ResourceTable = {
  id: string;
  dataset_id: string;
  position: number;
  name: string;
  description: string | null;
  format: string;
  kind: 'upload' | 'link';
  source_url: string | null;
  file_id: string | null;
  media_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  license_id: string | null;
  table_schema: TableSchema | null;
  schema_source: 'publisher' | 'inferred' | null;
  validation: ValidationReport | null;
  datastore_active: boolean;
  rows: number | null;
  refresh: 'none' | 'daily' | 'weekly' | 'monthly';
  last_check: LastCheck | null;
  state: 'active' | 'deleted';
  created_at: Date;
  modified_at: Date;
};
type VersionTable = {
  dataset_id: string;
  version: number;
  snapshot: unknown;
  action: string;
  changed_at: Date;
  changed_by: string | null;
};
type CounterTable = { dataset_id: string; day: string; downloads: number; api_calls: number };
type Tables = {
  'data.portal_datasets': DatasetTable;
  'data.portal_dataset_tags': { dataset_id: string; tag: string };
  'data.portal_dataset_groups': { dataset_id: string; group_code: string };
  'data.portal_resources': ResourceTable;
  'data.portal_versions': VersionTable;
  'data.portal_counters': CounterTable;
};

export type DatasetRow = Selectable<DatasetTable>;
export type ResourceRow = Selectable<ResourceTable>;
export type VersionRow = Selectable<VersionTable>;
export type PortalDb = Kysely<Tables>;
export type PortalTrx = Transaction<Tables>;
type Executor = PortalDb | PortalTrx;
export type NewDataset = Omit<DatasetRow, 'search_vector'>;

/** One filter of a search: a field, the values any of which matches, and whether it is negated. */
export type SearchClause = {
  field: 'organization' | 'groups' | 'tags' | 'res_format' | 'license_id' | 'name';
  values: string[];
  negate: boolean;
};
export type SearchSort = {
  field: 'score' | 'name' | 'title' | 'modified' | 'created';
  direction: 'asc' | 'desc';
};
export type FacetField = 'organization' | 'groups' | 'tags' | 'res_format' | 'license_id';
export type SearchRequest = {
  /** tsquery text already built from folded words (`ha:* & noi:*`), or null. */
  tsquery: string | null;
  clauses: SearchClause[];
  /** Private datasets visible: of these organisations, or all (`'all'`). */
  privateOf: string[] | 'all';
  sort: SearchSort[];
  start: number;
  rows: number;
  facets: FacetField[];
  facetLimit: number;
  facetMinCount: number;
};

// JSON columns: the pg driver parses jsonb; PGlite too. Arrays are written as JSON text.
const json = (value: unknown) => JSON.stringify(value);

function clauseSql(clause: SearchClause): RawBuilder<unknown> {
  const values = clause.values;
  let condition: RawBuilder<unknown>;
  switch (clause.field) {
    case 'organization':
      condition = sql`d.organization_id in (${sql.join(values)})`;
      break;
    case 'license_id':
      condition = sql`d.license_id in (${sql.join(values)})`;
      break;
    case 'name':
      condition = sql`d.name in (${sql.join(values)})`;
      break;
    case 'groups':
      condition = sql`exists (select 1 from data.portal_dataset_groups g where g.dataset_id = d.id and g.group_code in (${sql.join(values.map((v) => v.toUpperCase()))}))`;
      break;
    case 'tags':
      condition = sql`exists (select 1 from data.portal_dataset_tags t where t.dataset_id = d.id and t.tag in (${sql.join(values)}))`;
      break;
    case 'res_format':
      condition = sql`exists (select 1 from data.portal_resources r where r.dataset_id = d.id and r.state = 'active' and upper(r.format) in (${sql.join(values.map((v) => v.toUpperCase()))}))`;
      break;
  }
  return clause.negate ? sql`not (${condition})` : condition;
}

const sortColumns: Record<SearchSort['field'], RawBuilder<unknown>> = {
  score: sql`score`,
  name: sql`name`,
  title: sql`title_vi`,
  modified: sql`metadata_modified`,
  created: sql`created_at`,
};

const facetSql: Record<FacetField, (limit: number, min: number) => RawBuilder<unknown>> = {
  organization: (limit, min) =>
    sql`select organization_id as value, count(*) as n from matched group by 1 having count(*) >= ${min} order by n desc, value limit ${limit}`,
  license_id: (limit, min) =>
    sql`select license_id as value, count(*) as n from matched group by 1 having count(*) >= ${min} order by n desc, value limit ${limit}`,
  groups: (limit, min) =>
    sql`select lower(g.group_code) as value, count(*) as n from matched m join data.portal_dataset_groups g on g.dataset_id = m.id group by 1 having count(*) >= ${min} order by n desc, value limit ${limit}`,
  tags: (limit, min) =>
    sql`select t.tag as value, count(*) as n from matched m join data.portal_dataset_tags t on t.dataset_id = m.id group by 1 having count(*) >= ${min} order by n desc, value limit ${limit}`,
  res_format: (limit, min) =>
    sql`select upper(r.format) as value, count(distinct m.id) as n from matched m join data.portal_resources r on r.dataset_id = m.id and r.state = 'active' group by 1 having count(distinct m.id) >= ${min} order by n desc, value limit ${limit}`,
};

export function createPortalStore(database: Database) {
  const db = database.db as PortalDb;

  return {
    db,

    dataset(idOrName: string, executor: Executor = db) {
      const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(idOrName);
      return executor
        .selectFrom('data.portal_datasets')
        .selectAll()
        .where(isId ? 'id' : 'name', '=', idOrName)
        .executeTakeFirst();
    },

    datasetsByIds(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([] as DatasetRow[]);
      return db.selectFrom('data.portal_datasets').selectAll().where('id', 'in', ids).execute();
    },

    lockDataset: (trx: PortalTrx, id: string) =>
      trx
        .selectFrom('data.portal_datasets')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow(),

    nameTaken: async (trx: PortalTrx, name: string, exceptId?: string) => {
      let query = trx.selectFrom('data.portal_datasets').select('id').where('name', '=', name);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return Boolean(await query.executeTakeFirst());
    },

    async insertDataset(trx: PortalTrx, row: NewDataset) {
      await trx
        .insertInto('data.portal_datasets')
        .values({
          ...row,
          keywords: json(row.keywords) as never,
          themes: json(row.themes) as never,
          spatial_unit_ids: json(row.spatial_unit_ids) as never,
          search_vector: sql`to_tsvector('simple', ${row.search_text})` as never,
        })
        .execute();
      await this.setTagsAndGroups(trx, row.id, row.keywords, row.themes);
    },

    async updateDataset(
      trx: PortalTrx,
      id: string,
      row: Omit<NewDataset, 'id' | 'created_at' | 'created_by'>,
    ) {
      await trx
        .updateTable('data.portal_datasets')
        .set({
          ...row,
          keywords: json(row.keywords) as never,
          themes: json(row.themes) as never,
          spatial_unit_ids: json(row.spatial_unit_ids) as never,
          search_vector: sql`to_tsvector('simple', ${row.search_text})` as never,
        })
        .where('id', '=', id)
        .execute();
      await this.setTagsAndGroups(trx, id, row.keywords, row.themes);
    },

    async setTagsAndGroups(trx: PortalTrx, id: string, tags: string[], groups: string[]) {
      await trx.deleteFrom('data.portal_dataset_tags').where('dataset_id', '=', id).execute();
      await trx.deleteFrom('data.portal_dataset_groups').where('dataset_id', '=', id).execute();
      const uniqueTags = [...new Set(tags)];
      if (uniqueTags.length)
        await trx
          .insertInto('data.portal_dataset_tags')
          .values(uniqueTags.map((tag) => ({ dataset_id: id, tag })))
          .execute();
      const uniqueGroups = [...new Set(groups)];
      if (uniqueGroups.length)
        await trx
          .insertInto('data.portal_dataset_groups')
          .values(uniqueGroups.map((group_code) => ({ dataset_id: id, group_code })))
          .execute();
    },

    touchDataset: (
      trx: PortalTrx,
      id: string,
      set: { version: number; metadata_modified: Date; modified?: Date },
    ) => trx.updateTable('data.portal_datasets').set(set).where('id', '=', id).execute(),

    resourcesOf(datasetIds: string[], executor: Executor = db) {
      if (datasetIds.length === 0) return Promise.resolve([] as ResourceRow[]);
      return executor
        .selectFrom('data.portal_resources')
        .selectAll()
        .where('dataset_id', 'in', datasetIds)
        .where('state', '=', 'active')
        .orderBy('dataset_id')
        .orderBy('position')
        .execute();
    },

    resource(id: string, executor: Executor = db) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return Promise.resolve(undefined);
      return executor
        .selectFrom('data.portal_resources')
        .selectAll()
        .where('id', '=', id)
        .where('state', '=', 'active')
        .executeTakeFirst();
    },

    nextPosition: async (trx: PortalTrx, datasetId: string) => {
      const row = await trx
        .selectFrom('data.portal_resources')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('dataset_id', '=', datasetId)
        .executeTakeFirst();
      return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
    },

    insertResource: (trx: PortalTrx, row: ResourceRow) =>
      trx
        .insertInto('data.portal_resources')
        .values({
          ...row,
          table_schema: (row.table_schema ? json(row.table_schema) : null) as never,
          validation: (row.validation ? json(row.validation) : null) as never,
          last_check: (row.last_check ? json(row.last_check) : null) as never,
        })
        .execute(),

    updateResource: (trx: Executor, id: string, set: Partial<Omit<ResourceRow, 'id' | 'dataset_id'>>) =>
      trx
        .updateTable('data.portal_resources')
        .set({
          ...set,
          ...('table_schema' in set
            ? { table_schema: (set.table_schema ? json(set.table_schema) : null) as never }
            : {}),
          ...('validation' in set
            ? { validation: (set.validation ? json(set.validation) : null) as never }
            : {}),
          ...('last_check' in set
            ? { last_check: (set.last_check ? json(set.last_check) : null) as never }
            : {}),
        })
        .where('id', '=', id)
        .execute(),

    insertVersion: (trx: PortalTrx, row: VersionRow) =>
      trx
        .insertInto('data.portal_versions')
        .values({ ...row, snapshot: json(row.snapshot) as never })
        .execute(),

    versions: (datasetId: string) =>
      db
        .selectFrom('data.portal_versions')
        .select(['version', 'action', 'changed_at', 'changed_by'])
        .where('dataset_id', '=', datasetId)
        .orderBy('version', 'desc')
        .execute(),

    version: (datasetId: string, version: number) =>
      db
        .selectFrom('data.portal_versions')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .executeTakeFirst(),

    /** Adds to the day's counters (increments from any number of instances add up). */
    async addCounters(entries: { datasetId: string; day: string; downloads: number; apiCalls: number }[]) {
      for (const entry of entries) {
        await db
          .insertInto('data.portal_counters')
          .values({
            dataset_id: entry.datasetId,
            day: entry.day,
            downloads: entry.downloads,
            api_calls: entry.apiCalls,
          })
          .onConflict((oc) =>
            oc.columns(['dataset_id', 'day']).doUpdateSet((eb) => ({
              downloads: eb('data.portal_counters.downloads', '+', entry.downloads),
              api_calls: eb('data.portal_counters.api_calls', '+', entry.apiCalls),
            })),
          )
          .execute();
      }
    },

    async countersOf(datasetIds: string[]) {
      if (datasetIds.length === 0) return new Map<string, { downloads: number; apiCalls: number }>();
      const rows = await db
        .selectFrom('data.portal_counters')
        .select((eb) => [
          'dataset_id',
          eb.fn.sum<number>('downloads').as('downloads'),
          eb.fn.sum<number>('api_calls').as('api_calls'),
        ])
        .where('dataset_id', 'in', datasetIds)
        .groupBy('dataset_id')
        .execute();
      return new Map(
        rows.map((row) => [
          row.dataset_id,
          { downloads: Number(row.downloads), apiCalls: Number(row.api_calls) },
        ]),
      );
    },

    /** Downloads and API calls per dataset (with its agency) in [from, to). */
    countersBetween: (from: string, to: string) =>
      db
        .selectFrom('data.portal_counters as c')
        .innerJoin('data.portal_datasets as d', 'd.id', 'c.dataset_id')
        .select((eb) => [
          'd.id',
          'd.name',
          'd.organization_id',
          'd.demo',
          eb.fn.sum<number>('c.downloads').as('downloads'),
          eb.fn.sum<number>('c.api_calls').as('api_calls'),
        ])
        .where('c.day', '>=', from)
        .where('c.day', '<', to)
        .groupBy(['d.id', 'd.name', 'd.organization_id', 'd.demo'])
        .execute(),

    names: (limit: number, offset: number) =>
      db
        .selectFrom('data.portal_datasets')
        .select('name')
        .where('state', '=', 'active')
        .where('private', '=', false)
        .orderBy('name')
        .limit(limit)
        .offset(offset)
        .execute()
        .then((rows) => rows.map((row) => row.name)),

    /** Public datasets per organisation (and per group), for organisation and group lists. */
    publicCounts: async () => {
      const byOrg = await db
        .selectFrom('data.portal_datasets')
        .select((eb) => ['organization_id', eb.fn.countAll<number>().as('n')])
        .where('state', '=', 'active')
        .where('private', '=', false)
        .groupBy('organization_id')
        .execute();
      const byGroup = await db
        .selectFrom('data.portal_dataset_groups as g')
        .innerJoin('data.portal_datasets as d', 'd.id', 'g.dataset_id')
        .select((eb) => ['g.group_code', eb.fn.countAll<number>().as('n')])
        .where('d.state', '=', 'active')
        .where('d.private', '=', false)
        .groupBy('g.group_code')
        .execute();
      return {
        organizations: new Map(byOrg.map((row) => [row.organization_id, Number(row.n)])),
        groups: new Map(byGroup.map((row) => [row.group_code, Number(row.n)])),
      };
    },

    /** Tags of public datasets, optionally containing `folded` (compared folded). */
    publicTags: async () =>
      (
        await db
          .selectFrom('data.portal_dataset_tags as t')
          .innerJoin('data.portal_datasets as d', 'd.id', 't.dataset_id')
          .select('t.tag')
          .distinct()
          .where('d.state', '=', 'active')
          .where('d.private', '=', false)
          .orderBy('t.tag')
          .execute()
      ).map((row) => row.tag),

    /** Public datasets for DCAT paging, oldest change first, with the total. */
    async publicPage(options: { modifiedSince: Date | null; limit: number; offset: number }) {
      let base = db
        .selectFrom('data.portal_datasets')
        .where('state', '=', 'active')
        .where('private', '=', false);
      if (options.modifiedSince) base = base.where('metadata_modified', '>=', options.modifiedSince);
      const total = await base
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
      const rows = await base
        .selectAll()
        .orderBy('metadata_modified', 'desc')
        .orderBy('id')
        .limit(options.limit)
        .offset(options.offset)
        .execute();
      const latest = await db
        .selectFrom('data.portal_datasets')
        .select((eb) => eb.fn.max('metadata_modified').as('at'))
        .where('state', '=', 'active')
        .where('private', '=', false)
        .executeTakeFirst();
      return { total, rows, latest: latest?.at ? new Date(latest.at) : null };
    },

    /** The search behind `package_search` and the portal's search: one statement. */
    async search(request: SearchRequest) {
      const visibility =
        request.privateOf === 'all'
          ? sql`true`
          : request.privateOf.length
            ? sql`(d.private = false or d.organization_id in (${sql.join(request.privateOf)}))`
            : sql`d.private = false`;
      const conditions = [sql`d.state = 'active'`, visibility, ...request.clauses.map(clauseSql)];
      if (request.tsquery) conditions.push(sql`d.search_vector @@ to_tsquery('simple', ${request.tsquery})`);
      const score = request.tsquery
        ? sql`ts_rank(d.search_vector, to_tsquery('simple', ${request.tsquery}))`
        : sql`0::real`;
      const order = sql.join(
        [
          ...request.sort.map(
            (s) => sql`${sortColumns[s.field]} ${s.direction === 'asc' ? sql`asc` : sql`desc`}`,
          ),
          sql`id`,
        ],
        sql`, `,
      );
      const facetParts = request.facets.map(
        (field) =>
          sql`(select coalesce(json_agg(json_build_array(f.value, f.n)), '[]'::json) from (${facetSql[field](request.facetLimit, request.facetMinCount)}) f) as ${sql.ref(`facet_${field}`)}`,
      );
      const result = await sql<Record<string, unknown>>`
with matched as (
  select d.id, d.name, d.title_vi, d.metadata_modified, d.created_at, d.organization_id, d.license_id, ${score} as score
  from data.portal_datasets d
  where ${sql.join(conditions, sql` and `)}
),
page as (
  select id, row_number() over (order by ${order}) as position
  from matched order by ${order} limit ${request.rows} offset ${request.start}
)
select
  (select count(*) from matched) as count,
  (select coalesce(json_agg(p.id order by p.position), '[]'::json) from page p) as ids
  ${facetParts.length ? sql`, ${sql.join(facetParts, sql`, `)}` : sql``}`.execute(db);
      const row = result.rows[0]!;
      const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
      const facets = Object.fromEntries(
        request.facets.map((field) => [
          field,
          parse<[string, number][]>(row[`facet_${field}`]).map(([v, n]) => [v, Number(n)]),
        ]),
      ) as Record<FacetField, [string, number][]>;
      return { count: Number(row.count), ids: parse<string[]>(row.ids), facets };
    },

    /** For the G26 KPI: agencies with at least one public, non-demo dataset issued before `before`. */
    publishingAgencies: async (before: Date) => {
      const query = db
        .selectFrom('data.portal_datasets')
        .select('organization_id')
        .distinct()
        .where('state', '=', 'active')
        .where('private', '=', false)
        .where('demo', '=', false)
        .where('issued', '<', before);
      return {
        agencies: (await query.execute()).map((row) => row.organization_id),
        sql: query.compile().sql,
      };
    },

    /** Public datasets (all, and demo ones) issued before `before`, per agency. */
    publishedCounts: async (before: Date) => {
      const query = db
        .selectFrom('data.portal_datasets')
        .select((eb) => [
          'organization_id',
          eb.fn.countAll<number>().as('n'),
          eb.fn.count<number>('id').filterWhere('demo', '=', true).as('demo'),
        ])
        .where('state', '=', 'active')
        .where('private', '=', false)
        .where('issued', '<', before)
        .groupBy('organization_id');
      const rows = await query.execute();
      return {
        rows: rows.map((row) => ({
          agencyId: row.organization_id,
          datasets: Number(row.n),
          demo: Number(row.demo),
        })),
        sql: query.compile().sql,
      };
    },

    /** Link resources due for a check (never checked, or checked before their schedule's interval). */
    linksDue: (now: Date) =>
      db
        .selectFrom('data.portal_resources as r')
        .innerJoin('data.portal_datasets as d', 'd.id', 'r.dataset_id')
        .selectAll('r')
        .where('r.state', '=', 'active')
        .where('d.state', '=', 'active')
        .where('r.kind', '=', 'link')
        .where('r.refresh', '<>', 'none')
        .where((eb) =>
          eb.or([
            eb('r.last_check', 'is', null),
            eb(
              sql`(r.last_check ->> 'at')::timestamptz`,
              '<',
              sql`${now}::timestamptz - case r.refresh when 'daily' then interval '1 day' when 'weekly' then interval '7 days' else interval '30 days' end`,
            ),
          ]),
        )
        .limit(200)
        .execute(),

    managedDataset: (managedBy: string) =>
      db
        .selectFrom('data.portal_datasets')
        .selectAll()
        .where('managed_by', '=', managedBy)
        .executeTakeFirst(),
  };
}

export type PortalStore = ReturnType<typeof createPortalStore>;
