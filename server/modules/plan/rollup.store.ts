import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { CITY_UNIT_ID } from '../../platform/auth/principal.ts';
import type { Database } from '../../platform/db/database.ts';

/**
 * PROPOSED FOR THE METRICS MODULE (`metrics.rollup`): approved values of indicators rolled up to
 * the city, in one statement. The metrics contract has no aggregate query, and reading every
 * agency's observation through `observations()` would move ~57,000 rows per overview; until
 * metrics adopts this function, it lives here, and this file is the only place where the plan
 * module reads metrics' tables (read-only, approved rows only).
 *
 * Rule: the city-level observation (agency `hanoi`) of a period when there is one, else the
 * indicator's aggregation over the agencies' observations of that period — sum, average
 * (`last` across agencies of one period is their average), or Σ numerators ÷ Σ denominators
 * (`ratio`, × 100 for `%`).
 */
export type RollupAggregation = 'sum' | 'average' | 'last' | 'ratio';

export type RollupRequest = {
  code: string;
  aggregation: RollupAggregation;
  unit: string;
  /** The latest period to consider (of the indicator's own period type: ids compare in order). */
  upTo: string;
};

/** The latest approved period at or before `upTo`, or the first (the start of a path without a baseline). */
export type RollupWhich = 'latest' | 'first';

export type RollupPoint = {
  indicatorCode: string;
  period: string;
  value: number | null;
  source: 'city' | 'aggregate';
  agencies: number;
  provenanceKind: 'manual' | 'imported' | 'computed' | 'seed' | 'mixed';
  example: boolean;
  demo: boolean;
  updatedAt: Date;
  /** For a computed city value: the query and when it ran. */
  computedQuery: string | null;
  computedAt: string | null;
};

type RawRollupRow = {
  code: string;
  which: 'latest' | 'first' | 'series';
  period: string;
  city_value: number | null;
  city_example: boolean | null;
  city_demo: boolean | null;
  city_updated: Date | string | null;
  city_kind: string | null;
  city_query: string | null;
  city_at: string | null;
  agencies: number | string | null;
  mean: number | null;
  total: number | null;
  num: number | null;
  den: number | null;
  agency_example: boolean | null;
  agency_demo: boolean | null;
  agency_updated: Date | string | null;
  /** Bit set of the provenance kinds aggregated: 1 manual, 2 imported, 4 computed, 8 seed. */
  kinds: number | null;
};

const kindBits: [number, RollupPoint['provenanceKind']][] = [
  [1, 'manual'],
  [2, 'imported'],
  [4, 'computed'],
  [8, 'seed'],
];

const CITY = CITY_UNIT_ID;

/** The city-level observation of `code_ref` × `period_ref`, found by the unique key. */
const cityLateral = (code: RawBuilder<unknown>, period: RawBuilder<unknown>) => sql`
left join lateral (
  select o.value as city_value, o.example as city_example, o.demo as city_demo, o.updated_at as city_updated,
         o.provenance ->> 'kind' as city_kind, o.provenance ->> 'query' as city_query,
         case when o.provenance ->> 'kind' = 'computed' then o.provenance ->> 'at' end as city_at
  from metrics.observations o
  where o.indicator_code = ${code} and o.period = ${period} and o.agency_id = ${CITY} and o.status = 'approved'
    and o.value is not null
) c on true`;

/** The agencies' observations of the same indicator and period, aggregated — only without a city value. */
const agencyLateral = (code: RawBuilder<unknown>, period: RawBuilder<unknown>) => sql`
cross join lateral (
  select count(*) as agencies, avg(o.value) as mean, sum(o.value) as total,
         sum(o.numerator) filter (where o.denominator is not null) as num,
         sum(o.denominator) filter (where o.numerator is not null) as den,
         bool_or(o.example) as agency_example, bool_or(o.demo) as agency_demo,
         max(o.updated_at) as agency_updated,
         bit_or(case o.provenance ->> 'kind' when 'manual' then 1 when 'imported' then 2
                  when 'computed' then 4 when 'seed' then 8 else 16 end) as kinds
  from metrics.observations o
  where c.city_value is null
    and o.indicator_code = ${code} and o.period = ${period} and o.status = 'approved' and o.agency_id <> ${CITY}
) a`;

/**
 * For each indicator, its latest approved period at or before `upTo` (or its first), rolled up:
 * one statement; per indicator one index probe for the period, one unique-key lookup for the
 * city value and, only without one, one aggregate over the agencies' values of that period.
 */
export function rollupQuery(requests: RollupRequest[], which: RollupWhich): RawBuilder<RawRollupRow> {
  const wanted = sql.join(requests.map((r) => sql`(${r.code}::text, ${r.upTo}::text)`));
  const order = which === 'latest' ? sql`desc` : sql`asc`;
  return sql<RawRollupRow>`
with wanted (code, up_to) as (values ${wanted})
select w.code, ${which}::text as which, p.period, c.*, a.*
from wanted w
cross join lateral (
  select o.period from metrics.observations o
  where o.indicator_code = w.code and o.status = 'approved' and o.period <= w.up_to
  order by o.period ${order} limit 1
) p
${cityLateral(sql.ref('w.code'), sql.ref('p.period'))}
${agencyLateral(sql.ref('w.code'), sql.ref('p.period'))}`;
}

/** Every approved period of one indicator, rolled up. */
export function seriesRollupQuery(code: string): RawBuilder<RawRollupRow> {
  return sql<RawRollupRow>`
with periods as (
  select distinct o.period from metrics.observations o
  where o.indicator_code = ${code} and o.status = 'approved'
)
select ${code}::text as code, 'series' as which, s.period, c.*, a.*
from periods s
${cityLateral(sql`${code}::text`, sql.ref('s.period'))}
${agencyLateral(sql`${code}::text`, sql.ref('s.period'))}
order by s.period`;
}

const num = (value: number | string | null) => (value === null ? null : Number(value));

export function toRollupPoint(
  row: RawRollupRow,
  request: Pick<RollupRequest, 'aggregation' | 'unit'>,
): RollupPoint {
  const fromCity = row.city_value !== null;
  let value: number | null;
  if (fromCity) value = num(row.city_value);
  else if (request.aggregation === 'sum') value = num(row.total);
  else if (request.aggregation === 'ratio') {
    const den = num(row.den);
    value = den && den > 0 ? (num(row.num)! / den) * (request.unit === '%' ? 100 : 1) : null;
  } else value = num(row.mean);
  const kind = fromCity
    ? row.city_kind
    : (kindBits.find(([bit]) => bit === Number(row.kinds))?.[1] ?? 'mixed');
  const updated = fromCity ? row.city_updated : row.agency_updated;
  return {
    indicatorCode: row.code,
    period: row.period,
    value,
    source: fromCity ? 'city' : 'aggregate',
    agencies: fromCity ? 0 : Number(row.agencies ?? 0),
    provenanceKind: (kind ?? 'mixed') as RollupPoint['provenanceKind'],
    example: Boolean(fromCity ? row.city_example : row.agency_example),
    demo: Boolean(fromCity ? row.city_demo : row.agency_demo),
    updatedAt: new Date(updated ?? 0),
    computedQuery: fromCity && row.city_kind === 'computed' ? row.city_query : null,
    computedAt: fromCity ? row.city_at : null,
  };
}

export function createRollupStore(database: Database) {
  // biome-ignore lint/suspicious/noExplicitAny: raw statements over another module's tables (see above).
  const db = database.db as Kysely<any>;
  /**
   * PostgreSQL's JIT compiles these statements anew on every run (their estimated cost passes
   * `jit_above_cost`), which costs more than the statement itself: off for this transaction only.
   */
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const withoutJit = <T>(run: (trx: Transaction<any>) => Promise<T>) =>
    db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      return run(trx);
    });
  return {
    async points(requests: RollupRequest[], which: RollupWhich): Promise<Map<string, RollupPoint>> {
      const points = new Map<string, RollupPoint>();
      if (requests.length === 0) return points;
      const byCode = new Map(requests.map((r) => [r.code, r]));
      const { rows } = await withoutJit((trx) => rollupQuery(requests, which).execute(trx));
      for (const row of rows) points.set(row.code, toRollupPoint(row, byCode.get(row.code)!));
      return points;
    },

    async series(request: Pick<RollupRequest, 'code' | 'aggregation' | 'unit'>): Promise<RollupPoint[]> {
      const { rows } = await withoutJit((trx) => seriesRollupQuery(request.code).execute(trx));
      return rows.map((row) => toRollupPoint(row, request));
    },

    /**
     * Which agencies have entered a value (any status) for which indicators in a period: counts
     * for the completion view, which shows progress without showing drafts' contents.
     */
    async entered(period: string, codes: string[], agencyIds: string[]) {
      if (codes.length === 0 || agencyIds.length === 0) return [] as { agencyId: string; code: string }[];
      const { rows } = await sql<{ agency_id: string; indicator_code: string }>`
        select o.agency_id, o.indicator_code from metrics.observations o
        where o.period = ${period} and o.value is not null
          and o.indicator_code in (${sql.join(codes)}) and o.agency_id in (${sql.join(agencyIds)})`.execute(
        db,
      );
      return rows.map((row) => ({ agencyId: row.agency_id, code: row.indicator_code }));
    },
  };
}

export type RollupStore = ReturnType<typeof createRollupStore>;
