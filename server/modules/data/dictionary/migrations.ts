import type { Migration } from '../../../platform/db/migrator.ts';

/** The data-item dictionary: code lists, items by version, and the guard that keeps approved versions as they were. */
const items: Migration = {
  name: 'dictionary_0001_items',
  sql: `
create schema if not exists data;

create table data.code_lists (
  code text primary key check (code ~ '^[a-z][a-zA-Z0-9]*$'),
  name_vi text not null,
  name_en text not null,
  description_vi text,
  description_en text,
  -- Where the list comes from (a decision, a standard, or "numbered by this platform").
  source_vi text not null,
  source_en text not null,
  -- Dynamic lists take their values from elsewhere (adminUnit: the org register on a date).
  dynamic boolean not null default false
);

create table data.code_list_values (
  list_code text not null references data.code_lists (code),
  value text not null,
  label_vi text not null,
  label_en text not null,
  note_vi text,
  note_en text,
  position integer not null,
  primary key (list_code, value)
);

create table data.dictionary_items (
  code text not null check (code ~ '^[a-z][a-zA-Z]*(\\.[a-z][a-zA-Z0-9]*)+$'),
  version integer not null check (version >= 1),
  status text not null check (status in ('draft', 'submitted', 'approved', 'deprecated')),
  name_vi text not null,
  name_en text not null,
  description_vi text,
  description_en text,
  type text not null check (type in ('string', 'integer', 'number', 'boolean', 'date', 'datetime', 'code', 'address', 'geometry', 'file')),
  constraints jsonb not null default '{}'::jsonb,
  code_list text references data.code_lists (code),
  sensitivity text not null check (sensitivity in ('public', 'internal', 'personal', 'sensitive_personal')),
  verification_class text not null check (verification_class in ('government_verified', 'self_declared')),
  source text,
  agency_id text not null,
  created_by text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  submitted_by text,
  submitted_by_account text,
  submitted_at timestamptz,
  approved_by text,
  approved_at timestamptz,
  approval_note text,
  rejected_by text,
  rejected_at timestamptz,
  rejection_reason text,
  deprecated_by text,
  deprecated_at timestamptz,
  deprecation_reason text,
  replaced_by text,
  primary key (code, version),
  check ((type = 'code') = (code_list is not null))
);
-- At most one open (draft or submitted) version per item.
create unique index dictionary_items_one_open on data.dictionary_items (code)
  where status in ('draft', 'submitted');
create index dictionary_items_status on data.dictionary_items (status);

-- An approved version never changes: only its deprecation may be recorded, once.
create function data.dictionary_item_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status in ('approved', 'deprecated') then
      raise exception 'data.dictionary_items: % version % is approved and cannot be deleted', old.code, old.version
        using errcode = '42501';
    end if;
    return old;
  end if;
  if old.status in ('approved', 'deprecated') then
    if (new.code, new.version, new.name_vi, new.name_en, new.description_vi, new.description_en, new.type,
        new.constraints, new.code_list, new.sensitivity, new.verification_class, new.source, new.agency_id,
        new.created_by, new.created_at, new.submitted_by, new.submitted_at, new.approved_by, new.approved_at,
        new.approval_note)
       is distinct from
       (old.code, old.version, old.name_vi, old.name_en, old.description_vi, old.description_en, old.type,
        old.constraints, old.code_list, old.sensitivity, old.verification_class, old.source, old.agency_id,
        old.created_by, old.created_at, old.submitted_by, old.submitted_at, old.approved_by, old.approved_at,
        old.approval_note)
       or old.status = 'deprecated'
       or new.status not in ('approved', 'deprecated') then
      raise exception 'data.dictionary_items: % version % is approved and immutable; make a new version', old.code, old.version
        using errcode = '42501';
    end if;
  end if;
  return new;
end $$;
create trigger dictionary_items_guard before update or delete on data.dictionary_items
  for each row execute function data.dictionary_item_guard();

-- Hash of the reference seed last loaded (code lists and the standard items), so an unchanged seed is skipped.
create table data.dictionary_reference (
  id boolean primary key default true check (id),
  content_hash text not null,
  loaded_at timestamptz not null
);
`,
};

export const dictionaryMigrations: Migration[] = [items];
