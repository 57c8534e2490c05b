import type { Migration } from '../../../platform/db/migrator.ts';

/**
 * The registry pilots (docs/pilots.md): schools and their catchments, food establishments with
 * inspections and certificates, job vacancies, benefit payment schedules with aggregate counts, and
 * commune health stations with their load reports. `unit_id` is the ward or commune (org) a row is
 * in; `agency_id` the agency answerable for it. `demo` marks simulated rows. No table holds a person.
 */
export const pilotsMigration: Migration = {
  name: '0001_pilots',
  sql: `
create schema if not exists pilots;

create table pilots.schools (
  id text primary key,
  name text not null,
  level text not null check (level in ('preschool', 'primary', 'lower_secondary')),
  address text not null,
  unit_id text not null,
  agency_id text not null,
  phone text,
  search text not null,
  demo boolean not null default false,
  created_at timestamptz not null,
  modified_at timestamptz not null
);
create index schools_unit on pilots.schools (unit_id);

-- A school covers a whole ward or commune (street null) or one street of it.
create table pilots.catchments (
  id uuid primary key,
  school_id text not null references pilots.schools (id),
  unit_id text not null,
  street text,
  street_folded text,
  demo boolean not null default false,
  created_at timestamptz not null
);
create unique index catchments_unique on pilots.catchments (school_id, unit_id, (coalesce(street_folded, '')));
create index catchments_unit on pilots.catchments (unit_id);

create table pilots.establishments (
  id text primary key,
  name text not null,
  kind text not null check (kind in ('restaurant', 'street_food', 'canteen', 'processing', 'retail')),
  address text not null,
  unit_id text not null,
  agency_id text not null,
  search text not null,
  demo boolean not null default false,
  created_at timestamptz not null,
  modified_at timestamptz not null
);
create index establishments_unit on pilots.establishments (unit_id);

-- 'expired' is not stored: a valid certificate past expires_on is expired.
create table pilots.certificates (
  id text primary key,
  establishment_id text not null references pilots.establishments (id),
  issued_on date not null,
  expires_on date not null check (expires_on > issued_on),
  revoked_on date,
  revoke_reason text,
  agency_id text not null,
  demo boolean not null default false,
  created_at timestamptz not null
);
create index certificates_establishment on pilots.certificates (establishment_id, issued_on desc);

create table pilots.inspections (
  id uuid primary key,
  establishment_id text not null references pilots.establishments (id),
  inspected_on date not null,
  result text not null check (result in ('pass', 'remarks', 'fail')),
  note text,
  agency_id text not null,
  demo boolean not null default false,
  created_at timestamptz not null
);
create index inspections_establishment on pilots.inspections (establishment_id, inspected_on desc);

create table pilots.vacancies (
  id uuid primary key,
  title text not null,
  employer text not null,
  skill text not null,
  description text not null,
  unit_id text not null,
  agency_id text not null,
  openings integer not null check (openings between 1 and 10000),
  salary_min integer,
  salary_max integer,
  closes_on date not null,
  withdrawn_at timestamptz,
  search text not null,
  demo boolean not null default false,
  created_at timestamptz not null,
  modified_at timestamptz not null
);
create index vacancies_unit on pilots.vacancies (unit_id, closes_on);

create table pilots.payment_schedules (
  id uuid primary key,
  unit_id text not null,
  agency_id text not null,
  benefit text not null,
  pay_date date not null,
  from_time text not null,
  to_time text not null,
  place text not null,
  note text,
  demo boolean not null default false,
  created_at timestamptz not null
);
create index payment_schedules_unit on pilots.payment_schedules (unit_id, pay_date);

-- Aggregates only: how many beneficiaries per ward, benefit and month. Never a person.
create table pilots.beneficiary_counts (
  unit_id text not null,
  benefit text not null,
  period text not null,
  count integer not null check (count >= 0),
  agency_id text not null,
  demo boolean not null default false,
  modified_at timestamptz not null,
  primary key (unit_id, benefit, period)
);

create table pilots.stations (
  id text primary key,
  name text not null,
  address text not null,
  unit_id text not null,
  agency_id text not null,
  capacity_per_day integer not null check (capacity_per_day between 1 and 100000),
  demo boolean not null default false,
  created_at timestamptz not null
);
create index stations_unit on pilots.stations (unit_id);

create table pilots.station_reports (
  id uuid primary key,
  station_id text not null references pilots.stations (id),
  reported_at timestamptz not null,
  visits_today integer not null check (visits_today >= 0),
  waiting integer not null check (waiting >= 0),
  reported_by text,
  demo boolean not null default false
);
create index station_reports_station on pilots.station_reports (station_id, reported_at desc);
`,
};
