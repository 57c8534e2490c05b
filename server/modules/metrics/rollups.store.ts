import { type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import { CITY_UNIT_ID } from '../../platform/auth/principal.ts';
import type { Aggregation } from './metrics.types.ts';

/**
 * `metrics.rollups` (migration 0002): per indicator × period, the city-level approved value and
 * the sums, counts and flags of the agencies' approved values. Recomputed from the observations —
 * never added to or subtracted from, so that it always equals the aggregate over the rows — by
 * `refreshRollups`, which only the store's one observation writer calls (`metrics.store.ts`).
 */
export type RollupTable = {
  indicator_code: string;
  period: string;
  city_value: number | null;
  city_provenance_kind: string | null;
  city_query: string | null;
  city_computed_at: string | null;
  city_example: boolean | null;
  city_demo: boolean | null;
  city_updated_at: Date | null;
  agencies: number;
  value_count: number;
  value_sum: number | null;
  numerator_sum: number | null;
  denominator_sum: number | null;
  example: boolean;
  demo: boolean;
  updated_at: Date | null;
  /** Bits of the agencies' provenance kinds: 1 manual, 2 imported, 4 computed, 8 seed, 16 other. */
  provenance_kinds: number;
};

export type RollupRow = Selectable<RollupTable>;
export type RollupKey = { code: string; period: string };
export type RollupPick = 'latest' | 'first' | 'all';

// biome-ignore lint/suspicious/noExplicitAny: the metrics transaction (its table map is metrics.store.ts's).
type AnyTrx = Transaction<any>;

const CITY = CITY_UNIT_ID;
const columns = [
  'indicator_code',
  'period',
  'city_value',
  'city_provenance_kind',
  'city_query',
  'city_computed_at',
  'city_example',
  'city_demo',
  'city_updated_at',
  'agencies',
  'value_count',
  'value_sum',
  'numerator_sum',
  'denominator_sum',
  'example',
  'demo',
  'updated_at',
  'provenance_kinds',
] as const;

/** The rollup columns over approved observations `o`, grouped by indicator and period (as in migration 0002). */
const aggregates = sql`
  max(o.value) filter (where o.agency_id = ${CITY} and o.value is not null),
  max(o.provenance ->> 'kind') filter (where o.agency_id = ${CITY} and o.value is not null),
  max(o.provenance ->> 'query') filter (where o.agency_id = ${CITY} and o.value is not null
    and o.provenance ->> 'kind' = 'computed'),
  max(o.provenance ->> 'at') filter (where o.agency_id = ${CITY} and o.value is not null
    and o.provenance ->> 'kind' = 'computed'),
  bool_or(o.example) filter (where o.agency_id = ${CITY} and o.value is not null),
  bool_or(o.demo) filter (where o.agency_id = ${CITY} and o.value is not null),
  max(o.updated_at) filter (where o.agency_id = ${CITY} and o.value is not null),
  count(*) filter (where o.agency_id <> ${CITY}),
  count(o.value) filter (where o.agency_id <> ${CITY}),
  sum(o.value) filter (where o.agency_id <> ${CITY}),
  sum(o.numerator) filter (where o.agency_id <> ${CITY} and o.denominator is not null),
  sum(o.denominator) filter (where o.agency_id <> ${CITY} and o.numerator is not null),
  coalesce(bool_or(o.example) filter (where o.agency_id <> ${CITY}), false),
  coalesce(bool_or(o.demo) filter (where o.agency_id <> ${CITY}), false),
  max(o.updated_at) filter (where o.agency_id <> ${CITY}),
  coalesce(bit_or(case o.provenance ->> 'kind' when 'manual' then 1 when 'imported' then 2
    when 'computed' then 4 when 'seed' then 8 else 16 end) filter (where o.agency_id <> ${CITY}), 0)`;

/**
 * Recomputes the rollups of `keys` from the approved observations, inside the writer's
 * transaction. Each key is serialised by an advisory lock taken before it is read (in one
 * order for every writer, so writers of several keys cannot deadlock): a writer that waits
 * recomputes from what the one before it committed.
 */
export async function refreshRollups(trx: AnyTrx, keys: RollupKey[]): Promise<void> {
  const unique = [...new Map(keys.map((key) => [`${key.code}\u0000${key.period}`, key])).values()];
  if (unique.length === 0) return;
  const names = sql.join(unique.map((key) => sql`(${`metrics:rollup:${key.code}:${key.period}`}::text)`));
  await sql`select pg_advisory_xact_lock(hashtext(s.name))
    from (select v.name from (values ${names}) as v (name) order by v.name collate "C" offset 0) s`.execute(
    trx,
  );
  const wanted = sql.join(unique.map((key) => sql`(${key.code}::text, ${key.period}::text)`));
  const list = sql.raw(columns.join(', '));
  const updates = sql.raw(
    columns
      .filter((column) => column !== 'indicator_code' && column !== 'period')
      .map((column) => `${column} = excluded.${column}`)
      .join(', '),
  );
  await sql`
with keys (code, period) as (values ${wanted}),
fresh as (
  select o.indicator_code, o.period, ${aggregates}
  from keys k join metrics.observations o on o.indicator_code = k.code and o.period = k.period
  where o.status = 'approved'
  group by o.indicator_code, o.period
),
gone as (
  delete from metrics.rollups r using keys k
  where r.indicator_code = k.code and r.period = k.period
    and not exists (select 1 from fresh f where f.indicator_code = k.code and f.period = k.period)
)
insert into metrics.rollups (${list}) select * from fresh
on conflict (indicator_code, period) do update set ${updates}`.execute(trx);
}

export type RollupReadRow = RollupRow & { request: number; aggregation: Aggregation; unit: string };

/**
 * The rollups asked for, each request's rows tagged with its index: per request, its indicator's
 * latest or first period at or before `upTo` (any when null), or every such period.
 */
export function rollupReadQuery(
  requests: { code: string; upTo: string | null; pick: RollupPick }[],
): RawBuilder<RollupReadRow> {
  const picks: RollupPick[] = ['latest', 'first', 'all'];
  const branches = picks.flatMap((pick) => {
    const wanted = requests.flatMap((request, index) =>
      request.pick === pick ? [sql`(${index}::int, ${request.code}::text, ${request.upTo}::text)`] : [],
    );
    if (wanted.length === 0) return [];
    const order =
      pick === 'latest'
        ? sql`order by r.period desc limit 1`
        : pick === 'first'
          ? sql`order by r.period asc limit 1`
          : sql``;
    return [
      sql`select w.request, ind.aggregation, ind.unit, r.*
from (values ${sql.join(wanted)}) as w (request, code, up_to)
join metrics.indicators ind on ind.code = w.code
cross join lateral (
  select * from metrics.rollups r
  where r.indicator_code = w.code and (w.up_to is null or r.period <= w.up_to)
  ${order}
) r`,
    ];
  });
  return sql<RollupReadRow>`${sql.join(branches, sql` union all `)} order by request, period`;
}
