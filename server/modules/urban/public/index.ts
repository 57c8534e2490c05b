import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import { publicSensorRoutes } from './public.routes.ts';
import { createPublicSensors } from './sensors.ts';

/** The public readings of the sensor pilots (no sign-in): their routes. */
export function createPublicSensorApi(context: PlatformContext, deps: { org: OrgService }) {
  return { routes: publicSensorRoutes(createPublicSensors({ db: context.database.db, org: deps.org })) };
}
