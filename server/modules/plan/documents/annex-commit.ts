import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import type { FileStore, StoredFile } from '../../../platform/files.ts';
import type { MetricsService } from '../../metrics/index.ts';
import { indicatorCode } from '../plan.reference.ts';
import type { PlanStore } from '../plan.store.ts';
import type { PlanTrx, TaskRow } from '../plan.tables.ts';
import type { TasksStore } from '../tasks.store.ts';
import { importPolicy, RowRefused } from './agency-commit.ts';
import type { AnnexPlan } from './xlsx/annex-import.ts';
import { ANNEX_TARGETS_SHEET, ANNEX_TASKS_SHEET } from './xlsx/annex-template.ts';

/**
 * Saves a checked annex upload in ONE transaction: targets created or changed (with their
 * indicators), tasks created or changed (with coordinators and linked targets), the stored file,
 * and an audit entry per row that names the file, sheet and row it came from.
 */
type Deps = {
  plans: PlanStore;
  tasks: TasksStore;
  metrics: MetricsService;
  files: FileStore;
  audit: AuditLog;
  clock: Clock;
};

export async function commitAnnexImport(
  deps: Deps,
  actor: Actor,
  input: {
    planId: string;
    ownerAgencyId: string;
    plan: AnnexPlan;
    upload: { filename: string; bytes: Buffer };
  },
): Promise<StoredFile> {
  const { plans, tasks, metrics, files, audit, clock } = deps;
  // Read before the transaction: on PGlite (one connection) a read outside it would wait forever.
  const indicators = new Map((await metrics.indicators()).map((indicator) => [indicator.code, indicator]));
  return plans.db.transaction().execute(async (trx: PlanTrx) => {
    const stored = await files.save(trx as never, {
      ...input.upload,
      purpose: 'plan.annex-import',
      policy: importPolicy,
      actor,
    });
    const provenance = (sheet: string, row: number) => ({
      kind: 'imported',
      fileId: stored.id,
      filename: stored.filename,
      sheet,
      row,
    });
    const refuse =
      (sheet: string, row: number) =>
      (error: unknown): never => {
        if (error instanceof AppError) throw new RowRefused(sheet, row, error.detail);
        throw error;
      };
    const existingTargets = await plans.targets(input.planId, trx);
    const targetIds = new Map(existingTargets.map((t) => [t.code, t.id]));
    let position = existingTargets.reduce((max, t) => Math.max(max, t.position), 0);

    for (const planned of input.plan.targets) {
      const { values } = planned;
      const code = planned.existing?.indicatorCode ?? indicatorCode(planned.code);
      const current = indicators.get(code);
      await metrics
        .upsertIndicator(
          actor,
          {
            code,
            nameVi: values.labelVi,
            nameEn: values.labelEn,
            descriptionVi: current?.descriptionVi ?? null,
            descriptionEn: current?.descriptionEn ?? null,
            unit: values.unit,
            direction: values.direction,
            aggregation: current?.aggregation ?? (values.unit === 'rank' ? 'last' : 'average'),
            periodType: current?.periodType ?? 'quarter',
            decimals: current?.decimals ?? (values.unit === 'rank' ? 0 : 1),
            computedSource: current?.computedSource ?? null,
          },
          trx,
        )
        .catch(refuse(ANNEX_TARGETS_SHEET, planned.row));
      const fields = {
        pillar_code: values.pillar,
        label_vi: values.labelVi,
        label_en: values.labelEn,
        confidence: values.confidence,
        baseline_value: values.baseline?.value ?? null,
        baseline_year: values.baseline?.year ?? null,
        milestones: values.milestones,
        lead_agency_id: values.leadAgencyId,
        source_document: values.sourceDocument,
      };
      const before = planned.existing ? await plans.target(input.planId, planned.code, trx) : null;
      if (planned.existing) {
        await plans.updateTarget(trx, planned.existing.id, fields);
      } else {
        const id = randomUUID();
        await plans.insertTargets(trx, [
          {
            id,
            plan_id: input.planId,
            code: planned.code,
            position: ++position,
            indicator_code: code,
            source_url: null,
            path_kind: 'linear',
            path_steps: [],
            threshold_on_track: 0.95,
            threshold_at_risk: 0.8,
            ...fields,
          },
        ]);
        targetIds.set(planned.code, id);
      }
      await audit.record(trx, {
        actor,
        agencyId: input.ownerAgencyId,
        action: planned.existing ? 'plan.target.update' : 'plan.target.create',
        objectType: 'plan.target',
        objectId: `${input.planId}/${planned.code}`,
        before,
        after: await plans.target(input.planId, planned.code, trx),
        details: {
          provenance: provenance(ANNEX_TARGETS_SHEET, planned.row),
          ...(before && before.confidence !== values.confidence
            ? { confidence: { from: before.confidence, to: values.confidence } }
            : {}),
        },
      });
    }

    for (const planned of input.plan.tasks) {
      const { values } = planned;
      const fields = {
        title_vi: values.titleVi,
        title_en: values.titleEn,
        pillar_code: values.pillar,
        lead_agency_id: values.leadAgencyId,
        start_on: values.startOn,
        deadline: values.deadline,
        deliverable_vi: values.deliverableVi,
        deliverable_en: values.deliverableEn,
      };
      let id = planned.existingId;
      const before = id ? await tasks.task(id, trx) : null;
      if (id) {
        await tasks.updateTask(trx, id, fields);
      } else {
        id = randomUUID();
        const row: Omit<TaskRow, 'created_at'> = {
          id,
          plan_id: input.planId,
          code: planned.code,
          ...fields,
          status: 'not_started',
          progress: 0,
          example: false,
          updated_at: clock.now(),
        };
        await tasks.insertTask(trx, row).catch(refuse(ANNEX_TASKS_SHEET, planned.row));
      }
      await tasks.setCoordinators(trx, id, values.coordinatingAgencyIds);
      await tasks.setLinkedTargets(
        trx,
        id,
        values.targetCodes.map((code) => targetIds.get(code)!),
      );
      await audit.record(trx, {
        actor,
        agencyId: input.ownerAgencyId,
        action: planned.existingId ? 'plan.task.update' : 'plan.task.create',
        objectType: 'plan.task',
        objectId: id,
        before,
        after: {
          ...(await tasks.task(id, trx)),
          coordinatingAgencyIds: values.coordinatingAgencyIds,
          targetCodes: values.targetCodes,
        },
        details: { task: planned.code, provenance: provenance(ANNEX_TASKS_SHEET, planned.row) },
      });
    }

    await audit.record(trx, {
      actor,
      agencyId: input.ownerAgencyId,
      action: 'plan.import.annex',
      objectType: 'platform.file',
      objectId: stored.id,
      details: {
        planId: input.planId,
        filename: stored.filename,
        targets: input.plan.targets.length,
        tasks: input.plan.tasks.length,
        unchanged: input.plan.unchanged,
      },
    });
    return stored;
  });
}
