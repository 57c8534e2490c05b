import type { Migration } from '../../../platform/db/migrator.ts';

/**
 * The procedure catalogue and its versioned forms. A published form version is frozen (a trigger
 * refuses to change or delete it): a dossier records the version it used and can always read it
 * back. At most one draft per procedure; editing after publication opens a new draft version.
 */
const catalogue: Migration = {
  name: 'procedures_0001_catalogue',
  sql: `
create schema if not exists services;

create table services.procedures (
  code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name_vi text not null,
  name_en text not null,
  agency_level text not null check (agency_level in ('city', 'department', 'commune')),
  agency_ids jsonb not null,
  field_vi text not null,
  field_en text not null,
  legal_basis jsonb not null,
  processing_days integer not null check (processing_days >= 0),
  fee_vnd bigint not null check (fee_vnd >= 0),
  online_level text not null check (online_level in ('full', 'partial')),
  required_documents jsonb not null,
  result_type jsonb not null,
  minimum_acr text not null,
  notes_vi text,
  notes_en text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  updated_by text
);

create table services.procedure_forms (
  procedure_code text not null references services.procedures (code),
  version integer not null check (version >= 1),
  status text not null check (status in ('draft', 'published')),
  definition jsonb not null,
  created_at timestamptz not null,
  created_by text,
  updated_at timestamptz not null,
  published_at timestamptz,
  published_by text,
  primary key (procedure_code, version)
);

create unique index procedure_forms_one_draft on services.procedure_forms (procedure_code) where status = 'draft';

create function services.procedure_forms_frozen() returns trigger language plpgsql as $$
begin
  if old.status = 'published' then
    raise exception 'published form % version % is frozen', old.procedure_code, old.version
      using errcode = 'check_violation';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;

create trigger procedure_forms_frozen before update or delete on services.procedure_forms
  for each row execute function services.procedure_forms_frozen();
`,
};

export const proceduresMigrations: Migration[] = [catalogue];
