import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, type Bilingual } from '../../../platform/errors.ts';
import type { FileStore, StoredFile, UploadPolicy } from '../../../platform/files.ts';
import type { CyclesStore } from '../cycles.store.ts';
import type { PlanService } from '../plan.service.ts';
import type { PlanTrx } from '../plan.tables.ts';
import { TARGETS_SHEET, TASKS_SHEET } from './xlsx/agency-columns.ts';
import type { AgencyImportPlan } from './xlsx/agency-import.ts';

/**
 * Saves a checked agency upload in ONE transaction: the stored file, then every value and every
 * task report through the plan service (`saveValue`, `saveTaskReport` with the transaction and an
 * `imported` provenance naming file, sheet and row), so that the locks, the obligations and the
 * audit are the service's. Any refusal rolls everything back and names the row it came from.
 */
export const importPolicy: UploadPolicy = { kinds: ['xlsx'], maxBytes: 5 * 1024 * 1024 };

export class RowRefused extends Error {
  constructor(
    readonly sheet: string | null,
    readonly row: number | null,
    readonly reason: Bilingual,
  ) {
    super(reason.en);
  }
}

type Deps = {
  plan: PlanService;
  /** Opens the transaction the whole file is saved in. */
  cycles: CyclesStore;
  files: FileStore;
  audit: AuditLog;
  clock: Clock;
};

export type AgencyCommit = {
  planId: string;
  cycleId: string;
  agencyId: string;
  period: string;
  plan: AgencyImportPlan;
  upload: { filename: string; bytes: Buffer };
};

/** A refusal of the service, as the row it came from. */
export const refusedAt =
  (sheet: string, row: number) =>
  (error: unknown): never => {
    if (error instanceof AppError) throw new RowRefused(sheet, row, error.detail);
    throw error;
  };

export async function commitAgencyImport(deps: Deps, actor: Actor, input: AgencyCommit): Promise<StoredFile> {
  const { plan, cycles, files, audit, clock } = deps;
  const principal = actor.principal;
  const by =
    principal.kind === 'official'
      ? { accountId: principal.accountId, name: principal.fullName }
      : { accountId: actor.system ?? 'system', name: actor.system ?? 'system' };
  return cycles.db.transaction().execute(async (trx: PlanTrx) => {
    // The file store takes any module's transaction.
    const stored = await files.save(trx as never, {
      filename: input.upload.filename,
      bytes: input.upload.bytes,
      purpose: 'plan.import',
      policy: importPolicy,
      actor,
    });
    const at = clock.now().toISOString();
    const provenance = (sheet: string, row: number) => ({
      kind: 'imported' as const,
      by,
      at,
      fileId: stored.id,
      filename: stored.filename,
      sheet,
      row,
    });
    for (const value of input.plan.values) {
      await plan
        .saveValue(
          actor,
          input.cycleId,
          input.agencyId,
          value.code,
          {
            value: value.value,
            numerator: value.numerator,
            denominator: value.denominator,
            comment: value.comment,
          },
          { trx, provenance: provenance(TARGETS_SHEET, value.row) },
        )
        .catch(refusedAt(TARGETS_SHEET, value.row));
    }
    for (const report of input.plan.taskReports) {
      await plan
        .saveTaskReport(
          actor,
          report.taskId,
          input.period,
          { narrative: report.narrative, progress: report.progress, blockers: report.blockers },
          { trx, provenance: provenance(TASKS_SHEET, report.row), agencyId: input.agencyId },
        )
        .catch(refusedAt(TASKS_SHEET, report.row));
    }
    await audit.record(trx, {
      actor,
      agencyId: input.agencyId,
      action: 'plan.import.agency_report',
      objectType: 'platform.file',
      objectId: stored.id,
      details: {
        planId: input.planId,
        cycleId: input.cycleId,
        period: input.period,
        filename: stored.filename,
        values: input.plan.values.length,
        taskReports: input.plan.taskReports.length,
        unchanged: input.plan.unchanged,
      },
    });
    return stored;
  });
}
