import type { FastifyPluginAsync } from 'fastify';
import type { PlatformContext } from '../../../platform/module.ts';
import type { OrgService } from '../../org/index.ts';
import { brokerAuthRoutes } from './broker-auth.routes.ts';
import { devicesRoutes } from './devices.routes.ts';
import { createDevicesService } from './devices.service.ts';
import { createDevicesStore } from './devices.store.ts';

export type { Device, DeviceDomain, DeviceInput } from './devices.schema.ts';
export { topicOf } from './devices.schema.ts';
export type { DevicesService } from './devices.service.ts';
export type { DeviceRow } from './devices.store.ts';

/** The device registry part of the urban module: its service and its routes. */
export function createDevices(context: PlatformContext, deps: { org: OrgService }) {
  const service = createDevicesService({
    store: createDevicesStore(context.database),
    audit: context.audit,
    clock: context.clock,
    org: deps.org,
  });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(devicesRoutes(service));
    await app.register(brokerAuthRoutes(service, context.config.brokerAuthToken));
  };
  return { service, routes };
}
