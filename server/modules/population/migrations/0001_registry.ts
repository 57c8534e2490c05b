import type { Migration } from '../../../platform/db/migrator.ts';

export const registry: Migration = {
  name: '0001_registry',
  sql: `
create schema if not exists population;

-- The simulated national population database: synthetic households and residents only.
-- Ward ids refer to org units; the name is copied so the registry reads on its own.
create table population.households (
  id text primary key,
  seq integer not null unique,
  ward_id text not null,
  ward_name_vi text not null,
  address text not null,
  residence text not null check (residence in ('permanent', 'temporary')),
  head_personal_id text not null,
  synthetic boolean not null default true check (synthetic)
);
create index households_ward on population.households (ward_id);

-- One row per resident, with the fields of the Law on Identification 2023, Art. 9 that apply.
create table population.residents (
  personal_id text primary key check (personal_id ~ '^[0-9]{12}$'),
  household_id text not null references population.households (id),
  member_index smallint not null,
  full_name text not null,
  full_name_folded text not null,
  other_name text,
  date_of_birth date not null,
  sex text not null check (sex in ('male', 'female')),
  place_of_birth text not null,
  place_of_birth_registration text not null,
  home_town text not null,
  ethnicity text not null,
  religion text not null,
  nationality text not null,
  blood_type text check (blood_type in ('A', 'B', 'AB', 'O')),
  old_id_number text unique check (old_id_number ~ '^[0-9]{9}$'),
  id_card_issue_date date,
  id_card_issue_place text,
  id_card_expiry_date date,
  father_name text,
  father_personal_id text,
  mother_name text,
  mother_personal_id text,
  spouse_name text,
  spouse_personal_id text,
  permanent_residence text,
  temporary_residence text,
  current_residence text not null,
  marital_status text not null check (marital_status in ('single', 'married', 'divorced', 'widowed')),
  relation_to_head text not null,
  ward_id text not null,
  mobile_number text,
  email text,
  vneid_level smallint not null check (vneid_level in (0, 1, 2)),
  synthetic boolean not null default true check (synthetic),
  unique (household_id, member_index)
);
create index residents_household on population.residents (household_id);
create index residents_ward on population.residents (ward_id);
-- Name search: folded (accent-free, lower-case) names, prefix-searchable whatever the collation.
create index residents_name_folded on population.residents (full_name_folded text_pattern_ops);
create index residents_father on population.residents (father_personal_id);
create index residents_mother on population.residents (mother_personal_id);
`,
};
