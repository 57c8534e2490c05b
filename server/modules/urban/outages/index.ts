import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import { outagesRoutes } from './outages.routes.ts';
import { createOutagesService } from './outages.service.ts';

export type { OutagesService } from './outages.service.ts';

/** The outage-notices part of the urban module: its service and its routes. */
export function createOutages(context: PlatformContext, deps: { org: OrgService }) {
  const service = createOutagesService({
    db: context.database.db,
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
  });
  return { service, routes: outagesRoutes(service, context.config.publicUrl) };
}
