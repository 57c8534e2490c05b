import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/principal.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import type { PeriodType } from '../../platform/period.ts';
import type { Aggregation, MetricsService } from '../metrics/index.ts';
import type { AgencyDirectory } from './agencies.ts';
import { requirePlanOwner } from './plan.access.ts';
import { indicatorCode } from './plan.reference.ts';
import type { PlanStore } from './plan.store.ts';
import type { Milestone, PlanRow, PlanTrx, TargetRow } from './plan.tables.ts';

/** Changes to a target; labels, unit and direction are its indicator's and change there too. */
export type TargetPatch = {
  labelVi?: string;
  labelEn?: string;
  unit?: string;
  direction?: 'at_least' | 'at_most';
  pillar?: string;
  confidence?: TargetRow['confidence'];
  baseline?: { value: number; year: number } | null;
  milestones?: Milestone[];
  leadAgencyId?: string | null;
  sourceDocument?: string | null;
  sourceUrl?: string | null;
  thresholds?: { onTrack: number; atRisk: number };
  path?: { kind: 'linear' | 'stepped'; steps: { period: string; value: number }[] };
  note?: string;
};

/** A new target with its indicator (`KH239.<code>` unless named; an existing one keeps how it aggregates). */
export type TargetInput = {
  code: string;
  pillar: string;
  labelVi: string;
  labelEn: string;
  unit: string;
  direction: 'at_least' | 'at_most';
  confidence: TargetRow['confidence'];
  baseline: { value: number; year: number } | null;
  milestones: Milestone[];
  leadAgencyId: string | null;
  sourceDocument: string | null;
  sourceUrl?: string | null;
  indicatorCode?: string;
  aggregation?: Aggregation;
  periodType?: PeriodType;
  decimals?: number;
};

/**
 * `trx`: join the caller's transaction (an import saving a whole file at once). Every read then
 * goes through it, and the caller vouches that the agencies exist — the org register cannot be
 * read beside an open transaction on PGlite. `provenance` is recorded with the audit entry.
 */
export type TargetWriteOptions = { trx?: PlanTrx; provenance?: Record<string, unknown> };

const TARGET_CODE = /^[A-Z][A-Z0-9]{0,15}$/;

/** Creating and changing targets: the plan owner's, audited, in one transaction with the indicator. */
export function createTargetEditor(deps: {
  plans: PlanStore;
  metrics: MetricsService;
  agencies: AgencyDirectory;
  audit: AuditLog;
}) {
  const { plans, metrics, agencies, audit } = deps;

  async function requirePlan(planId: string, executor?: PlanTrx): Promise<PlanRow> {
    const plan = await plans.plan(planId, executor);
    if (!plan) throw notFound({ vi: `kế hoạch ${planId}`, en: `Plan ${planId}` });
    return plan;
  }

  async function check(
    trx: PlanTrx,
    planId: string,
    change: { pillar?: string; milestones?: Milestone[] },
  ): Promise<void> {
    if (change.milestones) {
      const years = change.milestones.map((m) => m.year);
      if (new Set(years).size !== years.length)
        throw validationFailed([
          { path: 'milestones', message: { vi: 'mỗi năm một mốc', en: 'one milestone per year' } },
        ]);
    }
    if (change.pillar && !(await plans.pillars(planId, trx)).some((p) => p.code === change.pillar))
      throw validationFailed([
        { path: 'pillar', message: { vi: 'không có trong kế hoạch', en: 'not in the plan' } },
      ]);
  }

  async function requireAgency(agencyId: string | null | undefined) {
    if (agencyId && !(await agencies.exists(agencyId)))
      throw notFound({ vi: `đơn vị ${agencyId}`, en: `Unit ${agencyId}` });
  }

  /**
   * Runs `change` for the plan owner: in the caller's transaction, or — after the register check,
   * which cannot run inside one on PGlite — in a transaction of its own.
   */
  async function within(
    actor: Actor,
    planId: string,
    options: TargetWriteOptions,
    agencyId: string | null | undefined,
    change: (trx: PlanTrx, plan: PlanRow) => Promise<void>,
  ): Promise<void> {
    const plan = await requirePlan(planId, options.trx);
    requirePlanOwner(actor.principal, plan);
    if (options.trx) return change(options.trx, plan);
    await requireAgency(agencyId);
    return plans.db.transaction().execute((trx) => change(trx, plan));
  }

  async function updateTarget(
    actor: Actor,
    planId: string,
    code: string,
    patch: TargetPatch,
    options: TargetWriteOptions = {},
  ): Promise<void> {
    await within(actor, planId, options, patch.leadAgencyId, async (trx, plan) => {
      const before = await plans.target(planId, code, trx);
      if (!before) throw notFound({ vi: `chỉ tiêu ${code} của kế hoạch`, en: `Target ${code} of the plan` });
      await check(trx, planId, patch);
      const indicator = await metrics.indicator(before.indicator_code, trx);
      const indicatorChange =
        patch.labelVi !== undefined ||
        patch.labelEn !== undefined ||
        patch.unit !== undefined ||
        patch.direction !== undefined;
      if (indicator && indicatorChange) {
        await metrics.upsertIndicator(
          actor,
          {
            ...indicator,
            nameVi: patch.labelVi ?? indicator.nameVi,
            nameEn: patch.labelEn ?? indicator.nameEn,
            unit: patch.unit ?? indicator.unit,
            direction: patch.direction ?? indicator.direction,
          },
          trx,
        );
      }
      await plans.updateTarget(trx, before.id, {
        ...(patch.labelVi !== undefined ? { label_vi: patch.labelVi } : {}),
        ...(patch.labelEn !== undefined ? { label_en: patch.labelEn } : {}),
        ...(patch.pillar !== undefined ? { pillar_code: patch.pillar } : {}),
        ...(patch.confidence !== undefined ? { confidence: patch.confidence } : {}),
        ...(patch.baseline !== undefined
          ? { baseline_value: patch.baseline?.value ?? null, baseline_year: patch.baseline?.year ?? null }
          : {}),
        ...(patch.milestones !== undefined ? { milestones: patch.milestones } : {}),
        ...(patch.leadAgencyId !== undefined ? { lead_agency_id: patch.leadAgencyId } : {}),
        ...(patch.sourceDocument !== undefined ? { source_document: patch.sourceDocument } : {}),
        ...(patch.sourceUrl !== undefined ? { source_url: patch.sourceUrl } : {}),
        ...(patch.thresholds
          ? { threshold_on_track: patch.thresholds.onTrack, threshold_at_risk: patch.thresholds.atRisk }
          : {}),
        ...(patch.path ? { path_kind: patch.path.kind, path_steps: patch.path.steps } : {}),
      });
      const after = (await plans.target(planId, code, trx))!;
      const { note, ...fields } = patch;
      await audit.record(trx, {
        actor,
        agencyId: plan.owner_agency_id,
        action: 'plan.target.update',
        objectType: 'plan.target',
        objectId: `${planId}/${code}`,
        before,
        after,
        details: {
          fields: Object.keys(fields),
          ...(patch.confidence && patch.confidence !== before.confidence
            ? { confidence: { from: before.confidence, to: patch.confidence } }
            : {}),
          ...(note ? { note } : {}),
          ...(options.provenance ? { provenance: options.provenance } : {}),
        },
      });
    });
  }

  async function createTarget(
    actor: Actor,
    planId: string,
    input: TargetInput,
    options: TargetWriteOptions = {},
  ): Promise<void> {
    if (!TARGET_CODE.test(input.code))
      throw validationFailed([
        {
          path: 'code',
          message: { vi: 'chữ in hoa và số (tối đa 16)', en: 'capital letters and digits (up to 16)' },
        },
      ]);
    await within(actor, planId, options, input.leadAgencyId, async (trx, plan) => {
      const existing = await plans.targets(planId, trx);
      if (existing.some((t) => t.code === input.code))
        throw conflict({ vi: `Mã chỉ tiêu ${input.code} đã có.`, en: `Target code ${input.code} is taken.` });
      await check(trx, planId, input);
      const code = input.indicatorCode ?? indicatorCode(input.code);
      // An indicator that already exists keeps how it aggregates and is reported.
      const current = await metrics.indicator(code, trx);
      const rank = input.unit === 'rank';
      await metrics.upsertIndicator(
        actor,
        {
          code,
          nameVi: input.labelVi,
          nameEn: input.labelEn,
          descriptionVi: current?.descriptionVi ?? null,
          descriptionEn: current?.descriptionEn ?? null,
          unit: input.unit,
          direction: input.direction,
          aggregation: current?.aggregation ?? input.aggregation ?? (rank ? 'last' : 'average'),
          periodType: current?.periodType ?? input.periodType ?? 'quarter',
          decimals: current?.decimals ?? input.decimals ?? (rank ? 0 : 1),
          computedSource: current?.computedSource ?? null,
        },
        trx,
      );
      await plans.insertTargets(trx, [
        {
          id: randomUUID(),
          plan_id: planId,
          code: input.code,
          pillar_code: input.pillar,
          position: existing.reduce((max, t) => Math.max(max, t.position), 0) + 1,
          indicator_code: code,
          label_vi: input.labelVi,
          label_en: input.labelEn,
          confidence: input.confidence,
          baseline_value: input.baseline?.value ?? null,
          baseline_year: input.baseline?.year ?? null,
          milestones: input.milestones,
          lead_agency_id: input.leadAgencyId,
          source_document: input.sourceDocument,
          source_url: input.sourceUrl ?? null,
          path_kind: 'linear',
          path_steps: [],
          threshold_on_track: 0.95,
          threshold_at_risk: 0.8,
        },
      ]);
      await audit.record(trx, {
        actor,
        agencyId: plan.owner_agency_id,
        action: 'plan.target.create',
        objectType: 'plan.target',
        objectId: `${planId}/${input.code}`,
        before: null,
        after: await plans.target(planId, input.code, trx),
        details: { indicator: code, ...(options.provenance ? { provenance: options.provenance } : {}) },
      });
    });
  }

  return { updateTarget, createTarget };
}
