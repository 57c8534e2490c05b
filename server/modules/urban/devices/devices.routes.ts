import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Access } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import {
  device,
  deviceInput,
  deviceList,
  deviceParams,
  devicesQuery,
  deviceWithSecret,
  secretResponse,
  statusInput,
} from './devices.schema.ts';
import type { DevicesService } from './devices.service.ts';

const tags = ['urban'];
const operators: Access = { roles: ['ioc_operator', 'city_admin'] };

/** The device registry at /api/urban/devices: operations-centre operators and the city administrator. */
export function devicesRoutes(service: DevicesService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/urban/devices',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Danh sách thiết bị / List devices',
          querystring: devicesQuery,
          response: { 200: deviceList, ...problemResponses },
        },
      },
      async (request) => service.list(actorOf(request), request.query),
    );

    app.post(
      '/api/urban/devices',
      {
        config: { access: operators },
        schema: {
          tags,
          summary:
            'Đăng ký thiết bị (mật khẩu MQTT hiển thị một lần) / Register a device (MQTT secret shown once)',
          body: deviceInput,
          response: { 201: deviceWithSecret, ...problemResponses },
        },
      },
      async (request, reply) => {
        const created = await service.create(actorOf(request), request.body);
        reply.code(201).header('cache-control', 'no-store');
        return created;
      },
    );

    app.get(
      '/api/urban/devices/:id',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Một thiết bị / One device',
          params: deviceParams,
          response: { 200: device, ...problemResponses },
        },
      },
      async (request) => service.get(actorOf(request), request.params.id),
    );

    app.put(
      '/api/urban/devices/:id/status',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Đổi trạng thái thiết bị / Change a device status',
          params: deviceParams,
          body: statusInput,
          response: { 200: device, ...problemResponses },
        },
      },
      async (request) => service.setStatus(actorOf(request), request.params.id, request.body.status),
    );

    app.post(
      '/api/urban/devices/:id/secret',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Cấp lại mật khẩu MQTT (hiển thị một lần) / Rotate the MQTT secret (shown once)',
          params: deviceParams,
          response: { 200: secretResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return service.rotateSecret(actorOf(request), request.params.id);
      },
    );
  };
}
