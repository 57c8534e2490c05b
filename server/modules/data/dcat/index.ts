import type { PlatformContext } from '../../../platform/module.ts';
import type { DataPart } from '../part.ts';
import type { PortalPart } from '../portal/index.ts';
import { dcatRoutes } from './dcat.routes.ts';

/** The DCAT-AP 3 part: `/catalog.{jsonld,ttl,rdf}` and `/dataset/{name}.{jsonld,ttl,rdf}`. */
export function createDcatPart(context: PlatformContext, deps: { portal: PortalPart }): DataPart {
  const { portal, store, organizations } = deps.portal.internals;
  return {
    name: 'dcat',
    migrations: [],
    routes: dcatRoutes({ portal, store, organizations, publicUrl: context.config.publicUrl }),
  };
}
