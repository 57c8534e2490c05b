import type { AuditLog } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { FileStore } from '../../platform/files.ts';
import type { Notifier } from '../../platform/notify.ts';
import type { MetricsService } from '../metrics/index.ts';
import type { OrgService } from '../org/index.ts';
import { createAgencyDirectory } from './agencies.ts';
import { createCyclesService } from './cycles.service.ts';
import type { CyclesStore } from './cycles.store.ts';
import { seedPlanDemo } from './plan.demo.ts';
import { ensurePlanReference } from './plan.reference.ts';
import type { PlanStore } from './plan.store.ts';
import { createReminders, type Reporter } from './reminders.ts';
import { createTargetsService } from './targets.service.ts';
import { createTasksService } from './tasks.service.ts';
import type { TasksStore } from './tasks.store.ts';

export type PlanServiceDeps = {
  stores: { plans: PlanStore; tasks: TasksStore; cycles: CyclesStore };
  org: OrgService;
  metrics: MetricsService;
  audit: AuditLog;
  clock: Clock;
  files: FileStore;
  notify: Notifier;
  /** Officials holding `agency_reporter` at an agency (the reminders' recipients). */
  reportersOf: (agencyId: string) => Promise<Reporter[]>;
};

/**
 * The plan module's service: plans and targets with status and forecast, tasks and their reports,
 * reporting cycles and their approval flow, reminders, reference and demo data. Other modules and
 * the documents sub-module use it through `index.ts`.
 */
export function createPlanService(deps: PlanServiceDeps) {
  const { stores, org, metrics, audit, clock, files, notify } = deps;
  const agencies = createAgencyDirectory(org);
  const targets = createTargetsService({
    plans: stores.plans,
    tasks: stores.tasks,
    metrics,
    agencies,
    audit,
    clock,
  });
  const tasks = createTasksService({
    plans: stores.plans,
    tasks: stores.tasks,
    cycles: stores.cycles,
    agencies,
    audit,
    clock,
    files,
  });
  const cycles = createCyclesService({
    plans: stores.plans,
    tasksStore: stores.tasks,
    tasks,
    cycles: stores.cycles,
    metrics,
    agencies,
    audit,
    clock,
  });
  const sendReminders = createReminders({
    plans: stores.plans,
    cycles: stores.cycles,
    notify,
    audit,
    clock,
    reportersOf: deps.reportersOf,
    agencyName: async (id) => (await agencies.names()).get(id) ?? null,
  });

  return {
    // Plans
    plans: targets.plans,
    plan: targets.plan,
    updatePlan: targets.updatePlan,
    publishedPlans: targets.publishedPlans,
    // Targets, status, forecast
    overview: targets.overview,
    target: targets.target,
    updateTarget: targets.updateTarget,
    createTarget: targets.createTarget,
    overrideStatus: targets.overrideStatus,
    publicPerformance: targets.publicPerformance,
    targetCsv: targets.targetCsv,
    // Tasks
    tasks: tasks.list,
    task: tasks.detail,
    createTask: tasks.createTask,
    updateTask: tasks.updateTask,
    saveTaskReport: tasks.saveReport,
    attachTaskReportEvidence: tasks.attachEvidence,
    taskEvidence: (viewer: Principal, fileId: string) => tasks.evidenceContent(viewer, fileId),
    /**
     * Evidence by id, whichever kind: a task report's (kept by plan, id = file id) or a value's
     * (kept by metrics, id = evidence id; ids are UUIDs, so they never collide). Null when it does
     * not exist or the viewer may not see the report or value it belongs to.
     */
    async evidence(viewer: Principal, evidenceId: string) {
      const ofReport = await tasks.evidenceContent(viewer, evidenceId);
      if (ofReport)
        return { filename: ofReport.filename, mediaType: ofReport.mediaType, content: ofReport.content };
      return metrics.evidenceContent(viewer, evidenceId);
    },
    // Cycles
    cycles: cycles.list,
    cycle: cycles.detail,
    openCycle: cycles.open,
    updateCycle: cycles.update,
    editObligations: cycles.editObligations,
    completion: cycles.completion,
    worklist: cycles.worklist,
    saveValue: cycles.saveValue,
    attachValueEvidence: cycles.attachValueEvidence,
    submit: cycles.submit,
    returnSubmission: cycles.returnSubmission,
    approve: cycles.approve,
    reopen: cycles.reopen,
    agencyPage: cycles.agencyPage,
    myWorklists: cycles.myWorklists,
    // Jobs and data
    sendReminders,
    ensureReferenceData: () => ensurePlanReference({ plans: stores.plans, metrics, audit }),
    seedDemo: () =>
      seedPlanDemo({
        plans: stores.plans,
        tasksStore: stores.tasks,
        tasks,
        cycles,
        cyclesStore: stores.cycles,
        metrics,
        clock,
      }),
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
