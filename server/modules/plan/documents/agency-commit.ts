import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, type Bilingual } from '../../../platform/errors.ts';
import type { FileStore, StoredFile, UploadPolicy } from '../../../platform/files.ts';
import type { MetricsService } from '../../metrics/index.ts';
import type { CyclesStore } from '../cycles.store.ts';
import type { PlanTrx, TaskReportRow } from '../plan.tables.ts';
import { actorLabel } from '../plan.views.ts';
import { lockedReport } from '../tasks.service.ts';
import type { TasksStore } from '../tasks.store.ts';
import { TARGETS_SHEET, TASKS_SHEET } from './xlsx/agency-columns.ts';
import type { AgencyImportPlan } from './xlsx/agency-import.ts';

/**
 * Saves a checked agency upload in ONE transaction: the stored file, every value (through
 * metrics, with `imported` provenance naming file, sheet and row) and every task report, under
 * the agency's submission lock. Any refusal rolls everything back and names the row it came from.
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
  cycles: CyclesStore;
  tasks: TasksStore;
  metrics: MetricsService;
  files: FileStore;
  audit: AuditLog;
  clock: Clock;
};

export type AgencyCommit = {
  planId: string;
  cycleId: string;
  agencyId: string;
  period: string;
  /** Indicator of each target code. */
  indicatorOf: Map<string, string>;
  plan: AgencyImportPlan;
  upload: { filename: string; bytes: Buffer };
};

const refusedBy = (sheet: string, row: number, error: unknown): never => {
  if (error instanceof AppError) throw new RowRefused(sheet, row, error.detail);
  throw error;
};

export async function commitAgencyImport(deps: Deps, actor: Actor, input: AgencyCommit): Promise<StoredFile> {
  const { cycles, tasks, metrics, files, audit, clock } = deps;
  const principal = actor.principal;
  const by =
    principal.kind === 'official'
      ? { accountId: principal.accountId, name: principal.fullName }
      : { accountId: actor.system ?? 'system', name: actor.system ?? 'system' };
  return cycles.db.transaction().execute(async (trx: PlanTrx) => {
    await cycles.ensureSubmissions(trx, input.cycleId, [input.agencyId], clock.now());
    const submission = (await cycles.submissionForUpdate(trx, input.cycleId, input.agencyId))!;
    if (submission.state === 'submitted' || submission.state === 'approved')
      throw new RowRefused(null, null, lockedReport(submission.state).detail);
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
      await metrics
        .saveObservation(
          actor,
          {
            indicatorCode: input.indicatorOf.get(value.code)!,
            period: input.period,
            agencyId: input.agencyId,
            value: value.value,
            numerator: value.numerator,
            denominator: value.denominator,
            comment: value.comment,
            provenance: provenance(TARGETS_SHEET, value.row),
          },
          trx,
        )
        .catch((error: unknown) => refusedBy(TARGETS_SHEET, value.row, error));
    }
    for (const report of input.plan.taskReports) {
      const before = await tasks.report(report.taskId, input.period, trx);
      const row: TaskReportRow = {
        task_id: report.taskId,
        period: input.period,
        agency_id: input.agencyId,
        cycle_id: input.cycleId,
        narrative: report.narrative,
        progress: report.progress,
        blockers: report.blockers,
        example: false,
        updated_at: clock.now(),
        updated_by: actorLabel(actor),
      };
      await tasks.saveReport(trx, row);
      await audit.record(trx, {
        actor,
        agencyId: input.agencyId,
        action: 'plan.task_report.save',
        objectType: 'plan.task_report',
        objectId: `${report.taskId}/${input.period}`,
        before: before ?? null,
        after: row,
        details: {
          task: report.code,
          period: input.period,
          progress: report.progress,
          statusReported: report.status,
          provenance: provenance(TASKS_SHEET, report.row),
        },
      });
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
