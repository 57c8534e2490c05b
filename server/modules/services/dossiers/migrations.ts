import type { Migration } from '../../../platform/db/migrator.ts';

/** Dossiers' tables in schema `services` (names prefixed `dossier`). */
export const dossierMigrations: Migration[] = [
  {
    name: 'dossiers_0001_dossiers',
    sql: `
create schema if not exists services;

-- Server-side drafts: they follow the citizen across devices. delivered holds what the exchange
-- returned for this draft (per field key), so a submission can be checked against it.
create table services.dossier_drafts (
  id uuid primary key,
  account_id text not null,
  personal_id text not null,
  procedure_code text not null,
  form_version integer not null,
  agency_id text not null,
  consent text not null default 'pending' check (consent in ('pending', 'accepted', 'declined')),
  receipt_id text,
  answers jsonb not null default '{}'::jsonb,
  delivered jsonb not null default '{}'::jsonb,
  fetched_at timestamptz,
  attachments jsonb not null default '[]'::jsonb,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  purged_at timestamptz,
  submitted_dossier_id uuid
);
create index dossier_drafts_owner on services.dossier_drafts (personal_id, procedure_code);
create index dossier_drafts_updated on services.dossier_drafts (updated_at) where submitted_dossier_id is null;

-- One sequence per agency and day for dossier codes.
create table services.dossier_sequences (
  agency_id text not null,
  day date not null,
  last integer not null,
  primary key (agency_id, day)
);

create table services.dossiers (
  id uuid primary key,
  code text not null unique,
  procedure_code text not null,
  procedure_name_vi text not null,
  procedure_name_en text not null,
  form_version integer not null,
  agency_id text not null,
  account_id text,
  personal_id text not null,
  id_last4 text not null,
  applicant_name text not null,
  -- where notices go by e-mail (from the population registry at submission)
  contact_email text,
  channel text not null check (channel in ('online', 'counter')),
  online_level text not null,
  state text not null,
  -- the state a supplement or suspension returns to
  resume_state text,
  answers jsonb not null,
  provenance jsonb not null,
  processing_days integer not null,
  fee_vnd integer not null default 0,
  paid_at timestamptz,
  payment_intent_id text,
  submitted_at timestamptz not null,
  received_at timestamptz,
  due_date date,
  pauses jsonb not null default '[]'::jsonb,
  extension_days integer not null default 0,
  suspensions integer not null default 0,
  assigned_official_id text,
  step text,
  target_agency_id text,
  decided_at timestamptz,
  result_id text,
  closed_at timestamptz,
  appointment_date date,
  apology_for_due date,
  rating integer check (rating between 1 and 5),
  rating_comment text,
  rated_at timestamptz,
  draft_id uuid unique,
  demo boolean not null default false,
  version integer not null default 1,
  updated_at timestamptz not null
);
create index dossiers_owner on services.dossiers (personal_id, submitted_at desc);
create index dossiers_queue on services.dossiers (agency_id, state, due_date);
create index dossiers_submitted on services.dossiers (submitted_at);

create table services.dossier_attachments (
  id uuid primary key,
  dossier_id uuid not null references services.dossiers (id),
  key text not null,
  file_id uuid not null,
  filename text not null,
  media_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  phase text not null check (phase in ('submission', 'supplement')),
  added_at timestamptz not null
);
create index dossier_attachments_dossier on services.dossier_attachments (dossier_id);

-- Every transition, append-only.
create table services.dossier_events (
  seq bigint generated always as identity primary key,
  dossier_id uuid not null references services.dossiers (id),
  at timestamptz not null,
  kind text not null,
  from_state text,
  to_state text not null,
  actor_kind text not null,
  actor_id text,
  actor_label text,
  reason text,
  details jsonb not null default '{}'::jsonb
);
create index dossier_events_dossier on services.dossier_events (dossier_id, seq);

create function services.refuse_dossier_event_change() returns trigger language plpgsql as $$
begin
  raise exception 'services.dossier_events is append-only' using errcode = '42501';
end $$;
create trigger dossier_events_append_only before update or delete on services.dossier_events
  for each row execute function services.refuse_dossier_event_change();
create trigger dossier_events_no_truncate before truncate on services.dossier_events
  for each statement execute function services.refuse_dossier_event_change();
`,
  },
  {
    // Forward only: the phone the applicant typed (the field bound to person.phone), for SMS notices.
    name: 'dossiers_0002_contact_phone',
    sql: `alter table services.dossiers add column contact_phone text;`,
  },
];
