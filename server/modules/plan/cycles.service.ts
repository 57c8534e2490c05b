import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Actor, type Principal, requireRole } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { type Period, parsePeriod, previousPeriod } from '../../platform/period.ts';
import type { Indicator, MetricsService, Provenance } from '../metrics/index.ts';
import { type AgencyDirectory, unknownAgency } from './agencies.ts';
import type { CyclesStore } from './cycles.store.ts';
import { isPlanOwner, isReporterOf, isReviewerOf, maySeeDrafts, requirePlanOwner } from './plan.access.ts';
import type { AgencyRef } from './plan.schema.ts';
import type { PlanStore } from './plan.store.ts';
import type {
  CycleRow,
  ObligationRow,
  PlanRow,
  PlanTrx,
  SubmissionRow,
  SubmissionStateValue,
  TargetRow,
} from './plan.tables.ts';
import { actorLabel, confidenceOf, iso, milestonesView, toPlan } from './plan.views.ts';
import { lockedReport, type TasksService } from './tasks.service.ts';
import type { TasksStore } from './tasks.store.ts';

type Deps = {
  plans: PlanStore;
  tasksStore: TasksStore;
  tasks: TasksService;
  cycles: CyclesStore;
  metrics: MetricsService;
  agencies: AgencyDirectory;
  audit: AuditLog;
  clock: Clock;
};

type Upload = { filename: string; bytes: Buffer };

/** Reporting cycles: obligations, worklists, values, the submission flow and the completion view. */
export function createCyclesService(deps: Deps) {
  const { plans, tasksStore, tasks, cycles, metrics, agencies, audit, clock } = deps;

  async function requireCycle(
    cycleId: string,
    executor?: PlanTrx,
  ): Promise<{ cycle: CycleRow; plan: PlanRow }> {
    const cycle = await cycles.cycle(cycleId, executor);
    if (!cycle) throw notFound({ vi: 'kỳ báo cáo này', en: 'This reporting cycle' });
    const plan = (await plans.plan(cycle.plan_id, executor))!;
    return { cycle, plan };
  }

  const requireOpen = (cycle: CycleRow) => {
    if (cycle.status !== 'open')
      throw conflict({
        vi: `Kỳ báo cáo ${cycle.period} đã đóng.`,
        en: `The reporting cycle ${cycle.period} is closed.`,
      });
  };

  /** Not submitted and past the due date (the whole due day counts). */
  const isOverdue = (cycle: CycleRow, state: SubmissionStateValue) =>
    (state === 'draft' || state === 'returned') && clock.today() > cycle.due_on;

  function toCycle(cycle: CycleRow, submissions: SubmissionRow[]) {
    const own = submissions.filter((s) => s.cycle_id === cycle.id);
    const count = (state: SubmissionStateValue) => own.filter((s) => s.state === state).length;
    return {
      id: cycle.id,
      planId: cycle.plan_id,
      period: cycle.period,
      periodStart: cycle.period_start,
      periodEnd: cycle.period_end,
      dueOn: cycle.due_on,
      status: cycle.status,
      example: cycle.example,
      openedAt: iso(cycle.opened_at),
      openedBy: cycle.opened_by,
      agencies: own.length,
      counts: {
        draft: count('draft'),
        submitted: count('submitted'),
        approved: count('approved'),
        returned: count('returned'),
        late: own.filter((s) => s.late).length,
      },
    };
  }

  /** Obligations with their agency and what they are about. */
  async function obligationViews(rows: ObligationRow[]) {
    const [targets, taskRows, refs] = await Promise.all([
      plans.targetsByIds([...new Set(rows.flatMap((r) => (r.target_id ? [r.target_id] : [])))]),
      tasksStore.tasksByIds([...new Set(rows.flatMap((r) => (r.task_id ? [r.task_id] : [])))]),
      agencies.refs(rows.map((r) => r.agency_id)),
    ]);
    return rows.map((row) => {
      const target = targets.find((t) => t.id === row.target_id);
      const task = taskRows.find((t) => t.id === row.task_id);
      return {
        id: row.id,
        cycleId: row.cycle_id,
        agency: refs.get(row.agency_id) ?? unknownAgency(row.agency_id),
        kind: target ? ('target' as const) : ('task' as const),
        targetCode: target?.code ?? null,
        taskId: task?.id ?? null,
        titleVi: target ? `${target.code}. ${target.label_vi}` : `${task?.code}. ${task?.title_vi}`,
        titleEn: target ? `${target.code}. ${target.label_en}` : `${task?.code}. ${task?.title_en}`,
      };
    });
  }

  async function cycleDetail(cycleId: string) {
    const { cycle } = await requireCycle(cycleId);
    const [submissions, obligations] = await Promise.all([
      cycles.submissions([cycle.id]),
      cycles.obligations([cycle.id]),
    ]);
    return { ...toCycle(cycle, submissions), obligations: await obligationViews(obligations) };
  }

  async function list(planId: string) {
    if (!(await plans.plan(planId))) throw notFound({ vi: `kế hoạch ${planId}`, en: `Plan ${planId}` });
    const rows = await cycles.cycles(planId);
    const submissions = await cycles.submissions(rows.map((r) => r.id));
    return rows.map((row) => toCycle(row, submissions));
  }

  /**
   * Who reports for a unit in a period: itself while it exists; once it has ended, its single
   * successor (or its one merger successor); else nobody yet (the owner assigns by hand).
   */
  async function reporterFor(
    agencyId: string,
    period: Period,
  ): Promise<{ agencyId: string | null; ref: AgencyRef }> {
    const ref = (await agencies.ref(agencyId)) ?? unknownAgency(agencyId);
    const ended = ref.validTo !== null && ref.validTo <= period.start;
    if (!ended) return { agencyId, ref };
    const mergers = ref.successors.filter((s) => s.kind === 'merger');
    const single =
      ref.successors.length === 1 ? ref.successors[0] : mergers.length === 1 ? mergers[0] : undefined;
    return { agencyId: single?.id ?? null, ref };
  }

  async function generateObligations(plan: PlanRow, period: Period) {
    const [targets, indicators, active] = await Promise.all([
      plans.targets(plan.id),
      metrics.indicators(),
      tasksStore.tasksActiveBetween(plan.id, period.start, period.end),
    ]);
    const indicatorOf = new Map(indicators.map((i) => [i.code, i]));
    const wanted: { kind: 'target' | 'task'; id: string; code: string; lead: string }[] = [
      ...targets
        .filter((t) => {
          const indicator = indicatorOf.get(t.indicator_code);
          // Values the platform measures itself are not reported; other period types have their own cycles.
          return (
            t.lead_agency_id && indicator && !indicator.computedSource && indicator.periodType === period.type
          );
        })
        .map((t) => ({ kind: 'target' as const, id: t.id, code: t.code, lead: t.lead_agency_id! })),
      ...active.map((t) => ({ kind: 'task' as const, id: t.id, code: t.code, lead: t.lead_agency_id })),
    ];
    const obligations: Omit<ObligationRow, 'cycle_id'>[] = [];
    const unassigned: {
      kind: 'target' | 'task';
      targetCode: string | null;
      taskId: string | null;
      agency: AgencyRef;
    }[] = [];
    for (const item of wanted) {
      const { agencyId, ref } = await reporterFor(item.lead, period);
      const about =
        item.kind === 'target'
          ? { target_id: item.id, task_id: null }
          : { target_id: null, task_id: item.id };
      if (agencyId) obligations.push({ id: randomUUID(), agency_id: agencyId, ...about });
      else
        unassigned.push({
          kind: item.kind,
          targetCode: item.kind === 'target' ? item.code : null,
          taskId: item.kind === 'task' ? item.id : null,
          agency: ref,
        });
    }
    return { obligations, unassigned };
  }

  async function open(
    actor: Actor,
    planId: string,
    input: { period: string; dueOn: string; generate: boolean; example?: boolean },
  ) {
    const plan = await plans.plan(planId);
    if (!plan) throw notFound({ vi: `kế hoạch ${planId}`, en: `Plan ${planId}` });
    if (!actor.system) requirePlanOwner(actor.principal, plan);
    const period = parsePeriod(input.period);
    if (input.dueOn < period.start)
      throw validationFailed([
        { path: 'dueOn', message: { vi: 'không trước ngày đầu kỳ', en: 'not before the period begins' } },
      ]);
    if (await cycles.cycleOfPeriod(planId, period.id))
      throw conflict({ vi: `Kỳ ${period.id} đã được mở.`, en: `A cycle for ${period.id} is already open.` });
    const generated = input.generate
      ? await generateObligations(plan, period)
      : { obligations: [], unassigned: [] };
    const id = randomUUID();
    await cycles.db.transaction().execute(async (trx) => {
      const row: CycleRow = {
        id,
        plan_id: planId,
        period: period.id,
        period_start: period.start,
        period_end: period.end,
        due_on: input.dueOn,
        status: 'open',
        example: input.example ?? false,
        opened_at: clock.now(),
        opened_by: actorLabel(actor),
      };
      await cycles.insertCycle(trx, row);
      await cycles.insertObligations(
        trx,
        generated.obligations.map((o) => ({ ...o, cycle_id: id })),
      );
      await cycles.ensureSubmissions(
        trx,
        id,
        generated.obligations.map((o) => o.agency_id),
        clock.now(),
      );
      await audit.record(trx, {
        actor,
        agencyId: plan.owner_agency_id,
        action: 'plan.cycle.open',
        objectType: 'plan.cycle',
        objectId: id,
        before: null,
        after: row,
        details: {
          plan: planId,
          period: period.id,
          dueOn: input.dueOn,
          obligations: generated.obligations.length,
          unassigned: generated.unassigned.length,
        },
      });
    });
    return { ...(await cycleDetail(id)), unassigned: generated.unassigned };
  }

  async function update(
    actor: Actor,
    cycleId: string,
    patch: { dueOn?: string; status?: 'open' | 'closed' },
  ) {
    const { cycle, plan } = await requireCycle(cycleId);
    if (!actor.system) requirePlanOwner(actor.principal, plan);
    if (patch.dueOn && patch.dueOn < cycle.period_start)
      throw validationFailed([
        { path: 'dueOn', message: { vi: 'không trước ngày đầu kỳ', en: 'not before the period begins' } },
      ]);
    await cycles.db.transaction().execute(async (trx) => {
      await cycles.updateCycle(trx, cycleId, {
        ...(patch.dueOn ? { due_on: patch.dueOn } : {}),
        ...(patch.status ? { status: patch.status } : {}),
      });
      await audit.record(trx, {
        actor,
        agencyId: plan.owner_agency_id,
        action: 'plan.cycle.update',
        objectType: 'plan.cycle',
        objectId: cycleId,
        before: cycle,
        after: await cycles.cycle(cycleId, trx),
        details: { fields: Object.keys(patch) },
      });
    });
    return cycleDetail(cycleId);
  }

  async function editObligations(
    actor: Actor,
    cycleId: string,
    change: { add: { agencyId: string; targetCode?: string; taskId?: string }[]; remove: string[] },
  ) {
    const { cycle, plan } = await requireCycle(cycleId);
    if (!actor.system) requirePlanOwner(actor.principal, plan);
    requireOpen(cycle);
    const period = parsePeriod(cycle.period);
    const [targets, indicators] = await Promise.all([plans.targets(plan.id), metrics.indicators()]);
    const added: ObligationRow[] = [];
    for (const item of change.add) {
      if (!(await agencies.exists(item.agencyId, period.start)))
        throw new AppError('unprocessable', {
          vi: `Đơn vị ${item.agencyId} không tồn tại trong kỳ ${period.id}.`,
          en: `Unit ${item.agencyId} does not exist in period ${period.id}.`,
        });
      let targetId: string | null = null;
      let taskId: string | null = null;
      if (item.targetCode) {
        const target = targets.find((t) => t.code === item.targetCode);
        if (!target) throw notFound({ vi: `chỉ tiêu ${item.targetCode}`, en: `Target ${item.targetCode}` });
        const indicator = indicators.find((i) => i.code === target.indicator_code);
        if (indicator?.computedSource || (indicator && indicator.periodType !== period.type))
          throw new AppError('unprocessable', {
            vi: indicator.computedSource
              ? `Chỉ tiêu ${target.code} do nền tảng tự đo; không giao báo cáo.`
              : `Chỉ tiêu ${target.code} báo cáo theo kỳ khác với kỳ ${period.id}.`,
            en: indicator.computedSource
              ? `Target ${target.code} is measured by the platform; nobody reports it.`
              : `Target ${target.code} is reported per another kind of period than ${period.id}.`,
          });
        targetId = target.id;
      } else {
        const task = await tasksStore.task(item.taskId!);
        if (!task || task.plan_id !== plan.id) throw notFound({ vi: 'nhiệm vụ này', en: 'This task' });
        taskId = task.id;
      }
      added.push({
        id: randomUUID(),
        cycle_id: cycleId,
        agency_id: item.agencyId,
        target_id: targetId,
        task_id: taskId,
      });
    }
    await cycles.db.transaction().execute(async (trx) => {
      const removed = await cycles.deleteObligations(trx, cycleId, change.remove);
      if (removed.length !== change.remove.length)
        throw notFound({ vi: 'một số nghĩa vụ báo cáo', en: 'Some of the obligations' });
      await cycles.insertObligations(trx, added);
      await cycles.ensureSubmissions(
        trx,
        cycleId,
        added.map((a) => a.agency_id),
        clock.now(),
      );
      await audit.record(trx, {
        actor,
        agencyId: plan.owner_agency_id,
        action: 'plan.cycle.obligations',
        objectType: 'plan.cycle',
        objectId: cycleId,
        before: removed,
        after: added,
        details: { added: added.length, removed: removed.length },
      });
    });
    return cycleDetail(cycleId);
  }

  /** Every agency's state in the cycle, with what it has entered so far (counts, not contents). */
  async function completion(cycleId: string) {
    const { cycle } = await requireCycle(cycleId);
    const [submissions, obligations, reportCounts] = await Promise.all([
      cycles.submissions([cycle.id]),
      cycles.obligations([cycle.id]),
      cycles.taskReportCounts(cycle.id),
    ]);
    const targetRows = await plans.targetsByIds([
      ...new Set(obligations.flatMap((o) => (o.target_id ? [o.target_id] : []))),
    ]);
    const codeOf = new Map(targetRows.map((t) => [t.id, t.indicator_code]));
    const agencyIds = [
      ...new Set([...submissions.map((s) => s.agency_id), ...obligations.map((o) => o.agency_id)]),
    ];
    const [entered, refs] = await Promise.all([
      metrics.enteredValues({
        period: cycle.period,
        indicatorCodes: [...new Set(codeOf.values())],
        agencyIds,
      }),
      agencies.refs(agencyIds),
    ]);
    const rows = agencyIds.map((agencyId) => {
      const submission = submissions.find((s) => s.agency_id === agencyId);
      const own = obligations.filter((o) => o.agency_id === agencyId);
      const codes = new Set(own.flatMap((o) => (o.target_id ? [codeOf.get(o.target_id)!] : [])));
      const state = submission?.state ?? 'draft';
      return {
        agency: refs.get(agencyId) ?? unknownAgency(agencyId),
        state,
        submittedAt: submission?.submitted_at ? iso(submission.submitted_at) : null,
        late: submission?.late ?? false,
        overdue: isOverdue(cycle, state),
        counts: {
          targets: own.filter((o) => o.target_id).length,
          tasks: own.filter((o) => o.task_id).length,
          valuesEntered: entered.filter((e) => e.agencyId === agencyId && codes.has(e.indicatorCode)).length,
          taskReportsEntered: Number(reportCounts.find((r) => r.agency_id === agencyId)?.n ?? 0),
        },
      };
    });
    rows.sort((a, b) => a.agency.nameVi.localeCompare(b.agency.nameVi, 'vi'));
    return { cycle: toCycle(cycle, submissions), rows };
  }

  async function submissionView(cycleId: string, agencyId: string) {
    const [submission, events] = await Promise.all([
      cycles.submission(cycleId, agencyId),
      cycles.events(cycleId, agencyId),
    ]);
    return {
      cycleId,
      agencyId,
      state: submission?.state ?? ('draft' as const),
      submittedAt: submission?.submitted_at ? iso(submission.submitted_at) : null,
      late: submission?.late ?? false,
      reviewedAt: submission?.reviewed_at ? iso(submission.reviewed_at) : null,
      returnReason: submission?.return_reason ?? null,
      events: events.map((e) => ({
        action: e.action,
        fromState: e.from_state,
        toState: e.to_state,
        reason: e.reason,
        by: e.actor,
        at: iso(e.at),
        late: e.late,
      })),
    };
  }

  function requireDraftsAccess(viewer: Principal, plan: PlanRow, agencyId: string) {
    if (!maySeeDrafts(viewer, plan, agencyId))
      throw forbidden({
        vi: `Chỉ cán bộ báo cáo, cán bộ duyệt của đơn vị ${agencyId} và cơ quan chủ trì kế hoạch được xem số liệu chưa duyệt của đơn vị này.`,
        en: `Only the reporters and reviewers of unit ${agencyId} and the plan owners may see its unapproved values.`,
      });
  }

  async function targetsOf(cycleId: string, agencyId: string, executor?: PlanTrx) {
    const obligations = await cycles.obligations([cycleId], { agencyId }, executor);
    const targets = await plans.targetsByIds(
      obligations.flatMap((o) => (o.target_id ? [o.target_id] : [])),
      executor,
    );
    return { obligations, targets };
  }

  async function worklist(viewer: Principal, cycleId: string, agencyId: string) {
    const { cycle, plan } = await requireCycle(cycleId);
    requireDraftsAccess(viewer, plan, agencyId);
    const { obligations, targets } = await targetsOf(cycleId, agencyId);
    const codes = targets.map((t) => t.indicator_code);
    const previous = previousPeriod(parsePeriod(cycle.period)).id;
    const [agency, submission, current, earlier, indicators, names] = await Promise.all([
      agencies.ref(agencyId),
      submissionView(cycleId, agencyId),
      codes.length
        ? metrics.observations(viewer, {
            indicatorCodes: codes,
            agencyIds: [agencyId],
            periods: [cycle.period],
          })
        : [],
      codes.length
        ? metrics.observations(viewer, {
            indicatorCodes: codes,
            agencyIds: [agencyId],
            periods: [previous],
            statuses: ['approved'],
          })
        : [],
      metrics.indicators(),
      agencies.names(),
    ]);
    const indicatorOf = new Map(indicators.map((i) => [i.code, i]));
    const taskObligations = obligations.filter((o) => o.task_id);
    const taskRows = await tasksStore.tasksByIds(taskObligations.map((o) => o.task_id!));
    const [summaries, reports] = await Promise.all([
      tasks.summaries(viewer, plan, taskRows),
      tasksStore.reportsOfCycle(cycleId, agencyId),
    ]);
    const [stateOf, evidence] = await Promise.all([
      tasks.reportStates(reports),
      tasksStore.evidence(reports.map((r) => ({ taskId: r.task_id, period: r.period }))),
    ]);
    const editable =
      cycle.status === 'open' &&
      (submission.state === 'draft' || submission.state === 'returned') &&
      (isReporterOf(viewer, agencyId) || isPlanOwner(viewer, plan));
    return {
      cycle: toCycle(cycle, await cycles.submissions([cycle.id])),
      agency: agency ?? unknownAgency(agencyId),
      submission,
      editable,
      targets: obligations
        .filter((o) => o.target_id)
        .map((o) => {
          const target = targets.find((t) => t.id === o.target_id)!;
          const indicator: Pick<Indicator, 'unit' | 'direction' | 'computedSource'> = indicatorOf.get(
            target.indicator_code,
          ) ?? { unit: '', direction: 'at_least', computedSource: null };
          const observation = current.find((x) => x.indicatorCode === target.indicator_code);
          const before = earlier.find((x) => x.indicatorCode === target.indicator_code);
          return {
            obligationId: o.id,
            code: target.code,
            labelVi: target.label_vi,
            labelEn: target.label_en,
            unit: indicator.unit,
            direction: indicator.direction,
            ...confidenceOf(target),
            milestones: milestonesView(target.milestones),
            measuredBy: indicator.computedSource,
            observation: observation
              ? {
                  ...observation,
                  agencyNameVi: names.get(observation.agencyId)?.nameVi ?? null,
                  agencyNameEn: names.get(observation.agencyId)?.nameEn ?? null,
                }
              : null,
            previous: before ? { period: before.period, value: before.value } : null,
          };
        }),
      tasks: taskObligations.map((o) => {
        const summary = summaries.find((s) => s.id === o.task_id)!;
        const report = reports.find((r) => r.task_id === o.task_id && r.period === cycle.period);
        return {
          obligationId: o.id,
          task: summary,
          report: report ? tasks.toReport(report, stateOf(report), evidence) : null,
        };
      }),
    };
  }

  /** The submission locked for the rest of the transaction, refusing edits once submitted or approved. */
  async function editableSubmission(trx: PlanTrx, cycleId: string, agencyId: string) {
    await cycles.ensureSubmissions(trx, cycleId, [agencyId], clock.now());
    const submission = (await cycles.submissionForUpdate(trx, cycleId, agencyId))!;
    if (submission.state === 'submitted' || submission.state === 'approved')
      throw lockedReport(submission.state);
    return submission;
  }

  async function obligedTarget(
    cycle: CycleRow,
    agencyId: string,
    code: string,
    executor?: PlanTrx,
  ): Promise<TargetRow> {
    const target = await plans.target(cycle.plan_id, code, executor);
    if (!target) throw notFound({ vi: `chỉ tiêu ${code}`, en: `Target ${code}` });
    const obligations = await cycles.obligations([cycle.id], { agencyId }, executor);
    if (!obligations.some((o) => o.target_id === target.id))
      throw new AppError('unprocessable', {
        vi: `Đơn vị ${agencyId} không được giao báo cáo chỉ tiêu ${code} trong kỳ ${cycle.period}.`,
        en: `Unit ${agencyId} is not asked to report target ${code} in ${cycle.period}.`,
      });
    return target;
  }

  function requireEnterer(actor: Actor, plan: PlanRow, agencyId: string) {
    if (actor.system || isReporterOf(actor.principal, agencyId) || isPlanOwner(actor.principal, plan)) return;
    requireRole(actor.principal, 'agency_reporter', agencyId);
  }

  /**
   * Saves an agency's value of a target for the cycle's period. With `options.trx` it joins the
   * caller's transaction (an import saving a whole file at once; every read then goes through it and
   * the agencies' names are left out); `options.provenance` passes an `imported` provenance on.
   */
  async function saveValue(
    actor: Actor,
    cycleId: string,
    agencyId: string,
    code: string,
    input: {
      value: number | null;
      numerator?: number | null;
      denominator?: number | null;
      comment?: string | null;
    },
    options: { example?: boolean; trx?: PlanTrx; provenance?: Provenance } = {},
  ) {
    const run = async (trx: PlanTrx) => {
      const { cycle, plan } = await requireCycle(cycleId, trx);
      requireEnterer(actor, plan, agencyId);
      requireOpen(cycle);
      const target = await obligedTarget(cycle, agencyId, code, trx);
      await editableSubmission(trx, cycleId, agencyId);
      return metrics.saveObservation(
        actor,
        {
          indicatorCode: target.indicator_code,
          period: cycle.period,
          agencyId,
          value: input.value,
          numerator: input.numerator ?? null,
          denominator: input.denominator ?? null,
          comment: input.comment ?? null,
          ...(options.example ? { example: true } : {}),
          ...(options.provenance ? { provenance: options.provenance } : {}),
        },
        trx,
      );
    };
    if (options.trx) return { ...(await run(options.trx)), agencyNameVi: null, agencyNameEn: null };
    const observation = await cycles.db.transaction().execute(run);
    const names = await agencies.names();
    return {
      ...observation,
      agencyNameVi: names.get(agencyId)?.nameVi ?? null,
      agencyNameEn: names.get(agencyId)?.nameEn ?? null,
    };
  }

  async function attachValueEvidence(
    actor: Actor,
    cycleId: string,
    agencyId: string,
    code: string,
    upload: Upload,
  ) {
    const { cycle, plan } = await requireCycle(cycleId);
    requireEnterer(actor, plan, agencyId);
    requireOpen(cycle);
    const target = await obligedTarget(cycle, agencyId, code);
    const [observation] = await metrics.observations(actor.principal, {
      indicatorCodes: [target.indicator_code],
      agencyIds: [agencyId],
      periods: [cycle.period],
    });
    if (!observation)
      throw new AppError('unprocessable', {
        vi: 'Hãy nhập số liệu trước khi đính kèm minh chứng.',
        en: 'Enter the value before attaching evidence.',
      });
    return metrics.attachEvidence(actor, observation.id, upload);
  }

  type Transition = {
    action: 'submitted' | 'returned' | 'approved' | 'reopened';
    from: SubmissionStateValue[];
    to: SubmissionStateValue;
    observations: 'submitted' | 'returned' | 'approved' | 'draft';
  };
  const transitions: Record<'submit' | 'return' | 'approve' | 'reopen', Transition> = {
    submit: { action: 'submitted', from: ['draft', 'returned'], to: 'submitted', observations: 'submitted' },
    return: { action: 'returned', from: ['submitted'], to: 'returned', observations: 'returned' },
    approve: { action: 'approved', from: ['submitted'], to: 'approved', observations: 'approved' },
    reopen: { action: 'reopened', from: ['submitted', 'approved'], to: 'draft', observations: 'draft' },
  };

  const refusal = (name: keyof typeof transitions, state: SubmissionStateValue) => {
    if (name === 'submit' && state === 'approved') return lockedReport('approved');
    if (name === 'submit' && state === 'submitted')
      return conflict({
        vi: 'Báo cáo đã nộp, đang chờ duyệt.',
        en: 'The report has already been submitted and awaits review.',
      });
    return conflict({
      vi: `Không thể thực hiện khi báo cáo đang ở trạng thái "${state}".`,
      en: `This cannot be done while the report is "${state}".`,
    });
  };

  /** One step of the flow: the submission, the agency's observations and the event move together. */
  async function transition(
    actor: Actor,
    cycleId: string,
    agencyId: string,
    name: keyof typeof transitions,
    reason: string | null,
  ) {
    const { cycle, plan } = await requireCycle(cycleId);
    // The demo seed acts as the system; people act in their roles.
    if (!actor.system) {
      if (name === 'submit') requireRole(actor.principal, 'agency_reporter', agencyId);
      if (name === 'return' || name === 'approve') requireRole(actor.principal, 'agency_reviewer', agencyId);
      if (name === 'reopen') requirePlanOwner(actor.principal, plan);
    }
    if (name !== 'reopen') requireOpen(cycle);
    const step = transitions[name];
    const now = clock.now();
    await cycles.db.transaction().execute(async (trx) => {
      await cycles.ensureSubmissions(trx, cycleId, [agencyId], now);
      const before = (await cycles.submissionForUpdate(trx, cycleId, agencyId))!;
      if (!step.from.includes(before.state)) throw refusal(name, before.state);
      const { obligations, targets } = await targetsOf(cycleId, agencyId, trx);
      if (name === 'submit' && obligations.length === 0)
        throw new AppError('unprocessable', {
          vi: `Đơn vị ${agencyId} không có nghĩa vụ báo cáo trong kỳ ${cycle.period}.`,
          en: `Unit ${agencyId} has nothing to report in ${cycle.period}.`,
        });
      const moved = await metrics.setStatus(
        trx,
        actor,
        { agencyId, period: cycle.period, indicatorCodes: targets.map((t) => t.indicator_code) },
        step.observations,
        reason ?? undefined,
      );
      const late = name === 'submit' ? clock.today() > cycle.due_on : before.late;
      const by = actorLabel(actor);
      await cycles.updateSubmission(trx, cycleId, agencyId, {
        state: step.to,
        updated_at: now,
        ...(name === 'submit' ? { submitted_at: now, submitted_by: by, late, return_reason: null } : {}),
        ...(name === 'return' ? { reviewed_at: now, reviewed_by: by, return_reason: reason } : {}),
        ...(name === 'approve' ? { reviewed_at: now, reviewed_by: by, return_reason: null } : {}),
        ...(name === 'reopen' ? { return_reason: reason } : {}),
      });
      await cycles.insertEvent(trx, {
        cycle_id: cycleId,
        agency_id: agencyId,
        action: step.action,
        from_state: before.state,
        to_state: step.to,
        reason,
        actor: by,
        late,
        at: now,
      });
      const progressed = name === 'approve' ? await applyTaskReports(trx, actor, cycleId, agencyId) : [];
      await audit.record(trx, {
        actor,
        agencyId,
        action: `plan.submission.${name}`,
        objectType: 'plan.submission',
        objectId: `${cycleId}/${agencyId}`,
        before: { state: before.state },
        after: { state: step.to },
        details: {
          period: cycle.period,
          observations: moved,
          ...(reason ? { reason } : {}),
          ...(name === 'submit' ? { late } : {}),
          ...(progressed.length ? { tasks: progressed } : {}),
        },
      });
    });
    return submissionView(cycleId, agencyId);
  }

  /** On approval, the agency's task reports of the cycle become the tasks' progress. */
  async function applyTaskReports(trx: PlanTrx, actor: Actor, cycleId: string, agencyId: string) {
    const reports = await tasksStore.reportsOfCycle(cycleId, agencyId, trx);
    const changed: string[] = [];
    for (const report of reports) {
      const task = await tasksStore.task(report.task_id, trx);
      if (!task || task.status === 'cancelled') continue;
      const status =
        report.progress >= 100 ? 'done' : task.status === 'not_started' ? 'in_progress' : task.status;
      if (task.progress === report.progress && task.status === status) continue;
      await tasksStore.updateTask(trx, task.id, { progress: report.progress, status });
      await audit.record(trx, {
        actor,
        agencyId,
        action: 'plan.task.progress',
        objectType: 'plan.task',
        objectId: task.id,
        before: { progress: task.progress, status: task.status },
        after: { progress: report.progress, status },
        details: { task: task.code, period: report.period, fromReport: true },
      });
      changed.push(task.code);
    }
    return changed;
  }

  /**
   * The signed-in official's work: every open cycle, and in each the agencies they report or
   * review for (a role held at the city: all of the cycle's agencies; plan owners: all of their
   * plans' agencies), with each submission's state. One answer for the reporting home page.
   */
  async function myWorklists(viewer: Principal) {
    const open = await cycles.openCycles();
    const ids = open.map((c) => c.id);
    const [planRows, submissions, obligations] = await Promise.all([
      Promise.all([...new Set(open.map((c) => c.plan_id))].map((id) => plans.plan(id))),
      cycles.submissions(ids),
      cycles.obligations(ids),
    ]);
    const planOf = new Map(planRows.flatMap((p) => (p ? [[p.id, p] as const] : [])));
    const rolesFor = (plan: PlanRow, agencyId: string) => [
      ...(isReporterOf(viewer, agencyId) ? (['reporter'] as const) : []),
      ...(isReviewerOf(viewer, agencyId) ? (['reviewer'] as const) : []),
      ...(isPlanOwner(viewer, plan) ? (['owner'] as const) : []),
    ];
    const mine = open.flatMap((cycle) => {
      const plan = planOf.get(cycle.plan_id);
      if (!plan) return [];
      const agencyIds = [
        ...new Set([
          ...submissions.filter((s) => s.cycle_id === cycle.id).map((s) => s.agency_id),
          ...obligations.filter((o) => o.cycle_id === cycle.id).map((o) => o.agency_id),
        ]),
      ];
      const agencies = agencyIds.flatMap((agencyId) => {
        const roles = rolesFor(plan, agencyId);
        return roles.length > 0 ? [{ agencyId, roles }] : [];
      });
      return [{ cycle, plan, agencies }];
    });
    const refs = await agencies.refs(mine.flatMap((m) => m.agencies.map((a) => a.agencyId)));
    return {
      cycles: mine.map(({ cycle, plan, agencies: own }) => ({
        cycle: toCycle(cycle, submissions),
        plan: { id: plan.id, code: plan.code, titleVi: plan.title_vi, titleEn: plan.title_en },
        agencies: own
          .map(({ agencyId, roles }) => {
            const submission = submissions.find((s) => s.cycle_id === cycle.id && s.agency_id === agencyId);
            const duties = obligations.filter((o) => o.cycle_id === cycle.id && o.agency_id === agencyId);
            const state = submission?.state ?? 'draft';
            return {
              agency: refs.get(agencyId) ?? unknownAgency(agencyId),
              roles: [...roles],
              state,
              submittedAt: submission?.submitted_at ? iso(submission.submitted_at) : null,
              late: submission?.late ?? false,
              overdue: isOverdue(cycle, state),
              obligations: {
                targets: duties.filter((o) => o.target_id).length,
                tasks: duties.filter((o) => o.task_id).length,
              },
            };
          })
          .sort((a, b) => a.agency.nameVi.localeCompare(b.agency.nameVi, 'vi')),
      })),
    };
  }

  async function agencyPage(viewer: Principal, planId: string, agencyId: string) {
    const plan = await plans.plan(planId);
    if (!plan) throw notFound({ vi: `kế hoạch ${planId}`, en: `Plan ${planId}` });
    const unit = await agencies.detail(agencyId);
    if (!unit) throw notFound({ vi: `đơn vị ${agencyId}`, en: `Unit ${agencyId}` });
    const [ref, targets, board, obligations, submissions, allCycles] = await Promise.all([
      agencies.ref(agencyId),
      plans.targetsLedBy(planId, agencyId),
      tasks.list(viewer, planId, { agency: agencyId, lineage: true, limit: 500, offset: 0 }),
      cycles.obligationsOfAgency(agencyId, planId),
      cycles.submissionsOfAgency(agencyId),
      cycles.cycles(planId),
    ]);
    const allSubmissions = await cycles.submissions(allCycles.map((c) => c.id));
    const involved = allCycles.filter(
      (c) => obligations.some((o) => o.cycle_id === c.id) || submissions.some((s) => s.cycle_id === c.id),
    );
    return {
      plan: toPlan(plan),
      agency: {
        ...ref!,
        predecessors: unit.predecessors.map((p) => ({
          id: p.unit.id,
          nameVi: p.unit.nameVi,
          nameEn: p.unit.nameEn,
          effectiveOn: p.effectiveOn,
        })),
      },
      targets: targets.map((t) => ({
        code: t.code,
        labelVi: t.label_vi,
        labelEn: t.label_en,
        ...confidenceOf(t),
      })),
      tasks: board.tasks,
      overdueTasks: board.tasks.filter((t) => t.overdue).length,
      cycles: involved.map((c) => {
        const submission = submissions.find((s) => s.cycle_id === c.id);
        const state = submission?.state ?? 'draft';
        return {
          cycle: toCycle(c, allSubmissions),
          state,
          submittedAt: submission?.submitted_at ? iso(submission.submitted_at) : null,
          late: submission?.late ?? false,
          overdue: isOverdue(c, state),
          obligations: obligations.filter((o) => o.cycle_id === c.id).length,
        };
      }),
    };
  }

  return {
    requireCycle,
    list,
    detail: cycleDetail,
    open,
    update,
    editObligations,
    completion,
    worklist,
    saveValue,
    attachValueEvidence,
    submit: (actor: Actor, cycleId: string, agencyId: string) =>
      transition(actor, cycleId, agencyId, 'submit', null),
    returnSubmission: (actor: Actor, cycleId: string, agencyId: string, reason: string) =>
      transition(actor, cycleId, agencyId, 'return', reason),
    approve: (actor: Actor, cycleId: string, agencyId: string, note?: string) =>
      transition(actor, cycleId, agencyId, 'approve', note ?? null),
    reopen: (actor: Actor, cycleId: string, agencyId: string, reason: string) =>
      transition(actor, cycleId, agencyId, 'reopen', reason),
    agencyPage,
    myWorklists,
    isOverdue,
  };
}

export type CyclesService = ReturnType<typeof createCyclesService>;
