import type { Migration } from '../../../platform/db/migrator.ts';

/**
 * Alert rules, the alerts they raise (CAP 1.2 shape) and the incidents those open
 * (docs/smart-urban.md, "Alerts and incidents"). `alert_states` remembers, per rule and entity,
 * whether the rule holds, so an alert is raised once when it becomes true and again only after it cleared.
 */
export const alertsMigration: Migration = {
  name: '0003_alerts',
  sql: `
create table urban.alert_rules (
  id text primary key,
  name_vi text not null,
  name_en text not null,
  -- Expanded NGSI-LD type the rule watches; unit_id null: every ward and commune.
  entity_type text not null,
  unit_id text,
  -- threshold | rate | silence | all | any, nested (alerts/rules.ts).
  condition jsonb not null,
  category text not null,
  event_vi text not null,
  event_en text not null,
  severity text not null check (severity in ('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown')),
  urgency text not null check (urgency in ('Immediate', 'Expected', 'Future', 'Past', 'Unknown')),
  certainty text not null check (certainty in ('Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown')),
  agency_id text not null,
  response_minutes integer not null check (response_minutes between 1 and 43200),
  is_active boolean not null default true,
  created_by text,
  created_at timestamptz not null,
  modified_at timestamptz not null
);
create index alert_rules_type on urban.alert_rules (entity_type) where is_active;

create table urban.alert_states (
  rule_id text not null references urban.alert_rules (id) on delete cascade,
  entity_id text not null,
  active boolean not null,
  alert_id text,
  changed_at timestamptz not null,
  primary key (rule_id, entity_id)
);

create table urban.alerts (
  id text primary key,
  rule_id text references urban.alert_rules (id) on delete set null,
  entity_id text not null,
  entity_type text not null,
  unit_id text,
  agency_id text not null,
  severity text not null,
  -- The observed value(s) that made the rule true, by attribute.
  value jsonb not null,
  sent_at timestamptz not null,
  cleared_at timestamptz,
  -- The CAP 1.2 alert as a JSON object (identifier, sender, sent, status, msgType, scope, info[]).
  cap jsonb not null
);
create index alerts_sent on urban.alerts (sent_at desc);
create index alerts_entity on urban.alerts (entity_id, sent_at desc);

create table urban.incidents (
  id text primary key,
  alert_id text not null unique references urban.alerts (id),
  state text not null check (state in ('new', 'acknowledged', 'dispatched', 'resolved', 'closed')),
  unit_id text,
  agency_id text not null,
  deadline timestamptz,
  note text,
  opened_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by text,
  dispatched_at timestamptz,
  dispatched_by text,
  resolved_at timestamptz,
  resolved_by text,
  closed_at timestamptz,
  closed_by text,
  modified_at timestamptz not null
);
create index incidents_state on urban.incidents (state, opened_at desc);
`,
};
