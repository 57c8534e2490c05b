import type { Migration } from '../../../platform/db/migrator.ts';

/** The catalogue of databases and information systems: entries and their versions (proposals). */
const catalogue: Migration = {
  name: 'catalogue_0001_entries',
  sql: `
create schema if not exists data;

create table data.catalogue_entries (
  id text primary key,
  demo boolean not null default false,
  -- The approved version in force; null until the first proposal is approved.
  current_version integer,
  created_at timestamptz not null
);

-- Every proposal is a version: proposed, then approved or rejected. Decided versions never change.
create table data.catalogue_versions (
  entry_id text not null references data.catalogue_entries (id),
  version integer not null check (version >= 1),
  state text not null check (state in ('proposed', 'approved', 'rejected')),
  name_vi text not null,
  name_en text not null,
  owner_agency_id text not null,
  legal_basis text,
  description_vi text not null,
  description_en text,
  data_items jsonb not null default '[]'::jsonb,
  record_count bigint check (record_count >= 0),
  update_frequency text not null
    check (update_frequency in ('realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular')),
  sharing_level text not null check (sharing_level in ('open', 'shared', 'restricted')),
  national_connections jsonb not null default '[]'::jsonb,
  security_level integer check (security_level between 1 and 5),
  security_state text check (security_state in ('proposed', 'appraised', 'approved')),
  security_authority text,
  security_decision text,
  hosting text check (hosting in ('city_data_centre', 'agency', 'cloud', 'national')),
  contact jsonb,
  proposed_by text not null,
  proposed_by_account text,
  proposed_at timestamptz not null,
  reason text not null,
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  primary key (entry_id, version),
  check ((security_level is null) = (security_state is null))
);
create unique index catalogue_versions_one_open on data.catalogue_versions (entry_id) where state = 'proposed';
create index catalogue_versions_owner on data.catalogue_versions (owner_agency_id);

create function data.catalogue_version_guard() returns trigger language plpgsql as $$
begin
  if old.state <> 'proposed' then
    raise exception 'data.catalogue_versions: version % of % is decided and cannot change', old.version, old.entry_id
      using errcode = '42501';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;
create trigger catalogue_versions_guard before update or delete on data.catalogue_versions
  for each row execute function data.catalogue_version_guard();
`,
};

export const catalogueMigrations: Migration[] = [catalogue];
