import type { Migration } from '../../platform/db/migrator.ts';

export const privacyMigrations: Migration[] = [
  {
    name: '0001_deletion_requests',
    sql: `
create schema if not exists privacy;

-- A citizen's requests to delete their data (docs/personal-data.md): what was deleted at once and
-- what is kept, with the legal reason, as answered. Kept as the record that the request was handled.
create table privacy.deletion_requests (
  id uuid primary key,
  account_id text not null,
  requested_at timestamptz not null,
  deleted jsonb not null,
  kept jsonb not null
);
create index deletion_requests_account on privacy.deletion_requests (account_id, requested_at desc);
`,
  },
];
