import type { Migration } from '../../../platform/db/migrator.ts';

/**
 * Approved values rolled up per indicator × period, so that readers (the plan overview) read one
 * small row per period instead of aggregating every agency's observations on each request. The
 * metrics store keeps it in the same transaction as every change of an approved observation
 * (`metrics.store.ts`, `writeObservations`); this migration creates it and fills it from the
 * observations already approved.
 */
export const metricsRollups: Migration = {
  name: '0002_rollups',
  sql: `
create table metrics.rollups (
  indicator_code text not null references metrics.indicators (code),
  period text not null,
  -- The city-level observation (agency 'hanoi') of the period, when it is approved and has a value.
  city_value double precision,
  city_provenance_kind text,
  city_query text,
  city_computed_at text,
  city_example boolean,
  city_demo boolean,
  city_updated_at timestamptz,
  -- The other agencies' approved observations of the period: how many (with or without a value),
  -- how many have a value and their sum, Σ numerators and Σ denominators over those with both, and
  -- flags, latest change and provenance kinds (bits: 1 manual, 2 imported, 4 computed, 8 seed, 16 other).
  agencies integer not null,
  value_count integer not null,
  value_sum double precision,
  numerator_sum double precision,
  denominator_sum double precision,
  example boolean not null,
  demo boolean not null,
  updated_at timestamptz,
  provenance_kinds integer not null,
  primary key (indicator_code, period)
);

insert into metrics.rollups (
  indicator_code, period, city_value, city_provenance_kind, city_query, city_computed_at, city_example,
  city_demo, city_updated_at, agencies, value_count, value_sum, numerator_sum, denominator_sum, example,
  demo, updated_at, provenance_kinds
)
select o.indicator_code, o.period,
  max(o.value) filter (where o.agency_id = 'hanoi' and o.value is not null),
  max(o.provenance ->> 'kind') filter (where o.agency_id = 'hanoi' and o.value is not null),
  max(o.provenance ->> 'query') filter (where o.agency_id = 'hanoi' and o.value is not null
    and o.provenance ->> 'kind' = 'computed'),
  max(o.provenance ->> 'at') filter (where o.agency_id = 'hanoi' and o.value is not null
    and o.provenance ->> 'kind' = 'computed'),
  bool_or(o.example) filter (where o.agency_id = 'hanoi' and o.value is not null),
  bool_or(o.demo) filter (where o.agency_id = 'hanoi' and o.value is not null),
  max(o.updated_at) filter (where o.agency_id = 'hanoi' and o.value is not null),
  count(*) filter (where o.agency_id <> 'hanoi'),
  count(o.value) filter (where o.agency_id <> 'hanoi'),
  sum(o.value) filter (where o.agency_id <> 'hanoi'),
  sum(o.numerator) filter (where o.agency_id <> 'hanoi' and o.denominator is not null),
  sum(o.denominator) filter (where o.agency_id <> 'hanoi' and o.numerator is not null),
  coalesce(bool_or(o.example) filter (where o.agency_id <> 'hanoi'), false),
  coalesce(bool_or(o.demo) filter (where o.agency_id <> 'hanoi'), false),
  max(o.updated_at) filter (where o.agency_id <> 'hanoi'),
  coalesce(bit_or(case o.provenance ->> 'kind' when 'manual' then 1 when 'imported' then 2
    when 'computed' then 4 when 'seed' then 8 else 16 end) filter (where o.agency_id <> 'hanoi'), 0)
from metrics.observations o
where o.status = 'approved'
group by o.indicator_code, o.period;
`,
};
