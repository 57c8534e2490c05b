import type { Migration } from '../../../platform/db/migrator.ts';

export const dtiTables: Migration = {
  name: '0001_dti',
  sql: `
create schema if not exists dti;

-- A framework version: the whole tree (groups → main indices → sub-indices) as one JSON document,
-- so a cycle keeps scoring against the exact version it was opened with. Edits add a version.
create table dti.frameworks (
  id uuid primary key,
  code text not null,
  year integer not null,
  unit_set text not null check (unit_set in ('departments', 'communes', 'provinces')),
  version integer not null,
  title_vi text not null,
  title_en text not null,
  tree jsonb not null,
  weights_are_placeholders boolean not null,
  reference boolean not null default false,
  based_on_id uuid references dti.frameworks (id),
  note_vi text,
  note_en text,
  created_at timestamptz not null,
  created_by text,
  unique (code, year, version)
);

create table dti.cycles (
  id uuid primary key,
  framework_id uuid not null references dti.frameworks (id),
  framework_code text not null,
  year integer not null,
  status text not null check (status in ('open', 'finalised', 'published')),
  opened_at timestamptz not null,
  finalised_at timestamptz,
  published_at timestamptz,
  unique (framework_code, year)
);

create table dti.cycle_units (
  cycle_id uuid not null references dti.cycles (id),
  unit_id text not null,
  unit_kind text not null,
  peer_group text not null,
  -- Tags the framework's appliesTo reads, e.g. digital_economy_duty.
  tags jsonb not null default '[]'::jsonb,
  status text not null check (status in ('draft', 'submitted')),
  submitted_at timestamptz,
  primary key (cycle_id, unit_id)
);

-- One sub-index of one unit: the unit's claim, the appraiser's decision and, for measured
-- sub-indices, where the value came from.
create table dti.entries (
  cycle_id uuid not null,
  unit_id text not null,
  sub_index_code text not null,
  value double precision,
  evidence jsonb not null default '[]'::jsonb,
  status text not null check (status in ('draft', 'submitted', 'accepted', 'adjusted', 'clarification')),
  appraised_value double precision,
  reason text,
  provenance jsonb,
  updated_at timestamptz not null,
  updated_by text,
  primary key (cycle_id, unit_id, sub_index_code),
  foreign key (cycle_id, unit_id) references dti.cycle_units (cycle_id, unit_id)
);
`,
};
