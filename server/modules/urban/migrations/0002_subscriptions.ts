import type { Migration } from '../../../platform/db/migrator.ts';

/**
 * NGSI-LD subscriptions (docs/smart-urban.md, "Subscriptions"): what to watch and where to notify,
 * kept as the normalized subscription with expanded names, beside the status counters that the
 * notifier updates after each delivery.
 */
export const subscriptionsMigration: Migration = {
  name: '0002_subscriptions',
  sql: `
create table urban.subscriptions (
  id text primary key,
  -- The subscription as accepted (entities, watchedAttributes, q, notification, …), names expanded.
  spec jsonb not null,
  is_active boolean not null default true,
  expires_at timestamptz,
  throttling integer not null default 0 check (throttling >= 0),
  times_sent bigint not null default 0,
  times_failed bigint not null default 0,
  last_notification timestamptz,
  last_success timestamptz,
  last_failure timestamptz,
  last_failure_reason text,
  created_by text,
  created_at timestamptz not null,
  modified_at timestamptz not null
);
create index subscriptions_active on urban.subscriptions (is_active);
`,
};
