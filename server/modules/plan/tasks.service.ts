import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, type Principal, requireOfficial, requireRole } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, conflict, notFound, validationFailed } from '../../platform/errors.ts';
import type { FileStore, UploadPolicy } from '../../platform/files.ts';
import { parsePeriod } from '../../platform/period.ts';
import { type AgencyDirectory, unknownAgency } from './agencies.ts';
import type { CyclesStore } from './cycles.store.ts';
import { isPlanOwner, maySeeDrafts, requirePlanOwner } from './plan.access.ts';
import { type Confidence, confidenceLabels, type TaskStatus } from './plan.schema.ts';
import type { PlanStore } from './plan.store.ts';
import type {
  PlanRow,
  PlanTrx,
  SubmissionStateValue,
  TaskReportEvidenceRow,
  TaskReportRow,
  TaskRow,
} from './plan.tables.ts';
import { actorLabel, iso } from './plan.views.ts';
import type { TaskFilter, TasksStore } from './tasks.store.ts';

export const reportEvidencePolicy: UploadPolicy = {
  kinds: ['pdf', 'png', 'jpeg', 'xlsx', 'docx', 'csv', 'text'],
  maxBytes: 20 * 1024 * 1024,
};

export type TaskInput = {
  code: string;
  titleVi: string;
  titleEn: string;
  pillar: string;
  leadAgencyId: string;
  coordinatingAgencyIds: string[];
  startOn: string;
  deadline: string;
  deliverableVi: string | null;
  deliverableEn: string | null;
  targetCodes: string[];
  status: 'not_started' | 'in_progress' | 'done' | 'cancelled';
  progress: number;
  example?: boolean;
};

export type TaskQuery = {
  agency?: string;
  lineage?: boolean;
  pillar?: string;
  status?: TaskStatus;
  overdue?: boolean;
  example?: boolean;
  q?: string;
  limit: number;
  offset: number;
};

type Deps = {
  plans: PlanStore;
  tasks: TasksStore;
  cycles: CyclesStore;
  agencies: AgencyDirectory;
  audit: AuditLog;
  clock: Clock;
  files: FileStore;
};

/**
 * `trx`: join the caller's transaction (an import saving a whole file at once); every read goes
 * through it. `provenance` (e.g. the imported file, sheet and row) is recorded with the audit entry.
 */
type TaskWriteOptions = { trx?: PlanTrx; provenance?: Record<string, unknown> };

export const lockedReport = (state: SubmissionStateValue) =>
  state === 'approved'
    ? conflict({
        vi: 'Kỳ báo cáo đã được phê duyệt và khóa.',
        en: 'The reporting period has been approved and is locked.',
      })
    : conflict({
        vi: 'Báo cáo đã nộp, đang chờ duyệt; không thể sửa.',
        en: 'The report has been submitted and awaits review; it cannot be changed.',
      });

/** Tasks of a plan, their periodic reports and the reports' evidence. */
export function createTasksService(deps: Deps) {
  const { plans, tasks, cycles, agencies, audit, clock, files } = deps;

  const overdue = (row: TaskRow) =>
    row.deadline < clock.today() && row.status !== 'done' && row.status !== 'cancelled';
  const effectiveStatus = (row: TaskRow): TaskStatus => (overdue(row) ? 'overdue' : row.status);

  async function requireTask(taskId: string, executor?: PlanTrx): Promise<TaskRow> {
    const row = await tasks.task(taskId, executor);
    if (!row) throw notFound({ vi: 'nhiệm vụ này', en: 'This task' });
    return row;
  }

  async function requirePlan(planId: string, executor?: PlanTrx): Promise<PlanRow> {
    const plan = await plans.plan(planId, executor);
    if (!plan) throw notFound({ vi: `kế hoạch ${planId}`, en: `Plan ${planId}` });
    return plan;
  }

  /** Report states come from the agency's submission for the report's cycle. */
  async function reportStates(reports: TaskReportRow[], executor?: PlanTrx) {
    const submissions = await cycles.submissions([...new Set(reports.map((r) => r.cycle_id))], executor);
    const state = new Map(submissions.map((s) => [`${s.cycle_id}:${s.agency_id}`, s.state]));
    return (report: TaskReportRow): SubmissionStateValue =>
      state.get(`${report.cycle_id}:${report.agency_id}`) ?? 'draft';
  }

  const visibleReport = (
    viewer: Principal,
    plan: PlanRow,
    report: TaskReportRow,
    state: SubmissionStateValue,
  ) => state === 'approved' || maySeeDrafts(viewer, plan, report.agency_id);

  function toReport(report: TaskReportRow, state: SubmissionStateValue, evidence: TaskReportEvidenceRow[]) {
    return {
      taskId: report.task_id,
      period: report.period,
      agencyId: report.agency_id,
      narrative: report.narrative,
      progress: report.progress,
      blockers: report.blockers,
      evidence: evidence
        .filter((e) => e.task_id === report.task_id && e.period === report.period)
        .map((e) => ({
          id: e.file_id,
          filename: e.filename,
          mediaType: e.media_type,
          sizeBytes: e.size_bytes,
          sha256: e.sha256,
          createdAt: iso(e.uploaded_at),
        })),
      state,
      example: report.example,
      updatedAt: iso(report.updated_at),
      updatedBy: report.updated_by,
    };
  }

  /** Task rows as the board shows them, with agencies, targets and the latest report the viewer may see. */
  async function summaries(viewer: Principal, plan: PlanRow, rows: TaskRow[]) {
    const ids = rows.map((r) => r.id);
    const [coordinators, linked, reports] = await Promise.all([
      tasks.coordinators(ids),
      tasks.linkedTargets(ids),
      tasks.reports(ids),
    ]);
    const [refs, stateOf] = await Promise.all([
      agencies.refs([...rows.map((r) => r.lead_agency_id), ...coordinators.map((c) => c.agency_id)]),
      reportStates(reports),
    ]);
    const ref = (id: string) => refs.get(id) ?? unknownAgency(id);
    return rows.map((row) => {
      const last = reports.find((r) => r.task_id === row.id && visibleReport(viewer, plan, r, stateOf(r)));
      return {
        id: row.id,
        planId: row.plan_id,
        code: row.code,
        titleVi: row.title_vi,
        titleEn: row.title_en,
        pillar: row.pillar_code,
        leadAgency: ref(row.lead_agency_id),
        coordinatingAgencies: coordinators.filter((c) => c.task_id === row.id).map((c) => ref(c.agency_id)),
        startOn: row.start_on,
        deadline: row.deadline,
        deliverableVi: row.deliverable_vi,
        deliverableEn: row.deliverable_en,
        status: effectiveStatus(row),
        storedStatus: row.status,
        overdue: overdue(row),
        progress: row.progress,
        targetCodes: linked.filter((l) => l.task_id === row.id).map((l) => l.code),
        example: row.example,
        lastReport: last ? { period: last.period, progress: last.progress, state: stateOf(last) } : null,
      };
    });
  }

  async function list(viewer: Principal, planId: string, query: TaskQuery) {
    const plan = await requirePlan(planId);
    let agencyIds: string[] | undefined;
    if (query.agency) {
      agencyIds = [query.agency];
      if (query.lineage) {
        const unit = await agencies.detail(query.agency);
        agencyIds.push(...(unit?.predecessors.map((p) => p.unit.id) ?? []));
      }
    }
    const filter: TaskFilter = {
      planId,
      agencyIds,
      pillar: query.pillar,
      status: query.status,
      overdue: query.overdue,
      example: query.example,
      q: query.q,
      today: clock.today(),
      limit: query.limit,
      offset: query.offset,
    };
    const { total, rows } = await tasks.tasks(filter);
    return { total, tasks: await summaries(viewer, plan, rows) };
  }

  async function detail(viewer: Principal, taskId: string) {
    const row = await requireTask(taskId);
    const plan = await requirePlan(row.plan_id);
    const [[summary], linked, reports] = await Promise.all([
      summaries(viewer, plan, [row]),
      tasks.linkedTargets([row.id]),
      tasks.reports([row.id]),
    ]);
    const [targets, stateOf, evidence] = await Promise.all([
      plans.targetsByIds(linked.map((l) => l.target_id)),
      reportStates(reports),
      tasks.evidence(reports.map((r) => ({ taskId: r.task_id, period: r.period }))),
    ]);
    return {
      ...summary!,
      targets: targets.map((t) => ({
        code: t.code,
        labelVi: t.label_vi,
        labelEn: t.label_en,
        confidence: t.confidence as Confidence,
        confidenceLabel: { ...confidenceLabels[t.confidence as Confidence] },
      })),
      reports: reports
        .filter((r) => visibleReport(viewer, plan, r, stateOf(r)))
        .map((r) => toReport(r, stateOf(r), evidence)),
    };
  }

  /**
   * Checks what a task refers to: units in the register, the plan's pillar and targets. Inside the
   * caller's transaction (`trx`) the caller vouches for the units: the register cannot be read
   * beside an open transaction on PGlite.
   */
  async function validate(
    plan: PlanRow,
    input: Omit<TaskInput, 'code' | 'status' | 'progress'>,
    trx?: PlanTrx,
  ) {
    if (input.deadline < input.startOn)
      throw validationFailed([
        { path: 'deadline', message: { vi: 'không trước ngày bắt đầu', en: 'not before the start' } },
      ]);
    if (!trx && !(await agencies.exists(input.leadAgencyId, input.startOn)))
      throw new AppError('unprocessable', {
        vi: `Đơn vị chủ trì ${input.leadAgencyId} không tồn tại vào ngày bắt đầu ${input.startOn}.`,
        en: `Lead unit ${input.leadAgencyId} did not exist on the start date ${input.startOn}.`,
      });
    for (const id of trx ? [] : input.coordinatingAgencyIds)
      if (!(await agencies.exists(id))) throw notFound({ vi: `đơn vị ${id}`, en: `Unit ${id}` });
    const pillars = await plans.pillars(plan.id, trx);
    if (!pillars.some((p) => p.code === input.pillar))
      throw validationFailed([
        { path: 'pillar', message: { vi: 'không có trong kế hoạch', en: 'not in the plan' } },
      ]);
    const targets = await plans.targets(plan.id, trx);
    const ids = input.targetCodes.map((code) => {
      const target = targets.find((t) => t.code === code);
      if (!target) throw notFound({ vi: `chỉ tiêu ${code}`, en: `Target ${code}` });
      return target.id;
    });
    return { targetIds: ids };
  }

  /** Runs `write` in the caller's transaction, or in one of its own. */
  const within = (options: TaskWriteOptions, write: (trx: PlanTrx) => Promise<void>) =>
    options.trx ? write(options.trx) : tasks.db.transaction().execute(write);

  async function create(actor: Actor, planId: string, input: TaskInput, options: TaskWriteOptions = {}) {
    const plan = await requirePlan(planId, options.trx);
    if (!actor.system) requirePlanOwner(actor.principal, plan);
    const { targetIds } = await validate(plan, input, options.trx);
    if (await tasks.taskByCode(planId, input.code, options.trx))
      throw conflict({ vi: `Mã nhiệm vụ ${input.code} đã có.`, en: `Task code ${input.code} is taken.` });
    const id = randomUUID();
    const now = clock.now();
    await within(options, async (trx) => {
      const row = {
        id,
        plan_id: planId,
        code: input.code,
        title_vi: input.titleVi,
        title_en: input.titleEn,
        pillar_code: input.pillar,
        lead_agency_id: input.leadAgencyId,
        start_on: input.startOn,
        deadline: input.deadline,
        deliverable_vi: input.deliverableVi,
        deliverable_en: input.deliverableEn,
        status: input.status,
        progress: input.progress,
        example: input.example ?? false,
        updated_at: now,
      };
      await tasks.insertTask(trx, row);
      await tasks.setCoordinators(
        trx,
        id,
        input.coordinatingAgencyIds.filter((a) => a !== input.leadAgencyId),
      );
      await tasks.setLinkedTargets(trx, id, targetIds);
      await audit.record(trx, {
        actor,
        agencyId: input.leadAgencyId,
        action: 'plan.task.create',
        objectType: 'plan.task',
        objectId: id,
        before: null,
        after: { ...row, coordinatingAgencyIds: input.coordinatingAgencyIds, targetCodes: input.targetCodes },
        details: {
          plan: planId,
          code: input.code,
          example: row.example,
          ...(options.provenance ? { provenance: options.provenance } : {}),
        },
      });
    });
    return id;
  }

  async function update(
    actor: Actor,
    taskId: string,
    patch: Partial<Omit<TaskInput, 'code' | 'example'>>,
    options: TaskWriteOptions = {},
  ) {
    const before = await requireTask(taskId, options.trx);
    const plan = await requirePlan(before.plan_id, options.trx);
    requirePlanOwner(actor.principal, plan);
    const coordinators = await tasks.coordinators([taskId], options.trx);
    const linked = await tasks.linkedTargets([taskId], options.trx);
    const merged = {
      titleVi: patch.titleVi ?? before.title_vi,
      titleEn: patch.titleEn ?? before.title_en,
      pillar: patch.pillar ?? before.pillar_code,
      leadAgencyId: patch.leadAgencyId ?? before.lead_agency_id,
      coordinatingAgencyIds: patch.coordinatingAgencyIds ?? coordinators.map((c) => c.agency_id),
      startOn: patch.startOn ?? before.start_on,
      deadline: patch.deadline ?? before.deadline,
      deliverableVi: patch.deliverableVi !== undefined ? patch.deliverableVi : before.deliverable_vi,
      deliverableEn: patch.deliverableEn !== undefined ? patch.deliverableEn : before.deliverable_en,
      targetCodes: patch.targetCodes ?? linked.map((l) => l.code),
    };
    const { targetIds } = await validate(plan, merged, options.trx);
    await within(options, async (trx) => {
      await tasks.updateTask(trx, taskId, {
        title_vi: merged.titleVi,
        title_en: merged.titleEn,
        pillar_code: merged.pillar,
        lead_agency_id: merged.leadAgencyId,
        start_on: merged.startOn,
        deadline: merged.deadline,
        deliverable_vi: merged.deliverableVi,
        deliverable_en: merged.deliverableEn,
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.progress !== undefined ? { progress: patch.progress } : {}),
      });
      if (patch.coordinatingAgencyIds)
        await tasks.setCoordinators(
          trx,
          taskId,
          merged.coordinatingAgencyIds.filter((a) => a !== merged.leadAgencyId),
        );
      if (patch.targetCodes) await tasks.setLinkedTargets(trx, taskId, targetIds);
      await audit.record(trx, {
        actor,
        agencyId: merged.leadAgencyId,
        action: 'plan.task.update',
        objectType: 'plan.task',
        objectId: taskId,
        before: {
          ...before,
          coordinatingAgencyIds: coordinators.map((c) => c.agency_id),
          targetCodes: linked.map((l) => l.code),
        },
        after: {
          ...(await tasks.task(taskId, trx)),
          coordinatingAgencyIds: merged.coordinatingAgencyIds,
          targetCodes: merged.targetCodes,
        },
        details: {
          fields: Object.keys(patch),
          ...(options.provenance ? { provenance: options.provenance } : {}),
        },
      });
    });
  }

  /** The cycle of a task report's period, and the lead agency's submission state in it. */
  async function reportContext(task: TaskRow, periodId: string, executor?: PlanTrx) {
    const period = parsePeriod(periodId);
    const cycle = await cycles.cycleOfPeriod(task.plan_id, period.id, executor);
    if (!cycle)
      throw new AppError('unprocessable', {
        vi: `Chưa có kỳ báo cáo ${period.id} cho kế hoạch này; cơ quan chủ trì kế hoạch cần mở kỳ trước.`,
        en: `There is no reporting cycle for ${period.id} in this plan; the plan owner opens it first.`,
      });
    if (cycle.status === 'closed')
      throw conflict({
        vi: `Kỳ báo cáo ${period.id} đã đóng.`,
        en: `The reporting cycle ${period.id} is closed.`,
      });
    return { period, cycle };
  }

  async function lockedSubmission(trx: PlanTrx, cycleId: string, agencyId: string) {
    await cycles.ensureSubmissions(trx, cycleId, [agencyId], clock.now());
    const submission = (await cycles.submissionForUpdate(trx, cycleId, agencyId))!;
    if (submission.state === 'submitted' || submission.state === 'approved')
      throw lockedReport(submission.state);
    return submission;
  }

  /**
   * Saves the task's report for a period, under the reporting agency's submission lock. With
   * `options.trx` it joins the caller's transaction (an import saving a whole file at once): then
   * every read goes through that transaction. The reporting agency is the task's lead, or
   * `options.agencyId` when the cycle gave the task to another (the successor of a unit that
   * ended). Its reporters write; so may plan owners (an owner's import for the agency), though the
   * task-report route itself admits reporters only.
   */
  async function saveReport(
    actor: Actor,
    taskId: string,
    periodId: string,
    input: { narrative: string; progress: number; blockers: string | null; example?: boolean },
    options: TaskWriteOptions & { agencyId?: string } = {},
  ) {
    const run = async (trx: PlanTrx) => {
      const task = await tasks.task(taskId, trx);
      if (!task) throw notFound({ vi: 'nhiệm vụ này', en: 'This task' });
      const agencyId = options.agencyId ?? task.lead_agency_id;
      if (!actor.system) {
        const plan = await requirePlan(task.plan_id, trx);
        if (!isPlanOwner(actor.principal, plan)) requireRole(actor.principal, 'agency_reporter', agencyId);
      }
      const { period, cycle } = await reportContext(task, periodId, trx);
      if (task.status === 'cancelled')
        throw conflict({ vi: 'Nhiệm vụ đã hủy.', en: 'The task is cancelled.' });
      if (agencyId !== task.lead_agency_id) {
        const obligations = await cycles.obligations([cycle.id], { agencyId }, trx);
        if (!obligations.some((o) => o.task_id === taskId))
          throw new AppError('unprocessable', {
            vi: `Đơn vị ${agencyId} không được giao báo cáo nhiệm vụ ${task.code} trong kỳ ${period.id}.`,
            en: `Unit ${agencyId} is not asked to report task ${task.code} in ${period.id}.`,
          });
      }
      await lockedSubmission(trx, cycle.id, agencyId);
      const before = await tasks.report(taskId, period.id, trx);
      const row: TaskReportRow = {
        task_id: taskId,
        period: period.id,
        agency_id: agencyId,
        cycle_id: cycle.id,
        narrative: input.narrative,
        progress: input.progress,
        blockers: input.blockers,
        example: input.example ?? false,
        updated_at: clock.now(),
        updated_by: actorLabel(actor),
      };
      await tasks.saveReport(trx, row);
      await audit.record(trx, {
        actor,
        agencyId,
        action: 'plan.task_report.save',
        objectType: 'plan.task_report',
        objectId: `${taskId}/${period.id}`,
        before: before ?? null,
        after: row,
        details: {
          task: task.code,
          period: period.id,
          progress: input.progress,
          ...(options.provenance ? { provenance: options.provenance } : {}),
        },
      });
      const [stateOf, evidence] = await Promise.all([
        reportStates([row], trx),
        tasks.evidence([{ taskId, period: period.id }], trx),
      ]);
      return toReport(row, stateOf(row), evidence);
    };
    return options.trx ? run(options.trx) : tasks.db.transaction().execute(run);
  }

  async function attachEvidence(
    actor: Actor,
    taskId: string,
    periodId: string,
    upload: { filename: string; bytes: Buffer },
  ) {
    const task = await requireTask(taskId);
    requireRole(actor.principal, 'agency_reporter', task.lead_agency_id);
    const { period, cycle } = await reportContext(task, periodId);
    if (!(await tasks.report(taskId, period.id)))
      throw new AppError('unprocessable', {
        vi: 'Hãy lưu báo cáo của kỳ trước khi đính kèm minh chứng.',
        en: 'Save the report for the period before attaching evidence.',
      });
    return tasks.db.transaction().execute(async (trx) => {
      await lockedSubmission(trx, cycle.id, task.lead_agency_id);
      const stored = await files.save(trx as unknown as Kysely<unknown>, {
        filename: upload.filename,
        bytes: upload.bytes,
        purpose: 'plan.task_report.evidence',
        policy: reportEvidencePolicy,
        actor,
      });
      await tasks.insertEvidence(trx, {
        task_id: taskId,
        period: period.id,
        file_id: stored.id,
        filename: stored.filename,
        media_type: stored.mediaType,
        size_bytes: stored.sizeBytes,
        sha256: stored.sha256,
        uploaded_at: stored.createdAt,
        uploaded_by: actorLabel(actor),
      });
      await audit.record(trx, {
        actor,
        agencyId: task.lead_agency_id,
        action: 'plan.task_report.evidence',
        objectType: 'plan.task_report',
        objectId: `${taskId}/${period.id}`,
        after: { fileId: stored.id, sha256: stored.sha256 },
        details: { filename: stored.filename, mediaType: stored.mediaType, sizeBytes: stored.sizeBytes },
      });
      return { ...stored, createdAt: iso(stored.createdAt) };
    });
  }

  /** A report's evidence file, for those who may see the report (else: not found). */
  async function evidenceContent(viewer: Principal, fileId: string) {
    requireOfficial(viewer);
    const row = await tasks.evidenceByFile(fileId);
    if (!row) return null;
    const report = await tasks.report(row.task_id, row.period);
    const task = await tasks.task(row.task_id);
    const plan = task ? await plans.plan(task.plan_id) : undefined;
    if (!report || !plan) return null;
    const stateOf = await reportStates([report]);
    if (!visibleReport(viewer, plan, report, stateOf(report))) return null;
    return files.content(fileId);
  }

  type TaskPatch = Partial<Omit<TaskInput, 'code' | 'example'>>;
  type Detail = Awaited<ReturnType<typeof detail>>;

  /**
   * `create` answering the task's detail — or, inside the caller's transaction, its id: the
   * detail reads the org register, which cannot run beside an open transaction on PGlite.
   */
  function createTask(actor: Actor, planId: string, input: TaskInput): Promise<Detail>;
  function createTask(
    actor: Actor,
    planId: string,
    input: TaskInput,
    options: TaskWriteOptions & { trx: PlanTrx },
  ): Promise<string>;
  async function createTask(
    actor: Actor,
    planId: string,
    input: TaskInput,
    options: TaskWriteOptions = {},
  ): Promise<Detail | string> {
    const id = await create(actor, planId, input, options);
    return options.trx ? id : detail(actor.principal, id);
  }

  /** `update` answering as `createTask` does (the id inside the caller's transaction). */
  function updateTask(actor: Actor, taskId: string, patch: TaskPatch): Promise<Detail>;
  function updateTask(
    actor: Actor,
    taskId: string,
    patch: TaskPatch,
    options: TaskWriteOptions & { trx: PlanTrx },
  ): Promise<string>;
  async function updateTask(
    actor: Actor,
    taskId: string,
    patch: TaskPatch,
    options: TaskWriteOptions = {},
  ): Promise<Detail | string> {
    await update(actor, taskId, patch, options);
    return options.trx ? taskId : detail(actor.principal, taskId);
  }

  return {
    createTask,
    updateTask,
    requireTask,
    summaries,
    list,
    detail,
    create,
    update,
    saveReport,
    attachEvidence,
    evidenceContent,
    effectiveStatus,
    toReport,
    reportStates,
    isOwner: (principal: Principal, plan: PlanRow) => isPlanOwner(principal, plan),
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
