import type { BilingualText } from '../lib/api.ts';

/**
 * Shapes of the plan API (`/api/plan`) as the web app reads them. They mirror the Zod schemas in
 * server/modules/plan/plan.schema.ts (the web bundle never imports server code); keep them in step.
 */

export const confidences = ['seed', 'hanoi', 'national_proxy', 'unknown', 'official'] as const;
export type Confidence = (typeof confidences)[number];

export type Direction = 'at_least' | 'at_most';

export const targetStatuses = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type TargetStatus = (typeof targetStatuses)[number];

export type FinalEvaluation = 'achieved' | 'partly_achieved' | 'not_achieved' | 'no_data';

export const taskStatuses = ['not_started', 'in_progress', 'done', 'overdue', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const submissionStates = ['draft', 'submitted', 'approved', 'returned'] as const;
export type SubmissionState = (typeof submissionStates)[number];

export type AgencySuccessor = {
  id: string;
  nameVi: string;
  nameEn: string;
  effectiveOn: string;
  kind: string;
  sharePct: number | null;
};

export type AgencyRef = {
  id: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  validFrom: string;
  validTo: string | null;
  current: boolean;
  successors: AgencySuccessor[];
};

export type Milestone = { year: number; value: number | null; deadline: string; note: BilingualText | null };

export type Provenance =
  | { kind: 'manual'; by?: { accountId: string; name: string }; at?: string }
  | {
      kind: 'imported';
      by?: { accountId: string; name: string };
      at?: string;
      filename?: string;
      sheet?: string;
      row?: number;
    }
  | { kind: 'computed'; source?: string; query?: string; at?: string }
  | { kind: 'seed'; note?: string; at?: string };

export type Evidence = {
  id: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
};

export type ValuePoint = {
  period: string;
  value: number;
  source: 'city' | 'aggregate';
  agencies: number;
  provenanceKind: 'manual' | 'imported' | 'computed' | 'seed' | 'mixed';
  example: boolean;
  demo: boolean;
  updatedAt: string;
};

export type MeasuredBy = {
  source: string;
  query: string | null;
  computedAt: string | null;
  demo: boolean;
  note: BilingualText;
};

export type Override = {
  period: string;
  status: TargetStatus;
  computedStatus: TargetStatus;
  note: string;
  by: string | null;
  at: string;
};

export type TargetSummary = {
  code: string;
  pillar: string;
  labelVi: string;
  labelEn: string;
  unit: string;
  direction: Direction;
  indicatorCode: string;
  confidence: Confidence;
  confidenceLabel: BilingualText;
  milestones: Milestone[];
  hasTargetValue: boolean;
  leadAgency: AgencyRef | null;
  status: TargetStatus;
  computedStatus: TargetStatus;
  override: Override | null;
  expected: number | null;
  latest: ValuePoint | null;
  measuredBy: MeasuredBy | null;
};

export type StatusCounts = Record<TargetStatus, number>;

export type Pillar = {
  code: string;
  nameVi: string;
  nameEn: string;
  declaredTargets: number | null;
  declaredTasks: number | null;
  knownTargets: number;
  note: BilingualText | null;
};

export type PillarWithCounts = Pillar & { counts: StatusCounts };

export type Plan = {
  id: string;
  code: string;
  titleVi: string;
  titleEn: string;
  issuedOn: string;
  horizonYear: number;
  orientationYear: number | null;
  implementsDocument: string | null;
  parentPlanId: string | null;
  successorPlanId: string | null;
  ownerAgencyId: string;
  sourceUrl: string | null;
  published: boolean;
  note: BilingualText | null;
};

export type PlanDetail = Plan & {
  pillars: Pillar[];
  counts: { targets: number; tasks: number; cycles: number };
};

export type Overview = {
  plan: Plan;
  period: string;
  pillars: PillarWithCounts[];
  totals: StatusCounts;
  targets: TargetSummary[];
};

export type Indicator = {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  direction: Direction;
  aggregation: string;
  periodType: string;
  decimals: number;
  computedSource: string | null;
  example: boolean;
};

export type Observation = {
  id: string;
  period: string;
  agencyId: string;
  agencyNameVi: string | null;
  agencyNameEn: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  comment: string | null;
  provenance: Provenance;
  example: boolean;
  demo: boolean;
  updatedAt: string;
  evidence: Evidence[];
};

export type Forecast = {
  method: 'linear_least_squares';
  points: number;
  atPeriod: string;
  atDate: string;
  projected: number;
  low: number | null;
  high: number | null;
  runRateNeeded: number | null;
  slopePerPeriod: number;
  milestoneYear: number;
};

export type PeriodStatus = {
  period: string;
  status: TargetStatus;
  computedStatus: TargetStatus;
  expected: number | null;
  observed: number | null;
  overridden: boolean;
};

export type TargetDetail = TargetSummary & {
  plan: { id: string; code: string; published: boolean };
  /** Whether the signed-in official may edit the target and override its status. */
  canEdit: boolean;
  period: string;
  indicator: Indicator;
  baseline: { value: number; year: number } | null;
  sourceDocument: string | null;
  sourceUrl: string | null;
  path: { kind: 'linear' | 'stepped'; steps: { period: string; value: number }[] };
  thresholds: { onTrack: number; atRisk: number };
  series: ValuePoint[];
  expectedPath: { period: string; date: string; value: number }[];
  forecast: Forecast | null;
  statusByPeriod: PeriodStatus[];
  overrides: Override[];
  finalEvaluations: {
    year: number;
    deadline: string;
    milestone: number | null;
    value: number | null;
    evaluation: FinalEvaluation;
    final: boolean;
  }[];
  observations: Observation[];
  tasks: { id: string; code: string; titleVi: string; titleEn: string }[];
};

export type TaskSummary = {
  id: string;
  planId: string;
  code: string;
  titleVi: string;
  titleEn: string;
  pillar: string;
  leadAgency: AgencyRef;
  coordinatingAgencies: AgencyRef[];
  startOn: string;
  deadline: string;
  deliverableVi: string | null;
  deliverableEn: string | null;
  status: TaskStatus;
  storedStatus: Exclude<TaskStatus, 'overdue'>;
  overdue: boolean;
  progress: number;
  targetCodes: string[];
  example: boolean;
  lastReport: { period: string; progress: number; state: SubmissionState } | null;
};

export type TaskPage = { total: number; tasks: TaskSummary[] };

export type StoredFile = {
  id: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
};

export type TaskReport = {
  taskId: string;
  period: string;
  agencyId: string;
  narrative: string;
  progress: number;
  blockers: string | null;
  evidence: StoredFile[];
  state: SubmissionState;
  example: boolean;
  updatedAt: string;
  updatedBy: string | null;
};

export type TaskDetail = TaskSummary & {
  targets: {
    code: string;
    labelVi: string;
    labelEn: string;
    confidence: Confidence;
    confidenceLabel: BilingualText;
  }[];
  reports: TaskReport[];
};

export type SubmissionCounts = {
  draft: number;
  submitted: number;
  approved: number;
  returned: number;
  late: number;
};

export type Cycle = {
  id: string;
  planId: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: 'open' | 'closed';
  example: boolean;
  openedAt: string;
  openedBy: string | null;
  agencies: number;
  counts: SubmissionCounts;
};

export type Obligation = {
  id: string;
  cycleId: string;
  agency: AgencyRef;
  kind: 'target' | 'task';
  targetCode: string | null;
  taskId: string | null;
  titleVi: string;
  titleEn: string;
};

export type CycleDetail = Cycle & { obligations: Obligation[] };

export type OpenCycleResult = CycleDetail & {
  unassigned: {
    kind: 'target' | 'task';
    targetCode: string | null;
    taskId: string | null;
    agency: AgencyRef;
  }[];
};

export type SubmissionEvent = {
  action: 'submitted' | 'returned' | 'approved' | 'reopened';
  fromState: SubmissionState;
  toState: SubmissionState;
  reason: string | null;
  by: string | null;
  at: string;
  late: boolean;
};

export type Submission = {
  cycleId: string;
  agencyId: string;
  state: SubmissionState;
  submittedAt: string | null;
  late: boolean;
  reviewedAt: string | null;
  returnReason: string | null;
  events: SubmissionEvent[];
};

export type CompletionRow = {
  agency: AgencyRef;
  state: SubmissionState;
  submittedAt: string | null;
  late: boolean;
  overdue: boolean;
  counts: { targets: number; tasks: number; valuesEntered: number; taskReportsEntered: number };
};

export type Completion = { cycle: Cycle; rows: CompletionRow[] };

export type WorklistTarget = {
  obligationId: string;
  code: string;
  labelVi: string;
  labelEn: string;
  unit: string;
  direction: Direction;
  confidence: Confidence;
  confidenceLabel: BilingualText;
  milestones: Milestone[];
  measuredBy: string | null;
  observation: Observation | null;
  previous: { period: string; value: number | null } | null;
};

export type WorklistTask = { obligationId: string; task: TaskSummary; report: TaskReport | null };

export type Worklist = {
  cycle: Cycle;
  agency: AgencyRef;
  submission: Submission;
  editable: boolean;
  targets: WorklistTarget[];
  tasks: WorklistTask[];
};

export type WorklistRole = 'reporter' | 'reviewer' | 'owner';

/** `GET /api/plan/my/worklists`: every open cycle, with the agencies the official works for. */
export type MyWorklists = {
  cycles: {
    cycle: Cycle;
    plan: { id: string; code: string; titleVi: string; titleEn: string };
    agencies: {
      agency: AgencyRef;
      roles: WorklistRole[];
      state: SubmissionState;
      submittedAt: string | null;
      late: boolean;
      overdue: boolean;
      obligations: { targets: number; tasks: number };
    }[];
  }[];
};

export type AgencyPage = {
  plan: Plan;
  agency: AgencyRef & { predecessors: { id: string; nameVi: string; nameEn: string; effectiveOn: string }[] };
  targets: {
    code: string;
    labelVi: string;
    labelEn: string;
    confidence: Confidence;
    confidenceLabel: BilingualText;
  }[];
  tasks: TaskSummary[];
  overdueTasks: number;
  cycles: {
    cycle: Cycle;
    state: SubmissionState;
    submittedAt: string | null;
    late: boolean;
    overdue: boolean;
    obligations: number;
  }[];
};

export type PublicTarget = {
  code: string;
  pillar: string;
  labelVi: string;
  labelEn: string;
  unit: string;
  direction: Direction;
  confidence: Confidence;
  confidenceLabel: BilingualText;
  milestones: Milestone[];
  hasTargetValue: boolean;
  status: TargetStatus;
  latest: ValuePoint | null;
  measuredBy: MeasuredBy | null;
  csvUrl: string;
};

export type PublicPerformance = {
  plan: Plan;
  period: string;
  /** Why this period: asked for, the latest with approved values, or (none yet) the last finished quarter. */
  periodBasis: 'requested' | 'latest_approved' | 'last_ended';
  pillars: PillarWithCounts[];
  targets: PublicTarget[];
  notice: BilingualText;
};
