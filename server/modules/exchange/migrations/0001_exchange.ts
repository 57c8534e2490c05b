import type { Migration } from '../../../platform/db/migrator.ts';

export const exchangeMigration: Migration = {
  name: '0001_exchange',
  sql: `
create schema if not exists exchange;

-- Members of the exchange: agencies that consume or provide data, each with its signing key.
-- Keys the platform generates (embedded mode) keep the private half sealed (AES-256-GCM);
-- external members register only their public key.
create table exchange.agencies (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name_vi text not null,
  name_en text not null,
  external boolean not null default false,
  key_id text not null unique,
  public_jwk jsonb not null,
  private_jwk_sealed text,
  created_at timestamptz not null
);

-- The registry of data services: HN/GOV/<agency>/<subsystem>/<service>.
create table exchange.services (
  id text primary key check (id ~ '^HN/GOV/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+$'),
  provider_agency_id text not null references exchange.agencies (id),
  name_vi text not null,
  name_en text not null,
  items jsonb not null,
  verification text not null check (verification in ('government-verified', 'self-declared')),
  personal_data boolean not null,
  kind text not null check (kind in ('built-in', 'external')),
  url text,
  simulated boolean not null default false,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((kind = 'external') = (url is not null))
);

-- Access grants: a consumer agency may call a service for a purpose under a legal basis.
create table exchange.grants (
  id text primary key,
  consumer_agency_id text not null,
  service_id text not null references exchange.services (id),
  purpose_vi text not null,
  purpose_en text not null,
  legal_basis text not null,
  granted_at timestamptz not null,
  revoked_at timestamptz
);
create unique index grants_active on exchange.grants (consumer_agency_id, service_id) where revoked_at is null;

-- Consent receipts: a citizen lets a consumer agency read items for a purpose, for a time.
create table exchange.consent_receipts (
  id text primary key,
  account_id text not null,
  subject_hash text not null,
  consumer_agency_id text not null,
  purpose_code text not null,
  purpose_vi text not null,
  purpose_en text not null,
  items jsonb not null,
  retention_days integer not null check (retention_days between 1 and 3650),
  given_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index consent_receipts_subject on exchange.consent_receipts (subject_hash, given_at desc);

-- The message log: append-only (triggers refuse UPDATE, DELETE, TRUNCATE) and hash-chained like
-- platform.audit_log. The citizen's personal id is kept only as a keyed hash; the signed request
-- and response (which carry it, and the values) are stored sealed.
create table exchange.messages (
  seq bigint primary key,
  at timestamptz not null,
  message_id text not null unique,
  consumer_agency_id text not null,
  provider_agency_id text,
  service_id text,
  actor_kind text not null,
  actor_id text,
  subject_hash text not null,
  items jsonb not null,
  purpose_code text not null,
  receipt_id text,
  outcome text not null check (outcome in ('delivered', 'refused')),
  reason text,
  request_jws_sealed text,
  response_jws_sealed text,
  request_digest text,
  response_digest text,
  prev_hash text not null,
  hash text not null unique
);
create index messages_subject on exchange.messages (subject_hash, seq desc);

create function exchange.refuse_message_change() returns trigger language plpgsql as $$
begin
  raise exception 'exchange.messages is append-only' using errcode = '42501';
end $$;
create trigger messages_append_only before update or delete on exchange.messages
  for each row execute function exchange.refuse_message_change();
create trigger messages_no_truncate before truncate on exchange.messages
  for each statement execute function exchange.refuse_message_change();
`,
};
