import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { MetricsService } from '../metrics/index.ts';
import type { OrgService } from '../org/index.ts';
import { createCyclesStore } from './cycles.store.ts';
import { createPlanDocuments, REPORT_BOOK_JOB } from './documents/index.ts';
import { planTables } from './migrations/0001_plan.ts';
import { planRoutes } from './plan.routes.ts';
import { createPlanService, type PlanService } from './plan.service.ts';
import { createPlanStore } from './plan.store.ts';
import { REMINDER_JOB } from './reminders.ts';
import { createTasksStore } from './tasks.store.ts';

// The report book's PDF layout (embedded Noto Sans, tables that break across pages), shared with dti.
export { PdfWriter, type TableColumn, type TableRow } from './documents/pdf/writer.ts';
export { PLAN_239 } from './plan.reference.ts';
export type { PlanService } from './plan.service.ts';
export { REMINDER_JOB } from './reminders.ts';

/**
 * Plans, targets, tasks, reporting cycles with submission and approval, status by rule and
 * forecasts (Plan 239/KH-UBND and its successors). Values live in `metrics`; agencies in `org`.
 */
export function createPlanModule(
  context: PlatformContext,
  deps: { org: OrgService; metrics: MetricsService },
): PlatformModule & { service: PlanService } {
  const { database } = context;
  const service = createPlanService({
    stores: {
      plans: createPlanStore(database),
      tasks: createTasksStore(database),
      cycles: createCyclesStore(database),
    },
    org: deps.org,
    metrics: deps.metrics,
    audit: context.audit,
    clock: context.clock,
    files: context.files,
    notify: context.notify,
    reportersOf: (agencyId) => deps.org.officialsWithRole(agencyId, 'agency_reporter'),
  });
  context.jobs.define(
    REMINDER_JOB,
    async () => {
      const result = await service.sendReminders();
      if (result.sent > 0) context.log.info(result, 'Đã gửi nhắc hạn báo cáo / reporting reminders sent');
    },
    { cron: '0 7 * * *' },
  );
  // Templates, imports, exports and the report book (documents/); plan owners hear of stored books.
  const documents = createPlanDocuments(context, {
    plan: service,
    metrics: deps.metrics,
    org: deps.org,
    // plan_owner is a city-wide role (granted at `hanoi`); holders at the owner agency still count.
    ownersOf: async (ownerAgencyId) =>
      (await deps.org.officialsWithRole(ownerAgencyId, 'plan_owner', { includeCity: true })).map((o) => ({
        kind: 'official' as const,
        id: o.id,
        email: o.email,
      })),
  });
  // Closing a cycle queues its report book; closing never waits for (or fails on) the PDF.
  const updateCycle = service.updateCycle;
  service.updateCycle = async (actor, cycleId, patch) => {
    const cycle = await updateCycle(actor, cycleId, patch);
    if (patch.status === 'closed')
      await context.jobs
        .send(REPORT_BOOK_JOB, { cycleId }, { singletonKey: `${REPORT_BOOK_JOB}:${cycleId}` })
        .catch((error: unknown) => context.log.warn({ err: error, cycleId }, 'report book not queued'));
    return cycle;
  };
  return {
    name: 'plan',
    migrations: [planTables],
    routes: async (app) => {
      await app.register(planRoutes(service));
      await app.register(documents.routes);
    },
    async seedDemo() {
      const result = await service.seedDemo();
      if (result.tasks + result.observations + result.cycles > 0)
        context.log.info(
          { ...result, example: true },
          'Đã tạo dữ liệu ví dụ của kế hoạch / plan examples created',
        );
    },
    service,
  };
}
