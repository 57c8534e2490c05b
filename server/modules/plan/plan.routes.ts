import type { FastifyPluginAsync } from 'fastify';
import { cyclesRoutes } from './cycles.routes.ts';
import type { PlanService } from './plan.service.ts';
import { publicRoutes } from './public.routes.ts';
import { targetsRoutes } from './targets.routes.ts';
import { tasksRoutes } from './tasks.routes.ts';

/** Every route of the plan module (docs/plan-monitoring.md, "## API"). */
export function planRoutes(service: PlanService): FastifyPluginAsync {
  return async (app) => {
    await app.register(targetsRoutes(service));
    await app.register(tasksRoutes(service));
    await app.register(cyclesRoutes(service));
    await app.register(publicRoutes(service));
  };
}
