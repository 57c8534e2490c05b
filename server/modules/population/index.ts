import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import type { OrgService } from '../org/index.ts';
import { registry } from './migrations/0001_registry.ts';
import { populationRoutes } from './population.routes.ts';
import { createPopulationService, type PopulationService } from './population.service.ts';
import { createPopulationStore } from './population.store.ts';

export type { Household, HouseholdMember, Resident, ResidentSummary } from './population.schema.ts';
export type { PopulationService } from './population.service.ts';

/**
 * The simulated national population database (stand-in for the Cơ sở dữ liệu quốc gia về dân cư):
 * synthetic residents in households across Hanoi's 126 wards and communes, generated
 * deterministically on first start (`DEMO_POPULATION` residents).
 */
export function createPopulationModule(
  context: PlatformContext,
  deps: { org: OrgService },
): PlatformModule & { service: PopulationService } {
  const service = createPopulationService({
    store: createPopulationStore(context.database),
    org: deps.org,
    audit: context.audit,
    clock: context.clock,
  });
  return {
    name: 'population',
    migrations: [registry],
    routes: populationRoutes(service),
    async seedDemo() {
      const started = performance.now();
      const { created } = await service.ensureGenerated(context.config.demoPopulation);
      if (created > 0) {
        context.log.info(
          { created, ms: Math.round(performance.now() - started), synthetic: true },
          'Đã sinh cư dân mô phỏng / synthetic residents generated',
        );
      }
    },
    service,
  };
}
