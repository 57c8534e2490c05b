import type { Migration } from '../../../platform/db/migrator.ts';

export const units: Migration = {
  name: '0001_units',
  sql: `
create schema if not exists org;

-- Agencies and administrative units as one effective-dated tree. Validity is [valid_from, valid_to).
create table org.units (
  id text primary key,
  kind text not null check (kind in ('city', 'department', 'agency', 'district', 'ward', 'commune')),
  name_vi text not null,
  name_en text not null,
  short_name_vi text,
  parent_id text references org.units (id),
  valid_from date not null,
  valid_to date,
  codes jsonb not null default '{}'::jsonb,
  area_km2 numeric,
  contact jsonb not null default '{}'::jsonb,
  note_vi text,
  note_en text,
  check (valid_to is null or valid_to > valid_from)
);
create index units_parent on org.units (parent_id);
create index units_validity on org.units (valid_from, valid_to);

-- Where a unit's responsibilities went when it ended (mergers, the 2025 district abolition).
create table org.successions (
  predecessor_id text not null references org.units (id),
  successor_id text not null references org.units (id),
  effective_on date not null,
  kind text not null check (kind in ('merger', 'transfer', 'split', 'reorganisation', 'rename')),
  share_pct numeric,
  basis text,
  note_vi text,
  note_en text,
  primary key (predecessor_id, successor_id)
);
create index successions_successor on org.successions (successor_id);

create table org.boundaries (
  unit_id text primary key references org.units (id),
  geometry jsonb not null,
  source text not null
);

create table org.officials (
  id text primary key,
  full_name text not null,
  email text,
  phone text,
  title_vi text,
  title_en text,
  demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table org.memberships (
  official_id text not null references org.officials (id),
  unit_id text not null references org.units (id),
  role text not null,
  granted_at timestamptz not null default now(),
  primary key (official_id, unit_id, role)
);
create index memberships_unit on org.memberships (unit_id);

-- Hash of the reference files last loaded, so an unchanged register is not reloaded at each start.
create table org.reference_version (
  id boolean primary key default true check (id),
  content_hash text not null,
  loaded_at timestamptz not null default now()
);
`,
};
