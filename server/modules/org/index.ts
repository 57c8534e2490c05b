import type { PlatformContext, PlatformModule } from '../../platform/module.ts';
import { units } from './migrations/0001_units.ts';
import { orgRoutes } from './org.routes.ts';
import { createOrgService, type OrgService } from './org.service.ts';
import { createOrgStore } from './org.store.ts';

export type { Unit, UnitDetail, UnitKind } from './org.schema.ts';
export { CITY_WIDE_ROLES, type OrgService } from './org.service.ts';

/** Agencies and administrative units (effective-dated), officials and their roles. */
export function createOrgModule(context: PlatformContext): PlatformModule & { service: OrgService } {
  const service = createOrgService({
    store: createOrgStore(context.database),
    audit: context.audit,
    clock: context.clock,
  });
  return {
    name: 'org',
    migrations: [units],
    routes: orgRoutes(service),
    service,
  };
}
