import { z } from 'zod';
import { PERIOD_PATTERN } from '../../platform/period.ts';

/**
 * The plan module's HTTP contract (requests and responses). The web app, the documents
 * sub-module and the OpenAPI document all read these; docs/plan-monitoring.md ("## API") lists
 * the routes that use them.
 */

// ——— Words ———

export const confidences = ['seed', 'hanoi', 'national_proxy', 'unknown', 'official'] as const;
export type Confidence = (typeof confidences)[number];
export const confidenceSchema = z.enum(confidences);

export const directions = ['at_least', 'at_most'] as const;
export type Direction = (typeof directions)[number];

export const targetStatuses = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type TargetStatus = (typeof targetStatuses)[number];
export const targetStatusSchema = z.enum(targetStatuses);

export const finalEvaluations = ['achieved', 'partly_achieved', 'not_achieved', 'no_data'] as const;

export const taskStatuses = ['not_started', 'in_progress', 'done', 'overdue', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
/** What a plan owner may set; `overdue` follows from the deadline. */
export const storedTaskStatuses = ['not_started', 'in_progress', 'done', 'cancelled'] as const;

export const submissionStates = ['draft', 'submitted', 'approved', 'returned'] as const;
export type SubmissionState = (typeof submissionStates)[number];

export const pathKinds = ['linear', 'stepped'] as const;

const bilingual = z.object({ vi: z.string(), en: z.string() });

/** The badge text of each confidence, shown wherever a target appears. */
export const confidenceLabels: Record<Confidence, { vi: string; en: string }> = {
  seed: { vi: 'Nêu trong bản tóm tắt Kế hoạch', en: 'Stated in the plan summary' },
  hanoi: { vi: 'Tạm lấy từ văn bản khác của Hà Nội', en: 'Placeholder from another Hanoi document' },
  national_proxy: { vi: 'Tạm lấy từ chỉ tiêu quốc gia', en: 'Placeholder from a national target' },
  unknown: { vi: 'Chưa rõ giá trị', en: 'Value unknown' },
  official: { vi: 'Chính thức (đã xác nhận)', en: 'Official (confirmed)' },
};

export const NO_TARGET_VALUE = { vi: 'Chưa có giá trị mục tiêu', en: 'No target value known' } as const;
export const EXAMPLE_LABEL = { vi: 'Ví dụ minh họa', en: 'Example' } as const;

// ——— Parameters and queries ———

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);
export const periodId = z
  .string()
  .regex(
    PERIOD_PATTERN,
    'Kỳ báo cáo: 2025, 2025S2, 2025Q3 hoặc 202509 / Period: 2025, 2025S2, 2025Q3 or 202509',
  );
const targetCode = z
  .string()
  .min(1)
  .max(16)
  .regex(/^[A-Z][A-Z0-9]{0,15}$/);
const agencyId = slug;
const pillarCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/);
const uuid = z.uuid();
const isoDate = z.iso.date();

export const planParams = z.strictObject({ planId: slug });
export const targetParams = z.strictObject({ planId: slug, code: targetCode });
export const overrideParams = z.strictObject({ planId: slug, code: targetCode, period: periodId });
export const agencyParams = z.strictObject({ planId: slug, agencyId });
export const taskParams = z.strictObject({ taskId: uuid });
export const taskReportParams = z.strictObject({ taskId: uuid, period: periodId });
export const cycleParams = z.strictObject({ cycleId: uuid });
export const cycleAgencyParams = z.strictObject({ cycleId: uuid, agencyId });
export const cycleValueParams = z.strictObject({ cycleId: uuid, agencyId, code: targetCode });
/** A task report's evidence (its file id) or a value's (its metrics evidence id): one address for both. */
export const evidenceParams = z.strictObject({ evidenceId: uuid });

export const periodQuery = z.strictObject({
  period: periodId
    .optional()
    .describe(
      'Kỳ đánh giá; mặc định quý gần nhất đã kết thúc (trang công khai: quý gần nhất có số liệu đã duyệt) / Period; default the last finished quarter (public page: the latest quarter with approved values)',
    ),
});

export const tasksQuery = z.strictObject({
  agency: agencyId.optional().describe('Chủ trì hoặc phối hợp / Lead or coordinating agency'),
  lineage: z
    .enum(['true', 'false'])
    .optional()
    .describe('Gồm cả nhiệm vụ của đơn vị tiền thân / Include tasks of predecessor units'),
  pillar: pillarCode.optional(),
  status: z.enum(taskStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  example: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

// ——— Shared pieces of responses ———

export const agencyRefSchema = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  kind: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** Valid today. A unit that ended (a district, a merged department) lists its successors. */
  current: z.boolean(),
  successors: z.array(
    z.object({
      id: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      effectiveOn: z.string(),
      kind: z.string(),
      sharePct: z.number().nullable(),
    }),
  ),
});
export type AgencyRef = z.infer<typeof agencyRefSchema>;

export const milestoneSchema = z.object({
  year: z.number().int(),
  value: z.number().nullable(),
  /** The last day of the milestone year. */
  deadline: z.string(),
  /** Present when the value is null: "Chưa có giá trị mục tiêu / No target value known". */
  note: bilingual.nullable(),
});

export const provenanceSchema = z
  .looseObject({ kind: z.enum(['manual', 'imported', 'computed', 'seed']) })
  .describe('manual (who, when) | imported (file, sheet, row) | computed (source, query, at) | seed');

export const evidenceSchema = z.looseObject({
  id: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
});

/** The value behind a status: the city-level observation, or the aggregation of agencies'. */
export const valuePointSchema = z.object({
  period: z.string(),
  value: z.number(),
  source: z.enum(['city', 'aggregate']),
  /** Agencies aggregated (0 when the city-level value was used). */
  agencies: z.number().int(),
  provenanceKind: z.enum(['manual', 'imported', 'computed', 'seed', 'mixed']),
  example: z.boolean(),
  demo: z.boolean(),
  updatedAt: z.string(),
});

export const measuredBySchema = z.object({
  source: z.string(),
  /** The query of the latest computed value, and when it ran. */
  query: z.string().nullable(),
  computedAt: z.string().nullable(),
  demo: z.boolean(),
  note: bilingual,
});

export const overrideSchema = z.object({
  period: z.string(),
  status: targetStatusSchema,
  computedStatus: targetStatusSchema,
  note: z.string(),
  by: z.string().nullable(),
  at: z.string(),
});

export const targetSummarySchema = z.object({
  code: z.string(),
  pillar: z.string(),
  labelVi: z.string(),
  labelEn: z.string(),
  unit: z.string(),
  direction: z.enum(directions),
  indicatorCode: z.string(),
  confidence: confidenceSchema,
  confidenceLabel: bilingual,
  milestones: z.array(milestoneSchema),
  /** False when no milestone has a value: the target cannot be rated. */
  hasTargetValue: z.boolean(),
  leadAgency: agencyRefSchema.nullable(),
  status: targetStatusSchema,
  computedStatus: targetStatusSchema,
  override: overrideSchema.nullable(),
  /** Expected value on the path at the end of the evaluated period. */
  expected: z.number().nullable(),
  /** The latest approved value at or before the period (null: no data). */
  latest: valuePointSchema.nullable(),
  measuredBy: measuredBySchema.nullable(),
});

export const statusCountsSchema = z.object({
  achieved: z.number().int(),
  on_track: z.number().int(),
  at_risk: z.number().int(),
  off_track: z.number().int(),
  no_data: z.number().int(),
});

export const pillarSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  /** How many targets the plan text declares for the pillar. */
  declaredTargets: z.number().int().nullable(),
  declaredTasks: z.number().int().nullable(),
  /** How many of them the platform knows (has a target record for). */
  knownTargets: z.number().int(),
  note: bilingual.nullable(),
});

export const planSchema = z.object({
  id: z.string(),
  code: z.string(),
  titleVi: z.string(),
  titleEn: z.string(),
  issuedOn: z.string(),
  horizonYear: z.number().int(),
  orientationYear: z.number().int().nullable(),
  implementsDocument: z.string().nullable(),
  parentPlanId: z.string().nullable(),
  successorPlanId: z.string().nullable(),
  ownerAgencyId: z.string(),
  sourceUrl: z.string().nullable(),
  published: z.boolean(),
  note: bilingual.nullable(),
});

export const planDetailSchema = planSchema.extend({
  pillars: z.array(pillarSchema),
  counts: z.object({ targets: z.number().int(), tasks: z.number().int(), cycles: z.number().int() }),
});

export const overviewSchema = z.object({
  plan: planSchema,
  period: z.string(),
  pillars: z.array(pillarSchema.extend({ counts: statusCountsSchema })),
  totals: statusCountsSchema,
  targets: z.array(targetSummarySchema),
});

export const indicatorSchema = z.looseObject({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  direction: z.enum(directions),
  aggregation: z.string(),
  periodType: z.string(),
  decimals: z.number().int(),
  computedSource: z.string().nullable(),
  example: z.boolean(),
});

export const observationSchema = z.object({
  id: z.string(),
  period: z.string(),
  agencyId: z.string(),
  agencyNameVi: z.string().nullable(),
  agencyNameEn: z.string().nullable(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  status: z.string(),
  comment: z.string().nullable(),
  provenance: provenanceSchema,
  example: z.boolean(),
  demo: z.boolean(),
  updatedAt: z.string(),
  evidence: z.array(evidenceSchema),
});

export const forecastSchema = z.object({
  method: z.literal('linear_least_squares'),
  /** Observations the line was fitted to. */
  points: z.number().int(),
  atPeriod: z.string(),
  atDate: z.string(),
  projected: z.number(),
  /** 80% prediction interval; null with fewer than 3 observations. */
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** Change still needed per period, from the latest value, to meet the milestone. */
  runRateNeeded: z.number().nullable(),
  slopePerPeriod: z.number(),
  milestoneYear: z.number().int(),
});

export const targetDetailSchema = targetSummarySchema.extend({
  plan: z.object({ id: z.string(), code: z.string(), published: z.boolean() }),
  /** Whether the caller may edit the target and override its status (a plan owner). */
  canEdit: z.boolean(),
  period: z.string(),
  indicator: indicatorSchema,
  baseline: z.object({ value: z.number(), year: z.number().int() }).nullable(),
  sourceDocument: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  path: z.object({
    kind: z.enum(pathKinds),
    steps: z.array(z.object({ period: z.string(), value: z.number() })),
  }),
  thresholds: z.object({ onTrack: z.number(), atRisk: z.number() }),
  series: z.array(valuePointSchema),
  expectedPath: z.array(z.object({ period: z.string(), date: z.string(), value: z.number() })),
  forecast: forecastSchema.nullable(),
  statusByPeriod: z.array(
    z.object({
      period: z.string(),
      status: targetStatusSchema,
      computedStatus: targetStatusSchema,
      expected: z.number().nullable(),
      observed: z.number().nullable(),
      overridden: z.boolean(),
    }),
  ),
  overrides: z.array(overrideSchema),
  finalEvaluations: z.array(
    z.object({
      year: z.number().int(),
      deadline: z.string(),
      milestone: z.number().nullable(),
      value: z.number().nullable(),
      evaluation: z.enum(finalEvaluations),
      /** False before the deadline: the evaluation is not final yet. */
      final: z.boolean(),
    }),
  ),
  observations: z.array(observationSchema),
  tasks: z.array(z.object({ id: z.string(), code: z.string(), titleVi: z.string(), titleEn: z.string() })),
});

export const taskSummarySchema = z.object({
  id: z.string(),
  planId: z.string(),
  code: z.string(),
  titleVi: z.string(),
  titleEn: z.string(),
  pillar: z.string(),
  leadAgency: agencyRefSchema,
  coordinatingAgencies: z.array(agencyRefSchema),
  startOn: z.string(),
  deadline: z.string(),
  deliverableVi: z.string().nullable(),
  deliverableEn: z.string().nullable(),
  /** Effective status: `overdue` when the deadline passed and it is neither done nor cancelled. */
  status: z.enum(taskStatuses),
  storedStatus: z.enum(storedTaskStatuses),
  overdue: z.boolean(),
  progress: z.number().int(),
  targetCodes: z.array(z.string()),
  example: z.boolean(),
  lastReport: z
    .object({ period: z.string(), progress: z.number().int(), state: z.enum(submissionStates) })
    .nullable(),
});

export const fileSchema = z.object({
  id: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});

export const taskReportSchema = z.object({
  taskId: z.string(),
  period: z.string(),
  agencyId: z.string(),
  narrative: z.string(),
  progress: z.number().int(),
  blockers: z.string().nullable(),
  evidence: z.array(fileSchema),
  /** The state of the agency's submission for the period's cycle. */
  state: z.enum(submissionStates),
  example: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});

export const taskDetailSchema = taskSummarySchema.extend({
  targets: z.array(
    z.object({
      code: z.string(),
      labelVi: z.string(),
      labelEn: z.string(),
      confidence: confidenceSchema,
      confidenceLabel: bilingual,
    }),
  ),
  reports: z.array(taskReportSchema),
});

export const cycleSchema = z.object({
  id: z.string(),
  planId: z.string(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'closed']),
  example: z.boolean(),
  openedAt: z.string(),
  openedBy: z.string().nullable(),
  agencies: z.number().int(),
  counts: z.object({
    draft: z.number().int(),
    submitted: z.number().int(),
    approved: z.number().int(),
    returned: z.number().int(),
    late: z.number().int(),
  }),
});

export const obligationSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  agency: agencyRefSchema,
  kind: z.enum(['target', 'task']),
  targetCode: z.string().nullable(),
  taskId: z.string().nullable(),
  titleVi: z.string(),
  titleEn: z.string(),
});

export const cycleDetailSchema = cycleSchema.extend({ obligations: z.array(obligationSchema) });

export const openCycleResultSchema = cycleDetailSchema.extend({
  /** Lead agencies that no longer exist and have no single successor: assign these by hand. */
  unassigned: z.array(
    z.object({
      kind: z.enum(['target', 'task']),
      targetCode: z.string().nullable(),
      taskId: z.string().nullable(),
      agency: agencyRefSchema,
    }),
  ),
});

export const submissionEventSchema = z.object({
  action: z.enum(['submitted', 'returned', 'approved', 'reopened']),
  fromState: z.enum(submissionStates),
  toState: z.enum(submissionStates),
  reason: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string(),
  late: z.boolean(),
});

export const submissionSchema = z.object({
  cycleId: z.string(),
  agencyId: z.string(),
  state: z.enum(submissionStates),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
  reviewedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  events: z.array(submissionEventSchema),
});

export const completionRowSchema = z.object({
  agency: agencyRefSchema,
  state: z.enum(submissionStates),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
  /** Not submitted and the due date has passed. */
  overdue: z.boolean(),
  counts: z.object({
    targets: z.number().int(),
    tasks: z.number().int(),
    valuesEntered: z.number().int(),
    taskReportsEntered: z.number().int(),
  }),
});

export const completionSchema = z.object({
  cycle: cycleSchema,
  rows: z.array(completionRowSchema),
});

export const worklistSchema = z.object({
  cycle: cycleSchema,
  agency: agencyRefSchema,
  submission: submissionSchema,
  /** Whether the caller may edit and submit (reporter, state draft or returned). */
  editable: z.boolean(),
  targets: z.array(
    z.object({
      obligationId: z.string(),
      code: z.string(),
      labelVi: z.string(),
      labelEn: z.string(),
      unit: z.string(),
      direction: z.enum(directions),
      confidence: confidenceSchema,
      confidenceLabel: bilingual,
      milestones: z.array(milestoneSchema),
      measuredBy: z.string().nullable(),
      observation: observationSchema.nullable(),
      /** The agency's approved value of the previous period, for comparison. */
      previous: z.object({ period: z.string(), value: z.number().nullable() }).nullable(),
    }),
  ),
  tasks: z.array(
    z.object({
      obligationId: z.string(),
      task: taskSummarySchema,
      report: taskReportSchema.nullable(),
    }),
  ),
});

export const worklistRoles = ['reporter', 'reviewer', 'owner'] as const;

export const myWorklistsSchema = z.object({
  /** Every open cycle (of every plan), each with the agencies the caller works for in it. */
  cycles: z.array(
    z.object({
      cycle: cycleSchema,
      plan: z.object({ id: z.string(), code: z.string(), titleVi: z.string(), titleEn: z.string() }),
      /** Empty when the caller has nothing to report or review in the cycle. */
      agencies: z.array(
        z.object({
          agency: agencyRefSchema,
          /** What the caller does for the agency: reports, reviews, owns the plan. */
          roles: z.array(z.enum(worklistRoles)),
          state: z.enum(submissionStates),
          submittedAt: z.string().nullable(),
          late: z.boolean(),
          /** Not submitted and the due date has passed. */
          overdue: z.boolean(),
          obligations: z.object({ targets: z.number().int(), tasks: z.number().int() }),
        }),
      ),
    }),
  ),
});

export const agencyPageSchema = z.object({
  plan: planSchema,
  agency: agencyRefSchema.extend({
    predecessors: z.array(
      z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string(), effectiveOn: z.string() }),
    ),
  }),
  targets: z.array(
    targetSummarySchema.pick({
      code: true,
      labelVi: true,
      labelEn: true,
      confidence: true,
      confidenceLabel: true,
    }),
  ),
  tasks: z.array(taskSummarySchema),
  overdueTasks: z.number().int(),
  cycles: z.array(
    z.object({
      cycle: cycleSchema,
      state: z.enum(submissionStates),
      submittedAt: z.string().nullable(),
      late: z.boolean(),
      overdue: z.boolean(),
      obligations: z.number().int(),
    }),
  ),
});

export const publicTargetSchema = z.object({
  code: z.string(),
  pillar: z.string(),
  labelVi: z.string(),
  labelEn: z.string(),
  unit: z.string(),
  direction: z.enum(directions),
  confidence: confidenceSchema,
  confidenceLabel: bilingual,
  milestones: z.array(milestoneSchema),
  hasTargetValue: z.boolean(),
  status: targetStatusSchema,
  latest: valuePointSchema.nullable(),
  measuredBy: measuredBySchema.nullable(),
  csvUrl: z.string(),
});

export const publicPerformanceSchema = z.object({
  plan: planSchema,
  /** The period evaluated: the one asked for, else the default `periodBasis` names. */
  period: z.string(),
  /**
   * Why this period: `requested`; `latest_approved` — the latest quarter with approved values
   * reported for the plan (values the platform measures are left out); `last_ended` — no such
   * value yet, the last quarter that has ended.
   */
  periodBasis: z.enum(['requested', 'latest_approved', 'last_ended']),
  pillars: z.array(pillarSchema.extend({ counts: statusCountsSchema })),
  targets: z.array(publicTargetSchema),
  notice: bilingual,
});

// ——— Request bodies ———

const text = (max: number) => z.string().trim().min(1).max(max);
const reason = text(2000);

export const planPatchBody = z.strictObject({
  titleVi: text(500).optional(),
  titleEn: text(500).optional(),
  published: z.boolean().optional(),
  parentPlanId: slug.nullable().optional(),
  successorPlanId: slug.nullable().optional(),
  noteVi: z.string().max(2000).nullable().optional(),
  noteEn: z.string().max(2000).nullable().optional(),
});

export const targetPatchBody = z
  .strictObject({
    labelVi: text(500).optional(),
    labelEn: text(500).optional(),
    unit: text(32).optional(),
    direction: z.enum(directions).optional(),
    confidence: confidenceSchema.optional(),
    baseline: z
      .strictObject({ value: z.number(), year: z.number().int().min(2000).max(2100) })
      .nullable()
      .optional(),
    milestones: z
      .array(z.strictObject({ year: z.number().int().min(2000).max(2100), value: z.number().nullable() }))
      .max(10)
      .optional(),
    leadAgencyId: agencyId.nullable().optional(),
    sourceDocument: z.string().max(1000).nullable().optional(),
    sourceUrl: z.url().max(1000).nullable().optional(),
    thresholds: z
      .strictObject({ onTrack: z.number().gt(0).max(1), atRisk: z.number().gt(0).max(1) })
      .refine((t) => t.atRisk <= t.onTrack, { message: 'atRisk ≤ onTrack' })
      .optional(),
    path: z
      .strictObject({
        kind: z.enum(pathKinds),
        steps: z
          .array(z.strictObject({ period: periodId, value: z.number() }))
          .max(60)
          .default([]),
      })
      .optional(),
    note: z.string().trim().max(2000).optional().describe('Lý do thay đổi / Why (kept in the audit log)'),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'note'), { message: 'Nothing to change' });

export const overrideBody = z.strictObject({
  /** null clears the override. */
  status: targetStatusSchema.nullable(),
  note: reason,
});

export const taskCreateBody = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9._-]+$/),
  titleVi: text(500),
  titleEn: text(500),
  pillar: pillarCode,
  leadAgencyId: agencyId,
  coordinatingAgencyIds: z.array(agencyId).max(50).default([]),
  startOn: isoDate,
  deadline: isoDate,
  deliverableVi: z.string().max(1000).nullable().default(null),
  deliverableEn: z.string().max(1000).nullable().default(null),
  targetCodes: z.array(targetCode).max(48).default([]),
  status: z.enum(storedTaskStatuses).default('not_started'),
  progress: z.number().int().min(0).max(100).default(0),
});

export const taskPatchBody = z
  .strictObject({
    titleVi: text(500).optional(),
    titleEn: text(500).optional(),
    pillar: pillarCode.optional(),
    leadAgencyId: agencyId.optional(),
    coordinatingAgencyIds: z.array(agencyId).max(50).optional(),
    startOn: isoDate.optional(),
    deadline: isoDate.optional(),
    deliverableVi: z.string().max(1000).nullable().optional(),
    deliverableEn: z.string().max(1000).nullable().optional(),
    targetCodes: z.array(targetCode).max(48).optional(),
    status: z.enum(storedTaskStatuses).optional(),
    progress: z.number().int().min(0).max(100).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change' });

export const taskReportBody = z.strictObject({
  narrative: text(10_000),
  progress: z.number().int().min(0).max(100),
  blockers: z.string().trim().max(5000).nullable().default(null),
});

export const openCycleBody = z.strictObject({
  period: periodId,
  dueOn: isoDate,
  /** Generate obligations from the lead agencies of targets and tasks (default), or start empty. */
  generate: z.boolean().default(true),
});

export const cyclePatchBody = z
  .strictObject({ dueOn: isoDate.optional(), status: z.enum(['open', 'closed']).optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change' });

export const obligationsBody = z
  .strictObject({
    add: z
      .array(
        z
          .strictObject({ agencyId, targetCode: targetCode.optional(), taskId: uuid.optional() })
          .refine((o) => (o.targetCode ? 1 : 0) + (o.taskId ? 1 : 0) === 1, {
            message: 'Either targetCode or taskId',
          }),
      )
      .max(500)
      .default([]),
    remove: z.array(uuid).max(500).default([]),
  })
  .refine((body) => body.add.length + body.remove.length > 0, { message: 'Nothing to change' });

export const valueBody = z.strictObject({
  value: z.number().finite().nullable(),
  numerator: z.number().finite().nullable().optional(),
  denominator: z.number().finite().nullable().optional(),
  comment: z.string().trim().max(2000).nullable().optional(),
});

export const reasonBody = z.strictObject({ reason });
export const approveBody = z.strictObject({ note: z.string().trim().max(2000).optional() });
export const submitBody = z.strictObject({});
