import { type Period, type PeriodType, periodContaining, previousPeriod } from '../../platform/period.ts';
import type { Indicator, RollupPoint } from '../metrics/index.ts';
import { type Confidence, confidenceLabels, NO_TARGET_VALUE, type TargetStatus } from './plan.schema.ts';
import type { OverrideRow, PillarRow, PlanRow, TargetRow } from './plan.tables.ts';
import { milestoneDeadline, type TargetRule } from './status.ts';

/** Rows as the API answers them, and the small conversions the services share. */
export const iso = (value: Date | string) => new Date(value).toISOString();

export function toPlan(row: PlanRow) {
  return {
    id: row.id,
    code: row.code,
    titleVi: row.title_vi,
    titleEn: row.title_en,
    issuedOn: row.issued_on,
    horizonYear: row.horizon_year,
    orientationYear: row.orientation_year,
    implementsDocument: row.implements_document,
    parentPlanId: row.parent_plan_id,
    successorPlanId: row.successor_plan_id,
    ownerAgencyId: row.owner_agency_id,
    sourceUrl: row.source_url,
    published: row.published,
    note: row.note_vi || row.note_en ? { vi: row.note_vi ?? '', en: row.note_en ?? '' } : null,
  };
}

export function toPillar(row: PillarRow, knownTargets: number) {
  return {
    code: row.code,
    nameVi: row.name_vi,
    nameEn: row.name_en,
    declaredTargets: row.declared_targets,
    declaredTasks: row.declared_tasks,
    knownTargets,
    note: row.note_vi || row.note_en ? { vi: row.note_vi ?? '', en: row.note_en ?? '' } : null,
  };
}

export function milestonesView(milestones: TargetRow['milestones']) {
  return milestones
    .slice()
    .sort((a, b) => a.year - b.year)
    .map((m) => ({
      year: m.year,
      value: m.value,
      deadline: milestoneDeadline(m.year),
      note: m.value === null ? { ...NO_TARGET_VALUE } : null,
    }));
}

export const confidenceOf = (target: TargetRow) => {
  const confidence = target.confidence as Confidence;
  return { confidence, confidenceLabel: { ...confidenceLabels[confidence] } };
};

export function ruleOf(target: TargetRow, indicator: Pick<Indicator, 'direction'>): TargetRule {
  return {
    direction: indicator.direction,
    baseline:
      target.baseline_value !== null && target.baseline_year !== null
        ? { value: target.baseline_value, year: target.baseline_year }
        : null,
    milestones: target.milestones,
    path: { kind: target.path_kind, steps: target.path_steps },
    thresholds: { onTrack: target.threshold_on_track, atRisk: target.threshold_at_risk },
  };
}

/** The latest period of `type` that has ended by the end of `period` (e.g. year 2025 for 2026Q3). */
export function lastEndedPeriod(type: PeriodType, period: Period): Period {
  const lastDay = new Date(Date.parse(`${period.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const containing = periodContaining(type, lastDay);
  return containing.end <= period.end ? containing : previousPeriod(containing);
}

export function valuePoint(point: RollupPoint) {
  return {
    period: point.period,
    value: point.value!,
    source: point.source,
    agencies: point.agencies,
    provenanceKind: point.provenanceKind,
    example: point.example,
    demo: point.demo,
    updatedAt: iso(point.updatedAt),
  };
}

export function toOverride(row: OverrideRow) {
  return {
    period: row.period,
    status: row.status as TargetStatus,
    computedStatus: row.computed_status as TargetStatus,
    note: row.note,
    by: row.set_by,
    at: iso(row.set_at),
  };
}

export const emptyCounts = (): Record<TargetStatus, number> => ({
  achieved: 0,
  on_track: 0,
  at_risk: 0,
  off_track: 0,
  no_data: 0,
});

/** Who did it, as stored on plan rows: the official's user name, or the system's name. */
export function actorLabel(actor: {
  system?: string;
  principal: { kind: string; username?: string };
}): string | null {
  if (actor.system) return actor.system;
  return actor.principal.kind === 'official' ? (actor.principal.username ?? null) : null;
}
