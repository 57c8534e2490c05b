import type { Migration } from '../../../platform/db/migrator.ts';

export const identityTables: Migration = {
  name: '0001_identity',
  sql: `
create schema if not exists identity;

-- Login accounts. org owns the official as a person (org.officials); identity owns how they sign in.
-- Citizens are keyed by their personal identification number and created on first sign-in.
create table identity.accounts (
  id text primary key,
  kind text not null check (kind in ('citizen', 'official')),
  personal_id text unique,
  official_id text unique,
  username text unique,
  password_hash text,
  totp_secret_sealed text,
  totp_last_step bigint,
  full_name text,
  birthdate date,
  gender text,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  check (
    (kind = 'citizen' and personal_id is not null and official_id is null and username is null)
    or (kind = 'official' and official_id is not null and username is not null and personal_id is null)
  )
);

-- Every artefact of the OpenID providers (sessions, grants, codes, tokens, interactions), one row
-- each. realm separates the city's provider from the embedded VNeID simulator.
create table identity.oidc_models (
  realm text not null,
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  user_code text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (realm, model, id)
);
create index oidc_models_grant on identity.oidc_models (realm, grant_id) where grant_id is not null;
create index oidc_models_uid on identity.oidc_models (realm, model, uid) where uid is not null;
create index oidc_models_user_code on identity.oidc_models (realm, model, user_code) where user_code is not null;
create index oidc_models_expiry on identity.oidc_models (expires_at) where expires_at is not null;

-- Relying parties registered with the city's provider (by the city administrator, or built in).
-- The secret is sealed (AES-256-GCM), never stored in clear.
create table identity.clients (
  client_id text primary key,
  name text not null,
  metadata jsonb not null,
  secret_sealed text,
  built_in boolean not null default false,
  created_at timestamptz not null default now(),
  created_by text
);

-- The portal's own server-side sessions (backend-for-frontend). id is the SHA-256 of the cookie.
create table identity.web_sessions (
  id text primary key,
  account_id text not null references identity.accounts (id),
  sid text,
  acr text not null,
  id_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index web_sessions_sid on identity.web_sessions (sid);
create index web_sessions_account on identity.web_sessions (account_id);

-- Sign-ins the portal started and has not finished (state, PKCE verifier, nonce, where to return).
create table identity.web_logins (
  state text primary key,
  code_verifier text not null,
  nonce text not null,
  return_to text not null,
  acr text,
  expires_at timestamptz not null
);

-- Sign-ins the city's provider started at the upstream VNeID (or its simulator) for an interaction.
create table identity.upstream_logins (
  state text primary key,
  interaction_uid text not null,
  code_verifier text not null,
  nonce text not null,
  required_level int not null,
  expires_at timestamptz not null
);

-- One row per completed authentication, for the plan's KPIs (unified sign-on of citizens and officials).
create table identity.sign_ins (
  id bigint generated always as identity primary key,
  account_id text not null references identity.accounts (id),
  kind text not null check (kind in ('citizen', 'official')),
  acr text not null,
  client_id text,
  at timestamptz not null default now()
);
create index sign_ins_at on identity.sign_ins (at);
create index sign_ins_account on identity.sign_ins (account_id, at);

-- Throttling of official sign-in: failures per key ('user:<name>' or 'ip:<address>') and locks.
create table identity.login_failures (
  key text not null,
  at timestamptz not null
);
create index login_failures_key on identity.login_failures (key, at);
create table identity.login_locks (
  key text primary key,
  locked_until timestamptz not null
);
`,
};
