import type { Migration } from '../../../platform/db/migrator.ts';

export const metricsTables: Migration = {
  name: '0001_metrics',
  sql: `
create schema if not exists metrics;

-- What is measured. computed_source names a source registered by a module (e.g.
-- identity.citizens_unified_sign_in_share); such indicators take their values from recompute only.
create table metrics.indicators (
  code text primary key,
  name_vi text not null,
  name_en text not null,
  description_vi text,
  description_en text,
  unit text not null,
  direction text not null check (direction in ('at_least', 'at_most')),
  aggregation text not null check (aggregation in ('sum', 'average', 'last', 'ratio')),
  period_type text not null check (period_type in ('year', 'half', 'quarter', 'month')),
  decimals smallint not null check (decimals between 0 and 6),
  computed_source text,
  example boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index indicators_source on metrics.indicators (computed_source) where computed_source is not null;

-- A value for indicator × period × agency ('hanoi' for the whole city), with its provenance
-- (manual, imported, computed or seed) as JSON.
create table metrics.observations (
  id uuid primary key,
  indicator_code text not null references metrics.indicators (code),
  period text not null,
  agency_id text not null,
  value double precision,
  numerator double precision,
  denominator double precision,
  status text not null check (status in ('draft', 'submitted', 'approved', 'returned')),
  comment text,
  provenance jsonb not null,
  example boolean not null default false,
  demo boolean not null default false,
  updated_at timestamptz not null,
  unique (indicator_code, period, agency_id)
);
create index observations_agency on metrics.observations (agency_id, period);
create index observations_period on metrics.observations (period, indicator_code);

-- Files that back an observation (kept in platform.files, checked by content on upload).
create table metrics.evidence (
  id uuid primary key,
  observation_id uuid not null references metrics.observations (id),
  file_id uuid not null references platform.files (id),
  filename text not null,
  media_type text not null,
  size_bytes integer not null,
  description text,
  uploaded_at timestamptz not null,
  uploaded_by text
);
create index evidence_observation on metrics.evidence (observation_id);

-- Each recompute of a source: when, for which periods, what it wrote, and the query it ran last.
create table metrics.source_runs (
  id bigint generated always as identity primary key,
  source text not null,
  at timestamptz not null,
  periods jsonb not null,
  written integer not null,
  unchanged integer not null,
  error text,
  query text
);
create index source_runs_source on metrics.source_runs (source, id);
`,
};
