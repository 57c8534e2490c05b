import type { Migration } from '../../../platform/db/migrator.ts';

/** The portal's tables in schema `data` (names prefixed `portal_`, migrations `portal_…`). */
export const portalMigrations: Migration[] = [
  {
    name: 'portal_0001_datasets',
    sql: `
create schema if not exists data;

-- Datasets with their DCAT-AP metadata. organization_id is an org unit (a CKAN organization).
create table data.portal_datasets (
  id uuid primary key,
  name text not null unique,
  title_vi text not null,
  title_en text,
  description_vi text not null,
  description_en text,
  organization_id text not null,
  contact_name text,
  contact_email text,
  keywords jsonb not null default '[]',
  themes jsonb not null default '[]',
  license_id text not null,
  temporal_start date,
  temporal_end date,
  spatial_unit_ids jsonb not null default '[]',
  frequency text not null default 'UNKNOWN',
  issued timestamptz,
  -- when the data last changed (a resource added, replaced or refreshed)
  modified timestamptz not null,
  private boolean not null default false,
  demo boolean not null default false,
  state text not null default 'active' check (state in ('active', 'deleted')),
  version integer not null default 1,
  -- folded text (no diacritics, lower case) of names, titles, descriptions, keywords, publisher
  search_text text not null,
  search_vector tsvector not null,
  -- who keeps it: null for publishers, 'seed:<what>' for datasets the platform keeps current
  managed_by text,
  created_at timestamptz not null,
  created_by text,
  metadata_modified timestamptz not null
);
create index portal_datasets_org on data.portal_datasets (organization_id) where state = 'active';
create index portal_datasets_modified on data.portal_datasets (metadata_modified desc);
create index portal_datasets_search on data.portal_datasets using gin (search_vector);

-- Keywords, themes and formats as rows, for filters and facets.
create table data.portal_dataset_tags (
  dataset_id uuid not null references data.portal_datasets (id) on delete cascade,
  tag text not null,
  primary key (dataset_id, tag)
);
create index portal_dataset_tags_tag on data.portal_dataset_tags (tag);
create table data.portal_dataset_groups (
  dataset_id uuid not null references data.portal_datasets (id) on delete cascade,
  group_code text not null,
  primary key (dataset_id, group_code)
);
create index portal_dataset_groups_group on data.portal_dataset_groups (group_code);

create table data.portal_resources (
  id uuid primary key,
  dataset_id uuid not null references data.portal_datasets (id),
  position integer not null,
  name text not null,
  description text,
  format text not null,
  kind text not null check (kind in ('upload', 'link')),
  -- the link of a linked resource; the stored file of an upload (platform.chunked_files)
  source_url text,
  file_id uuid,
  media_type text,
  size_bytes bigint,
  sha256 text,
  license_id text,
  table_schema jsonb,
  schema_source text check (schema_source in ('publisher', 'inferred')),
  validation jsonb,
  datastore_active boolean not null default false,
  rows bigint,
  refresh text not null default 'none' check (refresh in ('none', 'daily', 'weekly', 'monthly')),
  last_check jsonb,
  state text not null default 'active' check (state in ('active', 'deleted')),
  created_at timestamptz not null,
  modified_at timestamptz not null
);
create index portal_resources_dataset on data.portal_resources (dataset_id, position) where state = 'active';
create index portal_resources_format on data.portal_resources (format) where state = 'active';

-- Every earlier state of a dataset (metadata and resources), one row per version replaced.
create table data.portal_versions (
  dataset_id uuid not null references data.portal_datasets (id),
  version integer not null,
  snapshot jsonb not null,
  action text not null,
  changed_at timestamptz not null,
  changed_by text,
  primary key (dataset_id, version)
);

-- Downloads and API calls per dataset and day (added to, never rewritten).
create table data.portal_counters (
  dataset_id uuid not null references data.portal_datasets (id),
  day date not null,
  downloads bigint not null default 0,
  api_calls bigint not null default 0,
  primary key (dataset_id, day)
);
`,
  },
];
