import type { AuditLog } from '../../../platform/audit/audit.ts';
import { type Actor, holdsRole, type Principal, requireRole } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import { AppError, type Bilingual, forbidden } from '../../../platform/errors.ts';
import { checkUpload, type FileStore } from '../../../platform/files.ts';
import type { Notifier } from '../../../platform/notify.ts';
import type { MetricsService } from '../../metrics/index.ts';
import type { CyclesStore } from '../cycles.store.ts';
import { type Confidence, NO_TARGET_VALUE } from '../plan.schema.ts';
import type { PlanService } from '../plan.service.ts';
import type { PlanStore } from '../plan.store.ts';
import { commitAgencyImport, importPolicy, RowRefused } from './agency-commit.ts';
import { commitAnnexImport } from './annex-commit.ts';
import { statusWorkbook, tableCsv, targetTable, taskTable } from './exports/status-export.ts';
import { both, submissionStateLabels, taskStatusLabels } from './labels.ts';
import { renderReportBook } from './pdf/report-book.ts';
import { checkAgencyWorkbook } from './xlsx/agency-import.ts';
import { agencyTemplate, type TemplateTarget } from './xlsx/agency-template.ts';
import { type AnnexContext, checkAnnexWorkbook } from './xlsx/annex-import.ts';
import { annexTemplate, confidenceChoice, directionChoice } from './xlsx/annex-template.ts';
import { type ImportReport, ReportBuilder } from './xlsx/import-report.ts';
import { loadWorkbook } from './xlsx/workbook.ts';

/**
 * Documents of the plan: the agencies' reporting templates and their import (dry run, then one
 * all-or-nothing commit), the public status exports, and the report book of a cycle.
 */
export type DocumentsDeps = {
  plan: PlanService;
  metrics: MetricsService;
  /** The plan's stores open the transaction an import is saved in; plans also lists targets. */
  cycles: CyclesStore;
  plans: PlanStore;
  /** Is the unit in the org register, and valid on the date when given? */
  agencyValid: (agencyId: string, on: string | null) => Promise<boolean>;
  audit: AuditLog;
  clock: Clock;
  files: FileStore;
  notify: Notifier;
};

export type Download = { filename: string; contentType: string; bytes: Buffer };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const unprocessableImport = (report: ImportReport) =>
  new AppError(
    'unprocessable',
    {
      vi: 'Tệp có lỗi nên chưa ghi gì. Sửa các dòng được nêu rồi tải lên lại.',
      en: 'The file has errors, so nothing was saved. Fix the rows listed and upload again.',
    },
    { report },
  );

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-');

export function createDocumentsService(deps: DocumentsDeps) {
  const { plan, metrics, clock } = deps;

  /** The cycle and its plan, refusing anyone but the agency's reporters and the plan's owners. */
  async function reportingContext(principal: Principal, cycleId: string, agencyId: string) {
    const cycle = await plan.cycle(cycleId);
    const planInfo = await plan.plan(cycle.planId);
    const isOwner = holdsRole(principal, 'plan_owner', planInfo.ownerAgencyId);
    if (!isOwner) requireRole(principal, 'agency_reporter', agencyId);
    return { cycle, planInfo };
  }

  async function indicatorOfTargets(planId: string) {
    const overview = await plan.overview(planId);
    const indicators = new Map((await metrics.indicators()).map((i) => [i.code, i]));
    return new Map(
      overview.targets.map((t) => [
        t.code,
        { indicatorCode: t.indicatorCode, indicator: indicators.get(t.indicatorCode) ?? null },
      ]),
    );
  }

  async function agencyWorkbookData(principal: Principal, cycleId: string, agencyId: string) {
    const { cycle, planInfo } = await reportingContext(principal, cycleId, agencyId);
    const [worklist, indicators] = await Promise.all([
      plan.worklist(principal, cycleId, agencyId),
      indicatorOfTargets(planInfo.id),
    ]);
    const targets: TemplateTarget[] = worklist.targets.map((t) => {
      const observation = t.observation;
      const milestones = t.milestones
        .map((m) => `${m.year}: ${m.value === null ? both(NO_TARGET_VALUE) : `${m.value} ${t.unit}`}`)
        .join('; ');
      return {
        code: t.code,
        labelVi: t.labelVi,
        unit: t.unit,
        period: cycle.period,
        confidence: both(t.confidenceLabel),
        milestones: milestones || both(NO_TARGET_VALUE),
        current: observation
          ? `${observation.value ?? '—'} (${both(submissionStateLabels[observation.status as keyof typeof submissionStateLabels] ?? { vi: observation.status, en: observation.status })})${observation.example ? ' · Ví dụ minh họa / Example' : ''}`
          : t.measuredBy
            ? `Tính tự động (${t.measuredBy}) / Computed`
            : '—',
        current_value: observation?.value ?? null,
        current_numerator: observation?.numerator ?? null,
        current_denominator: observation?.denominator ?? null,
        current_comment: observation?.comment ?? null,
        ratio: indicators.get(t.code)?.indicator?.aggregation === 'ratio',
        computed: t.measuredBy !== null,
      };
    });
    const tasks = worklist.tasks.map(({ task, report }) => ({
      taskId: task.id,
      code: task.code,
      titleVi: task.titleVi,
      period: cycle.period,
      deadline: task.deadline,
      current: `${task.progress}% · ${both(taskStatusLabels[task.status])}${task.example ? ' · Ví dụ minh họa / Example' : ''}`,
      progress: report?.progress ?? null,
      narrative: report?.narrative ?? null,
      blockers: report?.blockers ?? null,
    }));
    const locked: Bilingual | null = worklist.editable
      ? null
      : cycle.status !== 'open'
        ? {
            vi: `Kỳ báo cáo ${cycle.period} đã đóng; không nhận số liệu.`,
            en: `The reporting cycle ${cycle.period} is closed.`,
          }
        : worklist.submission.state === 'approved'
          ? {
              vi: 'Kỳ báo cáo đã được phê duyệt và khóa.',
              en: 'The reporting period has been approved and is locked.',
            }
          : worklist.submission.state === 'submitted'
            ? {
                vi: 'Báo cáo đã nộp, đang chờ duyệt; không thể sửa.',
                en: 'The report has been submitted and awaits review; it cannot be changed.',
              }
            : { vi: 'Bạn không thể sửa báo cáo này.', en: 'You cannot edit this report.' };
    return { cycle, planInfo, worklist, targets, tasks, indicators, locked };
  }

  return {
    async agencyTemplate(principal: Principal, cycleId: string, agencyId: string): Promise<Download> {
      const data = await agencyWorkbookData(principal, cycleId, agencyId);
      const bytes = await agencyTemplate({
        planId: data.planInfo.id,
        cycleId,
        agencyId,
        agencyName: `${data.worklist.agency.nameVi} / ${data.worklist.agency.nameEn}`,
        period: data.cycle.period,
        generatedAt: clock.now(),
        generatedBy: principal.kind === 'official' ? principal.username : 'system',
        targets: data.targets,
        tasks: data.tasks,
      });
      return {
        filename: `mau-bao-cao-${safeName(data.planInfo.id)}-${data.cycle.period}-${safeName(agencyId)}.xlsx`,
        contentType: XLSX_TYPE,
        bytes,
      };
    },

    /**
     * Checks an upload; with `dryRun` false and nothing wrong, saves all of it in one transaction.
     * With anything wrong, a commit is refused (422) carrying the same report, and nothing is saved.
     */
    async importAgencyReport(
      actor: Actor,
      cycleId: string,
      agencyId: string,
      upload: { filename: string; bytes: Buffer },
      dryRun: boolean,
    ): Promise<ImportReport> {
      checkUpload(upload.filename, upload.bytes, importPolicy);
      const data = await agencyWorkbookData(actor.principal, cycleId, agencyId);
      const report = new ReportBuilder();
      const workbook = await loadWorkbook(upload.bytes);
      if (!workbook) {
        report.file({ vi: 'Không đọc được tệp XLSX.', en: 'The XLSX file could not be read.' });
      }
      const planned = workbook
        ? checkAgencyWorkbook(
            workbook,
            {
              planId: data.planInfo.id,
              cycleId,
              agencyId,
              period: data.cycle.period,
              targets: data.targets,
              tasks: data.tasks,
              locked: data.locked,
            },
            report,
          )
        : { values: [], taskReports: [], unchanged: 0 };
      const summary = {
        targets: planned.values.length,
        tasks: planned.taskReports.length,
        unchanged: planned.unchanged,
      };
      if (dryRun) return report.build(summary, { dryRun });
      if (report.hasErrors()) throw unprocessableImport(report.build(summary, { dryRun }));
      try {
        const stored = await commitAgencyImport(deps, actor, {
          planId: data.planInfo.id,
          cycleId,
          agencyId,
          period: data.cycle.period,
          plan: planned,
          upload,
        });
        return report.build(summary, { dryRun, saved: true, fileId: stored.id });
      } catch (error) {
        if (!(error instanceof RowRefused)) throw error;
        if (error.sheet === null || error.row === null) report.file(error.reason);
        else report.cell(error.sheet, error.row, null, error.reason);
        throw unprocessableImport(report.build(summary, { dryRun }));
      }
    },

    /** The plan's annex (targets and tasks) as a workbook to edit; plan owners only. */
    async annexTemplate(principal: Principal, planId: string): Promise<Download> {
      const context = await annexContext(principal, planId);
      const bytes = await annexTemplate({
        planId,
        planCode: context.planCode,
        years: context.years,
        pillars: context.pillars,
        generatedAt: clock.now(),
        generatedBy: principal.kind === 'official' ? principal.username : 'system',
        targets: [...context.targets].map(([code, t]) => ({
          code,
          pillar: t.pillar,
          labelVi: t.labelVi,
          labelEn: t.labelEn,
          unit: t.unit,
          direction: directionChoice(t.direction),
          baselineValue: t.baseline?.value ?? null,
          baselineYear: t.baseline?.year ?? null,
          ...Object.fromEntries(
            context.years.map((year) => [
              `milestone${year}`,
              t.milestones.find((m) => m.year === year)?.value ?? null,
            ]),
          ),
          confidence: confidenceChoice(t.confidence),
          leadAgencyId: t.leadAgencyId,
          sourceDocument: t.sourceDocument,
        })),
        tasks: [...context.tasks].map(([code, task]) => ({
          code,
          titleVi: task.titleVi,
          titleEn: task.titleEn,
          pillar: task.pillar,
          leadAgencyId: task.leadAgencyId,
          coordinatingAgencyIds: task.coordinatingAgencyIds.join(', '),
          startOn: task.startOn,
          deadline: task.deadline,
          deliverableVi: task.deliverableVi,
          deliverableEn: task.deliverableEn,
          targetCodes: task.targetCodes.join(', '),
        })),
      });
      return { filename: `phu-luc-${safeName(planId)}.xlsx`, contentType: XLSX_TYPE, bytes };
    },

    /** Checks an annex upload; commits all of it in one transaction, or nothing (422). */
    async importAnnex(
      actor: Actor,
      planId: string,
      upload: { filename: string; bytes: Buffer },
      dryRun: boolean,
    ): Promise<ImportReport> {
      checkUpload(upload.filename, upload.bytes, importPolicy);
      const context = await annexContext(actor.principal, planId);
      const report = new ReportBuilder();
      const workbook = await loadWorkbook(upload.bytes);
      if (!workbook) report.file({ vi: 'Không đọc được tệp XLSX.', en: 'The XLSX file could not be read.' });
      const planned = workbook
        ? await checkAnnexWorkbook(workbook, context, report)
        : { targets: [], tasks: [], unchanged: 0 };
      const summary = {
        targets: planned.targets.length,
        tasks: planned.tasks.length,
        unchanged: planned.unchanged,
      };
      if (dryRun) return report.build(summary, { dryRun });
      if (report.hasErrors()) throw unprocessableImport(report.build(summary, { dryRun }));
      try {
        const stored = await commitAnnexImport(deps, actor, {
          planId,
          ownerAgencyId: context.ownerAgencyId,
          plan: planned,
          upload,
        });
        return report.build(summary, { dryRun, saved: true, fileId: stored.id });
      } catch (error) {
        if (!(error instanceof RowRefused)) throw error;
        if (error.sheet === null || error.row === null) report.file(error.reason);
        else report.cell(error.sheet, error.row, null, error.reason);
        throw unprocessableImport(report.build(summary, { dryRun }));
      }
    },

    /** The plan's status for everyone: approved data of a published plan. */
    async statusExport(
      planId: string,
      format: 'xlsx' | 'csv',
      options: { period?: string; table?: 'targets' | 'tasks' } = {},
    ): Promise<Download> {
      const performance = await plan.publicPerformance(planId, options.period);
      const base = `trang-thai-${safeName(planId)}-${performance.period}`;
      const needTasks = format === 'xlsx' || options.table === 'tasks';
      const tasks = needTasks ? await allTasks(planId) : [];
      if (format === 'csv') {
        const table = options.table === 'tasks' ? taskTable(tasks) : targetTable(performance);
        return {
          filename: `${base}${options.table === 'tasks' ? '-nhiem-vu' : ''}.csv`,
          contentType: 'text/csv; charset=utf-8',
          bytes: tableCsv(table),
        };
      }
      return {
        filename: `${base}.xlsx`,
        contentType: XLSX_TYPE,
        bytes: await statusWorkbook(performance, tasks, clock.now()),
      };
    },

    /** The report book of a cycle; plan owners of the plan and agency reviewers may read it. */
    async reportBook(principal: Principal, cycleId: string): Promise<Download> {
      const cycle = await plan.cycle(cycleId);
      const planInfo = await plan.plan(cycle.planId);
      if (
        !holdsRole(principal, 'plan_owner', planInfo.ownerAgencyId) &&
        !holdsRole(principal, 'agency_reviewer')
      )
        throw forbidden({
          vi: 'Sổ báo cáo dành cho cơ quan chủ trì kế hoạch và cán bộ duyệt báo cáo.',
          en: 'The report book is for plan owners and report reviewers.',
        });
      return buildReportBook(cycleId);
    },

    buildReportBook: (cycleId: string) => buildReportBook(cycleId),
  };

  async function annexContext(
    principal: Principal,
    planId: string,
  ): Promise<AnnexContext & { planCode: string; ownerAgencyId: string }> {
    const planInfo = await plan.plan(planId);
    if (!holdsRole(principal, 'plan_owner', planInfo.ownerAgencyId))
      requireRole(principal, 'plan_owner', planInfo.ownerAgencyId);
    const [rows, indicators, tasks] = await Promise.all([
      deps.plans.targets(planId),
      metrics.indicators(),
      allTasks(planId, principal),
    ]);
    const indicatorOf = new Map(indicators.map((i) => [i.code, i]));
    return {
      planId,
      planCode: planInfo.code,
      ownerAgencyId: planInfo.ownerAgencyId,
      years: [planInfo.horizonYear, ...(planInfo.orientationYear ? [planInfo.orientationYear] : [])],
      pillars: planInfo.pillars.map((p) => p.code),
      targets: new Map(
        rows.map((row) => {
          const indicator = indicatorOf.get(row.indicator_code);
          return [
            row.code,
            {
              id: row.id,
              indicatorCode: row.indicator_code,
              pillar: row.pillar_code,
              labelVi: row.label_vi,
              labelEn: row.label_en,
              unit: indicator?.unit ?? '',
              direction: indicator?.direction ?? 'at_least',
              baseline:
                row.baseline_value === null || row.baseline_year === null
                  ? null
                  : { value: Number(row.baseline_value), year: row.baseline_year },
              milestones: [...row.milestones]
                .map((m) => ({ year: m.year, value: m.value === null ? null : Number(m.value) }))
                .sort((a, b) => a.year - b.year),
              confidence: row.confidence as Confidence,
              leadAgencyId: row.lead_agency_id,
              sourceDocument: row.source_document,
            },
          ];
        }),
      ),
      tasks: new Map(
        tasks.map((task) => [
          task.code,
          {
            id: task.id,
            titleVi: task.titleVi,
            titleEn: task.titleEn,
            pillar: task.pillar,
            leadAgencyId: task.leadAgency.id,
            coordinatingAgencyIds: task.coordinatingAgencies.map((a) => a.id),
            startOn: task.startOn,
            deadline: task.deadline,
            deliverableVi: task.deliverableVi,
            deliverableEn: task.deliverableEn,
            targetCodes: task.targetCodes,
          },
        ]),
      ),
      agencyValid: deps.agencyValid,
    };
  }

  async function allTasks(planId: string, viewer: Principal = { kind: 'anonymous' }) {
    const first = await plan.tasks(viewer, planId, { limit: 500, offset: 0 });
    const rest = [];
    for (let offset = 500; offset < first.total; offset += 500)
      rest.push(...(await plan.tasks(viewer, planId, { limit: 500, offset })).tasks);
    return [...first.tasks, ...rest];
  }

  async function buildReportBook(cycleId: string): Promise<Download> {
    const cycle = await plan.cycle(cycleId);
    const overview = await plan.overview(cycle.planId, cycle.period);
    const anonymous: Principal = { kind: 'anonymous' };
    const targets = [];
    for (const summary of overview.targets)
      targets.push(await plan.target(anonymous, cycle.planId, summary.code, cycle.period));
    const [tasks, completion] = await Promise.all([allTasks(cycle.planId), plan.completion(cycleId)]);
    const bytes = await renderReportBook({
      overview,
      cycle,
      targets,
      tasks,
      completion,
      generatedAt: clock.now(),
    });
    return {
      filename: `so-bao-cao-${safeName(overview.plan.id)}-${cycle.period}.pdf`,
      contentType: 'application/pdf',
      bytes,
    };
  }
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
