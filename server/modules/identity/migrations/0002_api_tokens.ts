import type { Migration } from '../../../platform/db/migrator.ts';

export const apiTokensTable: Migration = {
  name: '0002_api_tokens',
  sql: `
-- Personal API tokens of officials (CKAN clients, scripts): the official's own delegation of their
-- roles. Only the SHA-256 of a token is kept; the token itself is shown once, at creation.
create table identity.api_tokens (
  id uuid primary key,
  account_id text not null references identity.accounts (id),
  name text not null,
  token_hash text not null unique,
  hint text not null,
  acr text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_account on identity.api_tokens (account_id, created_at);
`,
};
