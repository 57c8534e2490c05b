import type { PlatformContext } from '../../../platform/module.ts';
import type { DataPart } from '../part.ts';
import type { Datastore } from '../portal/datastore.contract.ts';
import type { PortalPart } from '../portal/index.ts';
import { ckanRoutes } from './ckan.routes.ts';

/** The CKAN Action API v3 part (`/api/3/action/*`), over the portal and the DataStore. */
export function createCkanPart(
  context: PlatformContext,
  deps: { portal: PortalPart; datastore: Datastore; version: string },
): DataPart {
  const { portal, resources, organizations } = deps.portal.internals;
  return {
    name: 'ckan',
    migrations: [],
    routes: ckanRoutes({
      portal,
      resources,
      organizations,
      datastore: () => deps.datastore,
      siteVersion: deps.version,
      publicUrl: context.config.publicUrl,
    }),
  };
}
