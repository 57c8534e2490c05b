import type { FastifyPluginAsync } from 'fastify';
import { systemActor } from '../../../platform/auth/principal.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import type { Recipient } from '../../../platform/notify.ts';
import type { MetricsService } from '../../metrics/index.ts';
import type { OrgService } from '../../org/index.ts';
import { createCyclesStore } from '../cycles.store.ts';
import type { PlanService } from '../plan.service.ts';
import { createPlanStore } from '../plan.store.ts';
import { documentsRoutes } from './documents.routes.ts';
import { createDocumentsService, type DocumentsService } from './documents.service.ts';

export type { DocumentsService } from './documents.service.ts';

/** Builds a cycle's report book, stores it and tells the plan owners (`{ cycleId }`). */
export const REPORT_BOOK_JOB = 'plan.report_book';

export const reportBookPolicy = { kinds: ['pdf' as const], maxBytes: 50 * 1024 * 1024 };

/**
 * The plan's documents: XLSX templates and imports, status exports, the report book and its job.
 * `ownersOf` lists the officials to tell when a book is ready (plan owners of the owner agency).
 */
export function createPlanDocuments(
  context: PlatformContext,
  deps: {
    plan: PlanService;
    metrics: MetricsService;
    org: Pick<OrgService, 'unitExists'>;
    ownersOf: (ownerAgencyId: string) => Promise<Recipient[]>;
  },
): {
  service: DocumentsService;
  routes: FastifyPluginAsync;
  storeReportBook: (cycleId: string) => Promise<string>;
} {
  const service = createDocumentsService({
    plan: deps.plan,
    metrics: deps.metrics,
    cycles: createCyclesStore(context.database),
    plans: createPlanStore(context.database),
    agencyValid: (agencyId, on) => deps.org.unitExists(agencyId, on ?? context.clock.today()),
    audit: context.audit,
    clock: context.clock,
    files: context.files,
    notify: context.notify,
  });

  /** Stores the book in the file store and notifies the plan owners, in one transaction; answers the file id. */
  async function storeReportBook(cycleId: string): Promise<string> {
    const book = await service.buildReportBook(cycleId);
    const cycle = await deps.plan.cycle(cycleId);
    const plan = await deps.plan.plan(cycle.planId);
    const owners = await deps.ownersOf(plan.ownerAgencyId);
    const actor = systemActor(REPORT_BOOK_JOB);
    return context.database.db.transaction().execute(async (trx) => {
      const stored = await context.files.save(trx, {
        filename: book.filename,
        bytes: book.bytes,
        purpose: REPORT_BOOK_JOB,
        policy: reportBookPolicy,
        actor,
      });
      for (const recipient of owners) {
        await context.notify.send(trx, {
          recipient,
          topic: REPORT_BOOK_JOB,
          subject: {
            vi: `Sổ báo cáo ${plan.code} kỳ ${cycle.period} đã sẵn sàng`,
            en: `The ${plan.code} report book for ${cycle.period} is ready`,
          },
          body: {
            vi: `Sổ báo cáo kỳ ${cycle.period} của ${plan.titleVi} đã được lập và lưu (tệp ${stored.filename}).`,
            en: `The report book of ${plan.titleEn} for ${cycle.period} has been built and stored (file ${stored.filename}).`,
          },
          link: `/api/plan/cycles/${cycleId}/report.pdf`,
        });
      }
      await context.audit.record(trx, {
        actor,
        agencyId: plan.ownerAgencyId,
        action: 'plan.report_book.store',
        objectType: 'platform.file',
        objectId: stored.id,
        details: {
          planId: plan.id,
          cycleId,
          period: cycle.period,
          sizeBytes: stored.sizeBytes,
          notified: owners.length,
        },
      });
      return stored.id;
    });
  }

  context.jobs.define<{ cycleId: string }>(REPORT_BOOK_JOB, async (data) => {
    const fileId = await storeReportBook(data.cycleId);
    context.log.info({ cycleId: data.cycleId, fileId }, 'Đã lập sổ báo cáo / report book stored');
  });

  return { service, routes: documentsRoutes(service), storeReportBook };
}
