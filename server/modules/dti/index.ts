import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { MetricsService } from '../metrics/index.ts';
import type { OrgService } from '../org/index.ts';
import { createAssignmentsService } from './assignments.service.ts';
import { createCyclesService } from './cycles.service.ts';
import { dtiRoutes } from './dti.routes.ts';
import type { DtiDb } from './dti.tables.ts';
import { createFrameworksService } from './frameworks.service.ts';
import { createMeasuredService, type PlanTasksOf } from './measured.service.ts';
import { dtiTables } from './migrations/0001_dti.ts';
import { dtiEvidenceFiles } from './migrations/0002_evidence_files.ts';
import { dtiAssignments } from './migrations/0003_assignments.ts';
import { createResultsService } from './results.service.ts';

/**
 * The digital-transformation index (docs/dti.md): versioned frameworks per year and unit set,
 * assessment cycles (self-assessment, appraisal, publication). Scoring is the pure engine in engine/.
 */
export function createDtiModule(
  context: PlatformContext,
  deps: { org: OrgService; metrics: MetricsService; planTasksOf: PlanTasksOf },
) {
  const db = context.database.db as DtiDb;
  const frameworks = createFrameworksService({ db, audit: context.audit, clock: context.clock });
  const cycles = createCyclesService({
    db,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
    frameworks,
  });
  const measured = createMeasuredService({
    db,
    audit: context.audit,
    clock: context.clock,
    metrics: deps.metrics,
    planTasksOf: deps.planTasksOf,
    cycles,
  });
  // Measured items fill themselves when a cycle opens (and on demand afterwards).
  const open = cycles.open;
  cycles.open = async (actor, input) => {
    const cycle = await open(actor, input);
    await measured.recompute(actor, cycle.id, { system: true });
    return cycle;
  };
  const results = createResultsService({ db, cycles, frameworks, org: deps.org });
  const evidence = { db, files: context.files, audit: context.audit, clock: context.clock, cycles };
  const assignments = createAssignmentsService({
    db,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
  });
  const service = { frameworks, cycles, measured, results, evidence, assignments };
  const module: PlatformModule = {
    name: 'dti',
    migrations: [dtiTables, dtiEvidenceFiles, dtiAssignments],
    routes: dtiRoutes(service),
  };
  return {
    ...module,
    service,
    /** Reference frameworks (every start, idempotent). */
    seedReference: () => frameworks.ensureReferenceData(),
  };
}

export type DtiService = ReturnType<typeof createDtiModule>['service'];
