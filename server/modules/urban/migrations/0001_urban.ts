import type { Migration } from '../../../platform/db/migrator.ts';

/**
 * The urban module's tables (docs/smart-urban.md, "Storage"): devices, the NGSI-LD entities with
 * their latest state, every observed value by month, and the readings that could not be stored.
 */
export const urbanMigration: Migration = {
  name: '0001_urban',
  sql: `
create schema if not exists urban;

-- Devices: each publishes the attributes of one NGSI-LD entity over MQTT.
create table urban.devices (
  id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$'),
  domain text not null check (domain in ('transport', 'urban', 'water', 'electricity', 'environment',
    'health', 'education', 'food-safety', 'employment', 'social-security')),
  entity_id text not null unique,
  entity_type text not null,
  owner_agency_id text not null,
  unit_id text not null,
  lon double precision check (lon between -180 and 180),
  lat double precision check (lat between -90 and 90),
  installed_on date,
  status text not null check (status in ('active', 'maintenance', 'retired')),
  secret_hash text not null,
  simulated boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index devices_unit on urban.devices (unit_id);

-- NGSI-LD entities with their latest state. Type and attribute names are stored expanded (IRIs);
-- attrs holds the normalized attributes except location, which is kept apart for geo-queries
-- (lon/lat: the point itself, or a representative point of a line or polygon).
create table urban.entities (
  id text primary key,
  type text not null,
  attrs jsonb not null default '{}',
  location jsonb,
  lon double precision,
  lat double precision,
  simulated boolean not null default false,
  created_at timestamptz not null,
  modified_at timestamptz not null
);
create index entities_type on urban.entities (type);
create index entities_point on urban.entities (lat, lon);

-- Every observed value of every attribute (the temporal store), partitioned by month; a reading is
-- stored once per entity, attribute and observation time. The default partition keeps what falls
-- outside the monthly partitions created ahead, so nothing is refused for its date.
create table urban.readings (
  entity_id text not null,
  attr text not null,
  observed_at timestamptz not null,
  num double precision,
  value jsonb,
  received_at timestamptz not null,
  primary key (entity_id, attr, observed_at)
) partition by range (observed_at);
create table urban.readings_default partition of urban.readings default;

-- Messages that could not be stored, with the reason (malformed JSON, unknown attribute shape, …).
create table urban.dead_letters (
  id bigint generated always as identity primary key,
  topic text not null,
  device_id text,
  payload text not null,
  reason text not null,
  received_at timestamptz not null
);
create index dead_letters_received on urban.dead_letters (received_at desc);
`,
};
