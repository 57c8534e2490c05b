import type { Migration } from '../../../platform/db/migrator.ts';

export const planTables: Migration = {
  name: '0001_plan',
  sql: `
create schema if not exists plan;

create table plan.plans (
  id text primary key,
  code text not null unique,
  title_vi text not null,
  title_en text not null,
  issued_on date not null,
  horizon_year integer not null,
  orientation_year integer,
  implements_document text,
  parent_plan_id text references plan.plans (id),
  successor_plan_id text references plan.plans (id),
  -- The agency whose plan owners edit the plan (an org unit id; plan owners at the city also may).
  owner_agency_id text not null,
  source_url text,
  published boolean not null default false,
  note_vi text,
  note_en text,
  updated_at timestamptz not null default now()
);

create table plan.pillars (
  plan_id text not null references plan.plans (id),
  code text not null,
  name_vi text not null,
  name_en text not null,
  position integer not null,
  declared_targets integer,
  declared_tasks integer,
  note_vi text,
  note_en text,
  primary key (plan_id, code)
);

-- A target links a metrics indicator with its baseline, milestones, path and thresholds.
create table plan.targets (
  id uuid primary key,
  plan_id text not null references plan.plans (id),
  code text not null,
  pillar_code text not null,
  position integer not null,
  indicator_code text not null,
  label_vi text not null,
  label_en text not null,
  confidence text not null check (confidence in ('seed', 'hanoi', 'national_proxy', 'unknown', 'official')),
  baseline_value double precision,
  baseline_year integer,
  -- [{ "year": 2025, "value": 100 | null }]
  milestones jsonb not null default '[]'::jsonb,
  lead_agency_id text,
  source_document text,
  source_url text,
  path_kind text not null default 'linear' check (path_kind in ('linear', 'stepped')),
  path_steps jsonb not null default '[]'::jsonb,
  threshold_on_track double precision not null default 0.95,
  threshold_at_risk double precision not null default 0.8,
  updated_at timestamptz not null default now(),
  unique (plan_id, code),
  foreign key (plan_id, pillar_code) references plan.pillars (plan_id, code),
  check ((baseline_value is null) = (baseline_year is null)),
  check (threshold_at_risk <= threshold_on_track)
);
create index targets_lead on plan.targets (lead_agency_id);

-- A plan owner's status for a target and period, replacing the computed one (audited).
create table plan.status_overrides (
  target_id uuid not null references plan.targets (id),
  period text not null,
  status text not null check (status in ('achieved', 'on_track', 'at_risk', 'off_track', 'no_data')),
  computed_status text not null,
  note text not null,
  set_by text,
  set_at timestamptz not null,
  primary key (target_id, period)
);

create table plan.tasks (
  id uuid primary key,
  plan_id text not null references plan.plans (id),
  code text not null,
  title_vi text not null,
  title_en text not null,
  pillar_code text not null,
  lead_agency_id text not null,
  start_on date not null,
  deadline date not null,
  deliverable_vi text,
  deliverable_en text,
  status text not null check (status in ('not_started', 'in_progress', 'done', 'cancelled')),
  progress integer not null default 0 check (progress between 0 and 100),
  example boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, code),
  foreign key (plan_id, pillar_code) references plan.pillars (plan_id, code),
  check (deadline >= start_on)
);
create index tasks_lead on plan.tasks (lead_agency_id);
create index tasks_deadline on plan.tasks (plan_id, deadline);

create table plan.task_coordinators (
  task_id uuid not null references plan.tasks (id),
  agency_id text not null,
  primary key (task_id, agency_id)
);
create index task_coordinators_agency on plan.task_coordinators (agency_id);

create table plan.task_targets (
  task_id uuid not null references plan.tasks (id),
  target_id uuid not null references plan.targets (id),
  primary key (task_id, target_id)
);
create index task_targets_target on plan.task_targets (target_id);

create table plan.cycles (
  id uuid primary key,
  plan_id text not null references plan.plans (id),
  period text not null,
  period_start date not null,
  period_end date not null,
  due_on date not null,
  status text not null check (status in ('open', 'closed')),
  example boolean not null default false,
  opened_at timestamptz not null,
  opened_by text,
  unique (plan_id, period)
);

-- Which agency reports which target or task in a cycle.
create table plan.obligations (
  id uuid primary key,
  cycle_id uuid not null references plan.cycles (id),
  agency_id text not null,
  target_id uuid references plan.targets (id),
  task_id uuid references plan.tasks (id),
  check ((target_id is null) <> (task_id is null))
);
create unique index obligations_target on plan.obligations (cycle_id, agency_id, target_id) where target_id is not null;
create unique index obligations_task on plan.obligations (cycle_id, agency_id, task_id) where task_id is not null;
create index obligations_agency on plan.obligations (agency_id, cycle_id);

-- One agency's bundle for one cycle: draft → submitted → approved, or returned → submitted.
create table plan.submissions (
  cycle_id uuid not null references plan.cycles (id),
  agency_id text not null,
  state text not null check (state in ('draft', 'submitted', 'approved', 'returned')),
  submitted_at timestamptz,
  submitted_by text,
  late boolean not null default false,
  reviewed_at timestamptz,
  reviewed_by text,
  return_reason text,
  updated_at timestamptz not null,
  primary key (cycle_id, agency_id)
);

create table plan.submission_events (
  id bigint generated always as identity primary key,
  cycle_id uuid not null,
  agency_id text not null,
  action text not null check (action in ('submitted', 'returned', 'approved', 'reopened')),
  from_state text not null,
  to_state text not null,
  reason text,
  actor text,
  late boolean not null default false,
  at timestamptz not null,
  foreign key (cycle_id, agency_id) references plan.submissions (cycle_id, agency_id)
);
create index submission_events_submission on plan.submission_events (cycle_id, agency_id, id);

create table plan.task_reports (
  task_id uuid not null references plan.tasks (id),
  period text not null,
  agency_id text not null,
  cycle_id uuid not null references plan.cycles (id),
  narrative text not null,
  progress integer not null check (progress between 0 and 100),
  blockers text,
  example boolean not null default false,
  updated_at timestamptz not null,
  updated_by text,
  primary key (task_id, period)
);
create index task_reports_cycle on plan.task_reports (cycle_id, agency_id);

create table plan.task_report_evidence (
  task_id uuid not null,
  period text not null,
  file_id uuid not null references platform.files (id),
  filename text not null,
  media_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  uploaded_at timestamptz not null,
  uploaded_by text,
  primary key (task_id, period, file_id),
  foreign key (task_id, period) references plan.task_reports (task_id, period)
);
create index task_report_evidence_file on plan.task_report_evidence (file_id);

-- Reminders already sent, so a rerun of the daily job on the same day sends nothing twice.
create table plan.reminders_sent (
  cycle_id uuid not null references plan.cycles (id),
  agency_id text not null,
  kind text not null check (kind in ('before_due', 'overdue')),
  on_date date not null,
  recipients integer not null,
  primary key (cycle_id, agency_id, kind, on_date)
);
`,
};
