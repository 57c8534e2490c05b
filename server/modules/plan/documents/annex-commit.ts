import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { FileStore, StoredFile } from '../../../platform/files.ts';
import type { PlanService } from '../plan.service.ts';
import type { PlanStore } from '../plan.store.ts';
import type { PlanTrx } from '../plan.tables.ts';
import { importPolicy, refusedAt } from './agency-commit.ts';
import type { AnnexPlan } from './xlsx/annex-import.ts';
import { ANNEX_TARGETS_SHEET, ANNEX_TASKS_SHEET } from './xlsx/annex-template.ts';

/**
 * Saves a checked annex upload in ONE transaction: the stored file, then targets created or
 * changed (with their indicators) and tasks created or changed (with coordinators and linked
 * targets), each through the plan service with the transaction and an `imported` provenance
 * naming file, sheet and row — so the rules and the audit entries are the service's.
 */
type Deps = {
  plan: PlanService;
  /** Opens the transaction the whole file is saved in. */
  plans: PlanStore;
  files: FileStore;
  audit: AuditLog;
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
  const { plan, plans, files, audit } = deps;
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

    for (const planned of input.plan.targets) {
      const { values } = planned;
      const options = { trx, provenance: provenance(ANNEX_TARGETS_SHEET, planned.row) };
      const fields = {
        pillar: values.pillar,
        labelVi: values.labelVi,
        labelEn: values.labelEn,
        unit: values.unit,
        direction: values.direction,
        confidence: values.confidence,
        baseline: values.baseline,
        milestones: values.milestones,
        leadAgencyId: values.leadAgencyId,
        sourceDocument: values.sourceDocument,
      };
      await (planned.existing
        ? plan.updateTarget(actor, input.planId, planned.code, fields, options)
        : plan.createTarget(actor, input.planId, { code: planned.code, ...fields }, options)
      ).catch(refusedAt(ANNEX_TARGETS_SHEET, planned.row));
    }

    for (const planned of input.plan.tasks) {
      const { values } = planned;
      const options = { trx, provenance: provenance(ANNEX_TASKS_SHEET, planned.row) };
      await (planned.existingId
        ? plan.updateTask(actor, planned.existingId, values, options)
        : plan.createTask(
            actor,
            input.planId,
            { code: planned.code, ...values, status: 'not_started', progress: 0, example: false },
            options,
          )
      ).catch(refusedAt(ANNEX_TASKS_SHEET, planned.row));
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
