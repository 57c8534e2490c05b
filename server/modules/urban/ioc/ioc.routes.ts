import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CITY_UNIT_ID, requireRole } from '../../../platform/auth/principal.ts';
import type { Access } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { deviceDomains, deviceId } from '../devices/devices.schema.ts';
import { DEVICE_PAGE, type IocService } from './ioc.service.ts';
import type { LiveHub } from './live.ts';
import { createEventStreams } from './sse.ts';

const tags = ['urban'];
const operators: Access = { roles: ['ioc_operator', 'city_admin'] };
const open: Access = 'public';
const indicator = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{1,63}\.[A-Za-z][A-Za-z0-9]{0,63}$/)
  .describe('Chỉ số dạng Kiểu.thuộcTính, ví dụ FloodMonitoring.currentLevel / Indicator as Type.attr');
const domain = z.object({ domain: z.enum(deviceDomains).optional() });
const devicePage = domain.extend({
  after: deviceId.optional(),
  limit: z.coerce.number().int().min(1).max(DEVICE_PAGE.limit).default(DEVICE_PAGE.limit),
});
const window = {
  hours: z.coerce.number().int().min(1).max(168).default(24),
  step: z.coerce
    .number()
    .int()
    .refine((value) => [1, 5, 15, 60].includes(value), 'step: 1, 5, 15 or 60 (minutes)')
    .default(15),
};
// Answers are documented in docs/smart-urban.md ("Operations centre"); the schema keeps them objects.
const response = { 200: z.looseObject({}), ...problemResponses };

/** The operations centre's API (`/api/urban/ioc/*`, operators) and the public map's (`/api/urban/public/map/*`). */
export function iocRoutes(service: IocService, hub: LiveHub): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const stream = createEventStreams(plugin, hub);

    app.get(
      '/api/urban/ioc/layers',
      { config: { access: operators }, schema: { tags, summary: 'Lớp bản đồ / Map layers', response } },
      async (request) => service.layers(actorOf(request)),
    );
    app.get(
      '/api/urban/ioc/overview',
      {
        config: { access: operators },
        schema: { tags, summary: 'Số liệu tổng quan (ô KPI) / Overview tiles', response },
      },
      async (request) => service.overview(actorOf(request)),
    );
    app.get(
      '/api/urban/ioc/devices',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Thiết bị và trạng thái (theo trang) / Devices and their state (paged)',
          querystring: devicePage,
          response,
        },
      },
      async (request) => {
        const { domain, ...page } = request.query;
        return service.devices(actorOf(request), domain, page);
      },
    );
    app.get(
      '/api/urban/ioc/wards',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Giá trị chỉ số theo phường, xã / Indicator by ward',
          querystring: z.object({ indicator }),
          response,
        },
      },
      async (request) => service.wards(actorOf(request), request.query.indicator),
    );
    app.get(
      '/api/urban/ioc/series',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Chuỗi thời gian của thiết bị hoặc phường / Time series of a device or a ward',
          querystring: z.object({
            indicator,
            entityId: z.string().min(3).max(256).optional(),
            unitId: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{1,80}$/)
              .optional(),
            ...window,
          }),
          response,
        },
      },
      async (request) => {
        const { indicator: key, entityId, unitId, hours, step } = request.query;
        return service.series(actorOf(request), key, { entityId, unitId }, { hours, stepMinutes: step });
      },
    );
    app.get(
      '/api/urban/ioc/replay',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Phát lại theo phường 24 giờ qua / Replay by ward over the last hours',
          querystring: z.object({ indicator, ...window }),
          response,
        },
      },
      async (request) =>
        service.replay(actorOf(request), request.query.indicator, {
          hours: request.query.hours,
          stepMinutes: request.query.step,
        }),
    );
    app.get(
      '/api/urban/ioc/stream',
      {
        config: { access: operators },
        schema: { tags, summary: 'Cập nhật trực tiếp (SSE) / Live updates (server-sent events)' },
      },
      (request, reply) => {
        requireRole(request.principal, ['ioc_operator', 'city_admin'], CITY_UNIT_ID);
        stream(request, reply, 'operator');
      },
    );

    app.get(
      '/api/urban/public/map/layers',
      {
        config: { access: open },
        schema: { tags, summary: 'Lớp bản đồ công khai / Public map layers', response },
      },
      async () => service.layers(null),
    );
    app.get(
      '/api/urban/public/map/devices',
      {
        config: { access: open },
        schema: {
          tags,
          summary: 'Cảm biến công khai (theo trang) / Public sensors (paged)',
          querystring: devicePage,
          response,
        },
      },
      async (request) => {
        const { domain, ...page } = request.query;
        return service.devices(null, domain, page);
      },
    );
    app.get(
      '/api/urban/public/map/wards',
      {
        config: { access: open },
        schema: {
          tags,
          summary: 'Chỉ số công khai theo phường, xã / Public indicator by ward',
          querystring: z.object({ indicator }),
          response,
        },
      },
      async (request) => service.wards(null, request.query.indicator),
    );
    app.get(
      '/api/urban/public/map/stream',
      {
        config: { access: open },
        schema: { tags, summary: 'Cập nhật trực tiếp bản đồ công khai (SSE) / Public live updates' },
      },
      (request, reply) => stream(request, reply, 'public'),
    );
  };
}
