import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';

/** The plan module's tables as Kysely sees them (schema `plan`). */
type Json<T> = ColumnType<T, string, string>;

export type Milestone = { year: number; value: number | null };
export type PathStep = { period: string; value: number };

type PlanTable = {
  id: string;
  code: string;
  title_vi: string;
  title_en: string;
  issued_on: string;
  horizon_year: number;
  orientation_year: number | null;
  implements_document: string | null;
  parent_plan_id: string | null;
  successor_plan_id: string | null;
  owner_agency_id: string;
  source_url: string | null;
  published: boolean;
  note_vi: string | null;
  note_en: string | null;
  updated_at: Generated<Date>;
};

type PillarTable = {
  plan_id: string;
  code: string;
  name_vi: string;
  name_en: string;
  position: number;
  declared_targets: number | null;
  declared_tasks: number | null;
  note_vi: string | null;
  note_en: string | null;
};

type TargetTable = {
  id: string;
  plan_id: string;
  code: string;
  pillar_code: string;
  position: number;
  indicator_code: string;
  label_vi: string;
  label_en: string;
  confidence: string;
  baseline_value: number | null;
  baseline_year: number | null;
  milestones: Json<Milestone[]>;
  lead_agency_id: string | null;
  source_document: string | null;
  source_url: string | null;
  path_kind: 'linear' | 'stepped';
  path_steps: Json<PathStep[]>;
  threshold_on_track: number;
  threshold_at_risk: number;
  updated_at: Generated<Date>;
};

type OverrideTable = {
  target_id: string;
  period: string;
  status: string;
  computed_status: string;
  note: string;
  set_by: string | null;
  set_at: Date;
};

type TaskTable = {
  id: string;
  plan_id: string;
  code: string;
  title_vi: string;
  title_en: string;
  pillar_code: string;
  lead_agency_id: string;
  start_on: string;
  deadline: string;
  deliverable_vi: string | null;
  deliverable_en: string | null;
  status: 'not_started' | 'in_progress' | 'done' | 'cancelled';
  progress: number;
  example: boolean;
  created_at: Generated<Date>;
  updated_at: Date;
};

type CycleTable = {
  id: string;
  plan_id: string;
  period: string;
  period_start: string;
  period_end: string;
  due_on: string;
  status: 'open' | 'closed';
  example: boolean;
  opened_at: Date;
  opened_by: string | null;
};

type ObligationTable = {
  id: string;
  cycle_id: string;
  agency_id: string;
  target_id: string | null;
  task_id: string | null;
};

export type SubmissionStateValue = 'draft' | 'submitted' | 'approved' | 'returned';

type SubmissionTable = {
  cycle_id: string;
  agency_id: string;
  state: SubmissionStateValue;
  submitted_at: Date | null;
  submitted_by: string | null;
  late: boolean;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  return_reason: string | null;
  updated_at: Date;
};

type SubmissionEventTable = {
  id: Generated<number>;
  cycle_id: string;
  agency_id: string;
  action: 'submitted' | 'returned' | 'approved' | 'reopened';
  from_state: SubmissionStateValue;
  to_state: SubmissionStateValue;
  reason: string | null;
  actor: string | null;
  late: boolean;
  at: Date;
};

type TaskReportTable = {
  task_id: string;
  period: string;
  agency_id: string;
  cycle_id: string;
  narrative: string;
  progress: number;
  blockers: string | null;
  example: boolean;
  updated_at: Date;
  updated_by: string | null;
};

type TaskReportEvidenceTable = {
  task_id: string;
  period: string;
  file_id: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: string | null;
};

type ReminderSentTable = {
  cycle_id: string;
  agency_id: string;
  kind: 'before_due' | 'overdue';
  on_date: string;
  recipients: number;
};

export type PlanTables = {
  'plan.plans': PlanTable;
  'plan.pillars': PillarTable;
  'plan.targets': TargetTable;
  'plan.status_overrides': OverrideTable;
  'plan.tasks': TaskTable;
  'plan.task_coordinators': { task_id: string; agency_id: string };
  'plan.task_targets': { task_id: string; target_id: string };
  'plan.cycles': CycleTable;
  'plan.obligations': ObligationTable;
  'plan.submissions': SubmissionTable;
  'plan.submission_events': SubmissionEventTable;
  'plan.task_reports': TaskReportTable;
  'plan.task_report_evidence': TaskReportEvidenceTable;
  'plan.reminders_sent': ReminderSentTable;
};

export type PlanDb = Kysely<PlanTables>;
export type PlanTrx = Transaction<PlanTables>;
export type Executor = PlanDb | PlanTrx;

export type PlanRow = Selectable<PlanTable>;
export type PillarRow = Selectable<PillarTable>;
export type TargetRow = Selectable<TargetTable>;
export type OverrideRow = Selectable<OverrideTable>;
export type TaskRow = Selectable<TaskTable>;
export type CycleRow = Selectable<CycleTable>;
export type ObligationRow = Selectable<ObligationTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type SubmissionEventRow = Selectable<SubmissionEventTable>;
export type TaskReportRow = Selectable<TaskReportTable>;
export type TaskReportEvidenceRow = Selectable<TaskReportEvidenceTable>;
