import type { Migration } from '../../../platform/db/migrator.ts';

/** Results' tables in schema `services` (names prefixed `result`). */
export const resultMigrations: Migration[] = [
  {
    name: 'results_0001_results',
    sql: `
create schema if not exists services;

-- Signing certificates: the demo CA's root and one per agency (private keys sealed at rest).
create table services.result_signing_keys (
  holder text primary key,
  kind text not null check (kind in ('root', 'agency')),
  certificate_pem text not null,
  private_key_sealed text not null,
  created_at timestamptz not null
);

-- Issued results: the signed PDF is in platform.files; sha256 is of those exact bytes.
create table services.results (
  id uuid primary key,
  dossier_id text not null,
  dossier_code text not null,
  procedure_code text not null,
  agency_id text not null,
  agency_name_vi text not null,
  agency_name_en text not null,
  personal_id text not null,
  subject_name text not null,
  title_vi text not null,
  title_en text not null,
  fields jsonb not null,
  items jsonb not null default '{}'::jsonb,
  issued_at timestamptz not null,
  file_id uuid not null references platform.files (id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  certificate_pem text not null,
  demo_ca boolean not null,
  status text not null default 'valid' check (status in ('valid', 'revoked')),
  revoked_at timestamptz,
  revoked_reason text,
  revoked_by text,
  created_at timestamptz not null,
  check ((status = 'revoked') = (revoked_at is not null and revoked_reason is not null))
);
-- One valid result per dossier: a retried issue returns the existing one.
create unique index results_dossier_valid on services.results (dossier_id) where status = 'valid';
create index results_personal on services.results (personal_id, issued_at desc);
`,
  },
];
