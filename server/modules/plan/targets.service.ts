import type { AuditLog } from '../../platform/audit/audit.ts';
import type { Actor, Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import {
  type Period,
  parsePeriod,
  periodContaining,
  periodsBetween,
  previousPeriod,
  tryParsePeriod,
} from '../../platform/period.ts';
import type { Indicator, MetricsService, RollupPoint } from '../metrics/index.ts';
import type { AgencyDirectory } from './agencies.ts';
import { forecast } from './forecast.ts';
import { isPlanOwner, requirePlanOwner } from './plan.access.ts';
import type { TargetStatus } from './plan.schema.ts';
import type { PlanStore } from './plan.store.ts';
import type { PlanRow, PlanTrx, TargetRow } from './plan.tables.ts';
import {
  actorLabel,
  confidenceOf,
  emptyCounts,
  lastEndedPeriod,
  milestonesView,
  ruleOf,
  toOverride,
  toPillar,
  toPlan,
  valuePoint,
} from './plan.views.ts';
import {
  expectedAt,
  finalEvaluations,
  needsFirstObservation,
  periodTime,
  startPoint,
  targetStatus,
} from './status.ts';
import {
  createTargetEditor,
  type TargetInput,
  type TargetPatch,
  type TargetWriteOptions,
} from './targets.edit.ts';
import type { TasksStore } from './tasks.store.ts';

type Deps = {
  plans: PlanStore;
  tasks: TasksStore;
  metrics: MetricsService;
  agencies: AgencyDirectory;
  audit: AuditLog;
  clock: Clock;
};

const MEASURED_NOTE = (source: string) => ({
  vi: `Đo tự động từ dữ liệu của nền tảng (nguồn ${source}); không nhập tay.`,
  en: `Measured by the platform from its own data (source ${source}); not entered by hand.`,
});

/** An indicator the metrics register lost: the target stays readable, rated on defaults. */
const fallbackIndicator = (target: TargetRow): Indicator => ({
  code: target.indicator_code,
  nameVi: target.label_vi,
  nameEn: target.label_en,
  descriptionVi: null,
  descriptionEn: null,
  unit: '',
  direction: 'at_least',
  aggregation: 'average',
  periodType: 'quarter',
  decimals: 2,
  computedSource: null,
  example: false,
});

/** Plans, targets, status and forecast, overrides, the public page and CSV. */
export function createTargetsService(deps: Deps) {
  const { plans, tasks, metrics, agencies, audit, clock } = deps;
  const editor = createTargetEditor({ plans, metrics, agencies, audit });

  async function requirePlan(planId: string, options: { published?: boolean } = {}): Promise<PlanRow> {
    const plan = await plans.plan(planId);
    if (!plan || (options.published && !plan.published))
      throw notFound({ vi: `kế hoạch ${planId}`, en: `Plan ${planId}` });
    return plan;
  }

  async function requireTarget(planId: string, code: string): Promise<TargetRow> {
    const target = await plans.target(planId, code);
    if (!target) throw notFound({ vi: `chỉ tiêu ${code} của kế hoạch`, en: `Target ${code} of the plan` });
    return target;
  }

  /** The period to evaluate: the one asked for, else the last quarter that has ended. */
  const periodOf = (id?: string): Period =>
    id ? parsePeriod(id) : previousPeriod(periodContaining('quarter', clock.today()));

  /** Every approved period of an indicator, rolled up, oldest first. */
  const seriesOf = async (indicatorCode: string) =>
    (await metrics.rollup([{ indicatorCode, pick: 'all' }]))[0]!;

  async function indicatorsByCode(): Promise<Map<string, Indicator>> {
    return new Map((await metrics.indicators()).map((indicator) => [indicator.code, indicator]));
  }

  function measuredBy(indicator: Indicator, latest: RollupPoint | undefined) {
    if (!indicator.computedSource) return null;
    const run = metrics.sources().find((source) => source.name === indicator.computedSource)?.lastRun;
    return {
      source: indicator.computedSource,
      query: latest?.computedQuery ?? run?.query ?? null,
      computedAt: latest?.computedAt ?? run?.at ?? null,
      demo: latest?.demo ?? false,
      note: MEASURED_NOTE(indicator.computedSource),
    };
  }

  /** Every target of the plan rated for `period`: one aggregate statement for all values. */
  async function evaluate(plan: PlanRow, period: Period) {
    const [pillarRows, targetRows, overrideRows, indicators] = await Promise.all([
      plans.pillars(plan.id),
      plans.targets(plan.id),
      plans.overridesOfPlan(plan.id, period.id),
      indicatorsByCode(),
    ]);
    const indicatorOf = (t: TargetRow) => indicators.get(t.indicator_code) ?? fallbackIndicator(t);
    // Each target's latest approved value and its first (the start of a path without a baseline), in one read.
    const [answers, leads] = await Promise.all([
      metrics.rollup(
        targetRows.flatMap((t) => {
          const upTo = lastEndedPeriod(indicatorOf(t).periodType, period).id;
          return [
            { indicatorCode: t.indicator_code, upTo, pick: 'latest' as const },
            { indicatorCode: t.indicator_code, upTo, pick: 'first' as const },
          ];
        }),
      ),
      agencies.refs(targetRows.flatMap((t) => (t.lead_agency_id ? [t.lead_agency_id] : []))),
    ]);
    const latestOf = (index: number) => answers[2 * index]![0];
    // The first value counts only without a baseline, with a milestone value, and while the latest
    // value does not already meet it (then the target is achieved whatever the start).
    const firstOf = (t: TargetRow, index: number) => {
      const point = latestOf(index);
      const rule = ruleOf(t, indicatorOf(t));
      if (!point || point.value === null || !needsFirstObservation(rule, period)) return undefined;
      const achieved =
        targetStatus(rule, [{ period: point.period, value: point.value }], period).status === 'achieved';
      return achieved ? undefined : answers[2 * index + 1]![0];
    };
    const overrides = new Map(overrideRows.map((row) => [row.target_id, row]));
    const summaries = targetRows.map((t, index) => {
      const indicator = indicatorOf(t);
      const points = [firstOf(t, index), latestOf(index)].filter(
        (p): p is RollupPoint => p !== undefined && p.value !== null,
      );
      const rated = targetStatus(
        ruleOf(t, indicator),
        points.map((p) => ({ period: p.period, value: p.value! })),
        period,
      );
      const override = overrides.get(t.id);
      const latestPoint = latestOf(index);
      return {
        code: t.code,
        pillar: t.pillar_code,
        labelVi: t.label_vi,
        labelEn: t.label_en,
        unit: indicator.unit,
        direction: indicator.direction,
        indicatorCode: t.indicator_code,
        ...confidenceOf(t),
        milestones: milestonesView(t.milestones),
        hasTargetValue: t.milestones.some((m) => m.value !== null),
        leadAgency: (t.lead_agency_id && leads.get(t.lead_agency_id)) || null,
        status: (override?.status as TargetStatus | undefined) ?? rated.status,
        computedStatus: rated.status,
        override: override ? toOverride(override) : null,
        expected: rated.expected,
        latest: latestPoint && latestPoint.value !== null ? valuePoint(latestPoint) : null,
        measuredBy: measuredBy(indicator, latestPoint),
      };
    });
    const pillars = pillarRows.map((row) => {
      const own = summaries.filter((s) => s.pillar === row.code);
      const counts = emptyCounts();
      for (const s of own) counts[s.status]++;
      return { ...toPillar(row, own.length), counts };
    });
    const totals = emptyCounts();
    for (const s of summaries) totals[s.status]++;
    return { pillars, totals, summaries };
  }

  async function overview(planId: string, periodId?: string) {
    const plan = await requirePlan(planId);
    const period = periodOf(periodId);
    const { pillars, totals, summaries } = await evaluate(plan, period);
    return { plan: toPlan(plan), period: period.id, pillars, totals, targets: summaries };
  }

  /** Everything known about one target: series, path, forecast, status per period, observations. */
  async function target(viewer: Principal, planId: string, code: string, periodId?: string) {
    const plan = await requirePlan(planId);
    const row = await requireTarget(planId, code);
    const period = periodOf(periodId);
    const indicator = (await metrics.indicator(row.indicator_code)) ?? fallbackIndicator(row);
    const rule = ruleOf(row, indicator);
    const upTo = lastEndedPeriod(indicator.periodType, period);
    const [series, overrides, lead, linkedTasks, names] = await Promise.all([
      seriesOf(row.indicator_code),
      plans.overrides([row.id]),
      row.lead_agency_id ? agencies.ref(row.lead_agency_id) : Promise.resolve(null),
      tasks.tasksOfTarget(row.id),
      agencies.names(),
    ]);
    const valued = series.filter((p) => p.value !== null);
    const observed = valued.map((p) => ({ period: p.period, value: p.value! }));
    const overrideByPeriod = new Map(overrides.map((o) => [o.period, o]));

    const statusByPeriod = [...new Set([...valued.map((p) => p.period), ...overrides.map((o) => o.period)])]
      .filter((id) => tryParsePeriod(id))
      .sort((a, b) => periodTime(parsePeriod(a)) - periodTime(parsePeriod(b)))
      .map((id) => {
        const rated = targetStatus(rule, observed, parsePeriod(id));
        const override = overrideByPeriod.get(id);
        return {
          period: id,
          status: (override?.status as TargetStatus | undefined) ?? rated.status,
          computedStatus: rated.status,
          expected: rated.expected,
          observed: rated.observed,
          overridden: Boolean(override),
        };
      });

    const rated = targetStatus(rule, observed, period);
    const override = overrideByPeriod.get(period.id);
    const latest = valued.filter((p) => p.period <= upTo.id).at(-1);
    const start = startPoint(rule, observed);
    const lastMilestone = Math.max(...row.milestones.map((m) => m.year), plan.horizon_year);
    const expectedPath = start
      ? periodsBetween(
          indicator.periodType,
          new Date((start.time - 1) * 86_400_000).toISOString().slice(0, 10),
          `${lastMilestone}-12-31`,
        ).flatMap((p) => {
          const value = expectedAt(rule, start, periodTime(p));
          return value === null || periodTime(p) < start.time ? [] : [{ period: p.id, date: p.end, value }];
        })
      : [];

    // The city's values of every period, and every agency's of the evaluated one (drafts only for those who may see them).
    const [cityObservations, periodObservations] = await Promise.all([
      metrics.observations(viewer, {
        indicatorCodes: [row.indicator_code],
        agencyIds: ['hanoi'],
        limit: 500,
      }),
      metrics.observations(viewer, { indicatorCodes: [row.indicator_code], periods: [upTo.id], limit: 500 }),
    ]);
    const seen = new Set<string>();
    const observations = [...periodObservations, ...cityObservations]
      .filter((o) => !seen.has(o.id) && seen.add(o.id))
      .sort((a, b) =>
        a.period === b.period ? a.agencyId.localeCompare(b.agencyId) : a.period < b.period ? 1 : -1,
      )
      .map((o) => ({
        id: o.id,
        period: o.period,
        agencyId: o.agencyId,
        agencyNameVi: names.get(o.agencyId)?.nameVi ?? null,
        agencyNameEn: names.get(o.agencyId)?.nameEn ?? null,
        value: o.value,
        numerator: o.numerator,
        denominator: o.denominator,
        status: o.status,
        comment: o.comment,
        provenance: o.provenance,
        example: o.example,
        demo: o.demo,
        updatedAt: o.updatedAt,
        evidence: o.evidence,
      }));

    return {
      code: row.code,
      pillar: row.pillar_code,
      labelVi: row.label_vi,
      labelEn: row.label_en,
      unit: indicator.unit,
      direction: indicator.direction,
      indicatorCode: row.indicator_code,
      ...confidenceOf(row),
      milestones: milestonesView(row.milestones),
      hasTargetValue: row.milestones.some((m) => m.value !== null),
      leadAgency: lead,
      status: (override?.status as TargetStatus | undefined) ?? rated.status,
      computedStatus: rated.status,
      override: override ? toOverride(override) : null,
      expected: rated.expected,
      latest: latest ? valuePoint(latest) : null,
      measuredBy: measuredBy(indicator, valued.at(-1)),
      plan: { id: plan.id, code: plan.code, published: plan.published },
      canEdit: isPlanOwner(viewer, plan),
      period: period.id,
      indicator,
      baseline:
        row.baseline_value !== null && row.baseline_year !== null
          ? { value: row.baseline_value, year: row.baseline_year }
          : null,
      sourceDocument: row.source_document,
      sourceUrl: row.source_url,
      path: { kind: row.path_kind, steps: row.path_steps },
      thresholds: { onTrack: row.threshold_on_track, atRisk: row.threshold_at_risk },
      series: valued.map(valuePoint),
      expectedPath,
      forecast: forecast({
        observations: observed,
        milestones: row.milestones,
        direction: indicator.direction,
        today: clock.today(),
      }),
      statusByPeriod,
      overrides: overrides.map(toOverride),
      finalEvaluations: finalEvaluations(rule, observed, clock.today()),
      observations,
      tasks: linkedTasks.map((t) => ({ id: t.id, code: t.code, titleVi: t.title_vi, titleEn: t.title_en })),
    };
  }

  /**
   * Changes a target (plan owners; audited). Answers the target's detail — or, inside the caller's
   * transaction (`options.trx`), nothing: the detail reads other modules, which cannot run beside it.
   */
  function updateTarget(
    actor: Actor,
    planId: string,
    code: string,
    patch: TargetPatch,
  ): Promise<Awaited<ReturnType<typeof target>>>;
  function updateTarget(
    actor: Actor,
    planId: string,
    code: string,
    patch: TargetPatch,
    options: TargetWriteOptions & { trx: PlanTrx },
  ): Promise<null>;
  async function updateTarget(
    actor: Actor,
    planId: string,
    code: string,
    patch: TargetPatch,
    options: TargetWriteOptions = {},
  ) {
    await editor.updateTarget(actor, planId, code, patch, options);
    return options.trx ? null : target(actor.principal, planId, code);
  }

  /** Adds a target with its indicator (plan owners; audited); answers as `updateTarget` does. */
  function createTarget(
    actor: Actor,
    planId: string,
    input: TargetInput,
  ): Promise<Awaited<ReturnType<typeof target>>>;
  function createTarget(
    actor: Actor,
    planId: string,
    input: TargetInput,
    options: TargetWriteOptions & { trx: PlanTrx },
  ): Promise<null>;
  async function createTarget(
    actor: Actor,
    planId: string,
    input: TargetInput,
    options: TargetWriteOptions = {},
  ) {
    await editor.createTarget(actor, planId, input, options);
    return options.trx ? null : target(actor.principal, planId, input.code);
  }

  async function overrideStatus(
    actor: Actor,
    planId: string,
    code: string,
    periodId: string,
    input: { status: TargetStatus | null; note: string },
  ) {
    const plan = await requirePlan(planId);
    requirePlanOwner(actor.principal, plan);
    const row = await requireTarget(planId, code);
    const period = parsePeriod(periodId);
    if (period.start > clock.today())
      throw new AppError('unprocessable', {
        vi: `Kỳ ${period.id} chưa bắt đầu.`,
        en: `Period ${period.id} has not begun.`,
      });
    const computed = (await target(actor.principal, planId, code, period.id)).computedStatus;
    await plans.db.transaction().execute(async (trx) => {
      const before = await plans.override(trx, row.id, period.id);
      if (input.status === null) {
        if (!before)
          throw notFound({
            vi: `điều chỉnh trạng thái kỳ ${period.id}`,
            en: `A status override for ${period.id}`,
          });
        await plans.deleteOverride(trx, row.id, period.id);
      } else {
        await plans.saveOverride(trx, {
          target_id: row.id,
          period: period.id,
          status: input.status,
          computed_status: computed,
          note: input.note,
          set_by: actorLabel(actor),
          set_at: clock.now(),
        });
      }
      await audit.record(trx, {
        actor,
        agencyId: plan.owner_agency_id,
        action: input.status === null ? 'plan.target.override.clear' : 'plan.target.override',
        objectType: 'plan.target',
        objectId: `${planId}/${code}`,
        before: before ?? null,
        after: input.status === null ? null : { period: period.id, status: input.status, computed },
        details: { period: period.id, status: input.status, computedStatus: computed, note: input.note },
      });
    });
    return target(actor.principal, planId, code, period.id);
  }

  /**
   * The public page's default: the latest quarter that has approved values reported for the plan
   * (so an approval shows at once), else the last quarter that has ended. Values the platform
   * measures itself are left out: their sources refresh the running period every hour and would
   * always pull the default to a quarter no report has reached.
   */
  async function publicDefault(plan: PlanRow) {
    const current = periodContaining('quarter', clock.today());
    const now = await evaluate(plan, current);
    const quarters = now.summaries.flatMap((s) => {
      if (!s.latest || s.measuredBy) return [];
      const lastDay = new Date(Date.parse(`${parsePeriod(s.latest.period).end}T00:00:00Z`) - 86_400_000);
      const quarter = periodContaining('quarter', lastDay.toISOString().slice(0, 10));
      return [quarter.start > current.start ? current : quarter];
    });
    const latest = quarters.sort((a, b) => (a.start < b.start ? 1 : -1))[0];
    if (latest?.id === current.id) return { period: current, basis: 'latest_approved' as const, ...now };
    const period = latest ?? previousPeriod(current);
    return {
      period,
      basis: latest ? ('latest_approved' as const) : ('last_ended' as const),
      ...(await evaluate(plan, period)),
    };
  }

  async function publicPerformance(planId: string, periodId?: string) {
    const plan = await requirePlan(planId, { published: true });
    const { period, basis, pillars, summaries } = periodId
      ? {
          period: parsePeriod(periodId),
          basis: 'requested' as const,
          ...(await evaluate(plan, parsePeriod(periodId))),
        }
      : await publicDefault(plan);
    return {
      plan: toPlan(plan),
      period: period.id,
      periodBasis: basis,
      pillars,
      targets: summaries.map((s) => ({
        code: s.code,
        pillar: s.pillar,
        labelVi: s.labelVi,
        labelEn: s.labelEn,
        unit: s.unit,
        direction: s.direction,
        confidence: s.confidence,
        confidenceLabel: s.confidenceLabel,
        milestones: s.milestones,
        hasTargetValue: s.hasTargetValue,
        status: s.status,
        latest: s.latest,
        measuredBy: s.measuredBy,
        csvUrl: `/api/plan/public/plans/${plan.id}/targets/${s.code}/data.csv`,
      })),
      notice: {
        vi: 'Chỉ hiển thị số liệu đã được phê duyệt. Độ tin cậy cho biết nguồn của từng chỉ tiêu; chỉ tiêu "Chính thức" đã được cơ quan chủ trì xác nhận theo văn bản Kế hoạch.',
        en: 'Only approved values are shown. The confidence badge tells where each target comes from; "Official" targets have been confirmed against the plan text by the plan owner.',
      },
    };
  }

  /** The approved series of a target as CSV (UTF-8 with BOM, so spreadsheet programs read Vietnamese). */
  async function targetCsv(
    planId: string,
    code: string,
    options: { published?: boolean } = { published: true },
  ) {
    const plan = await requirePlan(planId, options);
    const row = await requireTarget(planId, code);
    const indicator = (await metrics.indicator(row.indicator_code)) ?? fallbackIndicator(row);
    const rule = ruleOf(row, indicator);
    const series = (await seriesOf(row.indicator_code)).filter((p) => p.value !== null);
    const observed = series.map((p) => ({ period: p.period, value: p.value! }));
    const overrides = new Map((await plans.overrides([row.id])).map((o) => [o.period, o.status]));
    const { confidence, confidenceLabel } = confidenceOf(row);
    const milestone = (year: number) => row.milestones.find((m) => m.year === year)?.value ?? null;
    const noValue = row.milestones.every((m) => m.value === null)
      ? 'Chưa có giá trị mục tiêu / No target value known'
      : '';
    const header = [
      'plan',
      'target',
      'label_vi',
      'label_en',
      'confidence',
      'confidence_label',
      'unit',
      'direction',
      'target_2025',
      'target_2030',
      'target_note',
      'period',
      'value',
      'source',
      'agencies',
      'provenance',
      'example',
      'demo',
      'expected',
      'status',
    ];
    const common = [
      plan.code,
      row.code,
      row.label_vi,
      row.label_en,
      confidence,
      `${confidenceLabel.vi} / ${confidenceLabel.en}`,
      indicator.unit,
      indicator.direction,
      milestone(2025),
      milestone(2030),
      noValue,
    ];
    const lines = series.map((p) => {
      const rated = targetStatus(rule, observed, parsePeriod(p.period));
      return [
        ...common,
        p.period,
        p.value,
        p.source,
        p.agencies,
        p.provenanceKind,
        p.example,
        p.demo,
        rated.expected === null ? null : Number(rated.expected.toFixed(indicator.decimals + 2)),
        overrides.get(p.period) ?? rated.status,
      ];
    });
    if (lines.length === 0)
      lines.push([
        ...common,
        '',
        null,
        '',
        0,
        '',
        false,
        false,
        null,
        'no_data (Chưa có số liệu đã duyệt / No approved data)',
      ]);
    const body = [header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n');
    return { filename: `${plan.id}-${row.code}.csv`, content: `\uFEFF${body}\r\n` };
  }

  return {
    requirePlan,
    requireTarget,
    periodOf,
    evaluate,
    overview,
    target,
    updateTarget,
    createTarget,
    overrideStatus,
    publicPerformance,
    targetCsv,
    async plans() {
      return (await plans.plans()).map(toPlan);
    },
    async plan(planId: string) {
      const plan = await requirePlan(planId);
      const [pillars, targets, counts] = await Promise.all([
        plans.pillars(planId),
        plans.targets(planId),
        plans.counts(planId),
      ]);
      return {
        ...toPlan(plan),
        pillars: pillars.map((p) => toPillar(p, targets.filter((t) => t.pillar_code === p.code).length)),
        counts: { targets: targets.length, ...counts },
      };
    },
    async publishedPlans() {
      return (await plans.plans()).filter((p) => p.published).map(toPlan);
    },
    async updatePlan(
      actor: Actor,
      planId: string,
      patch: {
        titleVi?: string;
        titleEn?: string;
        published?: boolean;
        parentPlanId?: string | null;
        successorPlanId?: string | null;
        noteVi?: string | null;
        noteEn?: string | null;
      },
    ) {
      const before = await requirePlan(planId);
      requirePlanOwner(actor.principal, before);
      for (const other of [patch.parentPlanId, patch.successorPlanId])
        if (other && (other === planId || !(await plans.plan(other))))
          throw notFound({ vi: `kế hoạch ${other}`, en: `Plan ${other}` });
      await plans.db.transaction().execute(async (trx) => {
        await plans.updatePlan(trx, planId, {
          ...(patch.titleVi !== undefined ? { title_vi: patch.titleVi } : {}),
          ...(patch.titleEn !== undefined ? { title_en: patch.titleEn } : {}),
          ...(patch.published !== undefined ? { published: patch.published } : {}),
          ...(patch.parentPlanId !== undefined ? { parent_plan_id: patch.parentPlanId } : {}),
          ...(patch.successorPlanId !== undefined ? { successor_plan_id: patch.successorPlanId } : {}),
          ...(patch.noteVi !== undefined ? { note_vi: patch.noteVi } : {}),
          ...(patch.noteEn !== undefined ? { note_en: patch.noteEn } : {}),
        });
        await audit.record(trx, {
          actor,
          agencyId: before.owner_agency_id,
          action: 'plan.plan.update',
          objectType: 'plan.plan',
          objectId: planId,
          before,
          after: await plans.plan(planId, trx),
          details: { fields: Object.keys(patch) },
        });
      });
    },
  };
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Cells a spreadsheet would run as formulas are quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
