import type { FastifyPluginAsync } from 'fastify';
import { assignmentsRoutes } from './assignments.routes.ts';
import type { AssignmentsService } from './assignments.service.ts';
import { cyclesRoutes } from './cycles.routes.ts';
import type { CyclesService } from './cycles.service.ts';
import { evidenceRoutes } from './evidence.routes.ts';
import { frameworksRoutes } from './frameworks.routes.ts';
import type { FrameworksService } from './frameworks.service.ts';
import type { MeasuredService } from './measured.service.ts';
import { resultsRoutes } from './results.routes.ts';
import type { ResultsService } from './results.service.ts';

type Services = {
  frameworks: FrameworksService;
  cycles: CyclesService;
  measured: MeasuredService;
  results: ResultsService;
  assignments: AssignmentsService;
  /** What the evidence-file routes need (the platform file store). */
  evidence: Parameters<typeof evidenceRoutes>[0];
};

/** Every route of the module (docs/dti.md, "API"). */
export function dtiRoutes(service: Services): FastifyPluginAsync {
  return async (app) => {
    await app.register(evidenceRoutes(service.evidence));
    await app.register(frameworksRoutes(service.frameworks));
    await app.register(cyclesRoutes(service.cycles, service.measured));
    await app.register(assignmentsRoutes(service.assignments));
    await app.register(resultsRoutes(service.results, service.evidence.clock));
  };
}
