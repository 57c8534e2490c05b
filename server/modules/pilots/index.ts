import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { FollowerBuilder } from '../data/index.ts';
import type { OrgService } from '../org/index.ts';
import type { PilotDeps } from './common.ts';
import { pilotFollowers } from './datasets.ts';
import { educationRoutes } from './education.routes.ts';
import { createEducationService } from './education.service.ts';
import { foodSafetyRoutes } from './food.routes.ts';
import { createFoodSafetyService } from './food.service.ts';
import { healthRoutes } from './health.routes.ts';
import { createHealthService } from './health.service.ts';
import { jobsRoutes } from './jobs.routes.ts';
import { createJobsService } from './jobs.service.ts';
import { pilotsMigration } from './migrations/0001_pilots.ts';
import { seedPilotsDemo } from './seed.ts';
import { socialRoutes } from './social.routes.ts';
import { createSocialService } from './social.service.ts';

/**
 * The registry pilots of Plan 239 (docs/pilots.md), one per domain: school catchments (education),
 * food-safety certificates, job vacancies (employment), benefit payment schedules and counts
 * (social security) and commune health-station load (health). Public reads need no sign-in; every
 * write is by role and agency scope and audited. `followers` are the open datasets of aggregates.
 */
export function createPilotsModule(
  context: PlatformContext,
  deps: { org: OrgService; refreshOpenData?: () => Promise<unknown> },
) {
  const pilotDeps: PilotDeps = {
    db: context.database.db,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
  };
  const service = {
    education: createEducationService(pilotDeps),
    food: createFoodSafetyService(pilotDeps),
    jobs: createJobsService(pilotDeps),
    social: createSocialService(pilotDeps),
    health: createHealthService(pilotDeps),
  };
  const followers: Record<string, FollowerBuilder> = pilotFollowers(
    { org: deps.org, clock: context.clock },
    service,
  );
  const module: PlatformModule & { service: typeof service; followers: Record<string, FollowerBuilder> } = {
    name: 'pilots',
    migrations: [pilotsMigration],
    routes: async (app) => {
      await app.register(educationRoutes(service.education));
      await app.register(foodSafetyRoutes(service.food, context.config.publicUrl));
      await app.register(jobsRoutes(service.jobs));
      await app.register(socialRoutes(service.social));
      await app.register(healthRoutes(service.health));
    },
    async seedDemo() {
      await seedPilotsDemo(context.database.db, context.clock, (id) =>
        deps.org.unitExists(id, context.clock.today()),
      );
      // The data module seeds before this one: publish the pilots' datasets now, not at the next daily refresh.
      await deps.refreshOpenData?.();
    },
    service,
    followers,
  };
  return module;
}

export type PilotsService = ReturnType<typeof createPilotsModule>['service'];
