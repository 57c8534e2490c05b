import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';

/**
 * All SQL of the temporal API over `urban.readings` (the temporal store) and `urban.entities`.
 * Every read of readings is bounded by the primary key (entity_id, attr, observed_at): one indexed
 * range scan per entity and attribute, so a day of one sensor costs the same after years of data.
 */
// biome-ignore lint/suspicious/noExplicitAny: the urban tables are reached through raw SQL here.
type Db = Kysely<any> | Transaction<any>;

export type EntityRow = {
  id: string;
  type: string;
  attrs: Record<string, Record<string, unknown>>;
  location: unknown;
  created_at: Date;
  modified_at: Date;
};

export type ReadingRow = {
  entity_id: string;
  attr: string;
  observed_at: Date;
  num: number | null;
  value: unknown;
};

/** `from` inclusive, `to` exclusive (timerel before | after | between). */
export type TimeWindow = { from: Date | null; to: Date | null };

function windowSql(window: TimeWindow): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (window.from) parts.push(sql`observed_at >= ${window.from}`);
  if (window.to) parts.push(sql`observed_at < ${window.to}`);
  return parts.length === 0 ? sql`true` : sql.join(parts, sql` and `);
}

export function createTemporalStore(db: Kysely<unknown>) {
  const base = db as Db;

  /**
   * Every attribute with readings of any of the entities, by a loose index scan of the primary key
   * (one descent per entity and attribute). A pair the list crosses that has no readings adds no
   * rows, so filtering on these names changes no result.
   */
  async function attributesWithReadings(entityIds: string[]): Promise<string[]> {
    const { rows } = await sql<{ attr: string }>`
      with recursive names(entity_id, attr) as (
        select i.entity_id, (select r.attr from urban.readings r where r.entity_id = i.entity_id
          order by r.attr limit 1)
        from (values ${sql.join(entityIds.map((id) => sql`(${id}::text)`))}) as i(entity_id)
        union all
        select n.entity_id, (select r.attr from urban.readings r where r.entity_id = n.entity_id
          and r.attr > n.attr order by r.attr limit 1)
        from names n where n.attr is not null
      )
      select distinct attr from names where attr is not null`.execute(base);
    return rows.map((row) => row.attr);
  }

  return {
    async entity(id: string, executor: Db = base): Promise<EntityRow | null> {
      const { rows } = await sql<EntityRow>`
        select id, type, attrs, location, created_at, modified_at from urban.entities where id = ${id}`.execute(
        executor,
      );
      return rows[0] ?? null;
    },

    /** `where`: the core's entity-query condition (query.ts), so selection means the same everywhere. */
    async selectEntities(
      where: RawBuilder<boolean>,
      page: { limit: number; offset: number; count: boolean },
    ): Promise<{ rows: EntityRow[]; total: number | null }> {
      const { rows } = await sql<EntityRow>`
        select id, type, attrs, location, created_at, modified_at from urban.entities
        where ${where} order by id limit ${page.limit} offset ${page.offset}`.execute(base);
      if (!page.count) return { rows, total: null };
      const counted = await sql<{ n: number }>`
        select count(*)::int as n from urban.entities where ${where}`.execute(base);
      return { rows, total: counted.rows[0]?.n ?? 0 };
    },

    /**
     * Instances of each (entity, attribute) pair in the window: the last `lastN` (newest first) or
     * the first `cap` (oldest first). One lateral, index-ordered scan per pair.
     */
    async instances(
      pairs: { entityId: string; attr: string }[],
      window: TimeWindow,
      pick: { lastN: number } | { first: number },
    ): Promise<ReadingRow[]> {
      if (pairs.length === 0) return [];
      const values = sql.join(pairs.map((pair) => sql`(${pair.entityId}::text, ${pair.attr}::text)`));
      const newestFirst = 'lastN' in pick;
      const limit = newestFirst ? pick.lastN : pick.first;
      const order = newestFirst ? sql`observed_at desc` : sql`observed_at asc`;
      const { rows } = await sql<ReadingRow>`
        select p.entity_id, p.attr, r.observed_at, r.num, r.value
        from (values ${values}) as p(entity_id, attr)
        cross join lateral (
          select observed_at, num, value from urban.readings
          where entity_id = p.entity_id and attr = p.attr and ${windowSql(window)}
          order by ${order} limit ${limit}
        ) r
        order by p.entity_id, p.attr, r.observed_at`.execute(base);
      return rows;
    },

    /**
     * Aggregates per bucket of `periodSeconds` starting at `origin` (date_bin, PostgreSQL 14+ and
     * PGlite), computed over the numeric values; counts cover every value. The scan is bounded by
     * entity, attribute and time: without `attrs`, `entity_id = … and observed_at …` alone would walk
     * every reading of the entity in the month's partition (25× the index pages for a day of 2
     * attributes, bench/urban.queries.bench.ts), so the attributes the entities have readings of
     * are listed first.
     */
    async aggregates(
      entityIds: string[],
      attrs: string[] | null,
      window: TimeWindow,
      periodSeconds: number,
      origin: Date,
    ) {
      if (entityIds.length === 0) return [];
      const names = attrs ?? (await attributesWithReadings(entityIds));
      if (names.length === 0) return [];
      const attrFilter = sql`attr in (${sql.join(names)})`;
      const stride = `${periodSeconds} seconds`;
      const { rows } = await sql<{
        entity_id: string;
        attr: string;
        bucket: Date;
        total_count: number;
        distinct_count: number;
        sum: number | null;
        avg: number | null;
        min: number | null;
        max: number | null;
        stddev: number | null;
        sumsq: number | null;
      }>`
        select entity_id, attr, date_bin(${stride}::interval, observed_at, ${origin}::timestamptz) as bucket,
          count(*)::int as total_count,
          count(distinct coalesce(num::text, value::text))::int as distinct_count,
          sum(num) as sum, avg(num) as avg, min(num) as min, max(num) as max,
          stddev_samp(num) as stddev, sum(num * num) as sumsq
        from urban.readings
        where entity_id in (${sql.join(entityIds)}) and ${attrFilter} and ${windowSql(window)}
        group by 1, 2, 3
        order by 1, 2, 3`.execute(base);
      return rows;
    },

    async lockEntity(trx: Transaction<unknown>, id: string): Promise<EntityRow | null> {
      const { rows } = await sql<EntityRow>`
        select id, type, attrs, location, created_at, modified_at from urban.entities
        where id = ${id} for update`.execute(trx as Db);
      return rows[0] ?? null;
    },

    async insertEntity(
      trx: Transaction<unknown>,
      entity: { id: string; type: string; attrs: Record<string, unknown>; at: Date },
    ) {
      await sql`
        insert into urban.entities (id, type, attrs, created_at, modified_at)
        values (${entity.id}, ${entity.type}, ${JSON.stringify(entity.attrs)}::jsonb, ${entity.at}, ${entity.at})`.execute(
        trx as Db,
      );
    },

    async updateEntityAttrs(trx: Transaction<unknown>, id: string, attrs: Record<string, unknown>, at: Date) {
      await sql`
        update urban.entities set attrs = ${JSON.stringify(attrs)}::jsonb, modified_at = ${at}
        where id = ${id}`.execute(trx as Db);
    },

    async deleteEntity(trx: Transaction<unknown>, id: string): Promise<boolean> {
      await sql`delete from urban.readings where entity_id = ${id}`.execute(trx as Db);
      const result = await sql`delete from urban.entities where id = ${id}`.execute(trx as Db);
      return Number(result.numAffectedRows ?? 0) > 0;
    },

    async deleteAttribute(trx: Transaction<unknown>, id: string, attr: string): Promise<number> {
      const result = await sql`
        delete from urban.readings where entity_id = ${id} and attr = ${attr}`.execute(trx as Db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}

export type TemporalStore = ReturnType<typeof createTemporalStore>;
