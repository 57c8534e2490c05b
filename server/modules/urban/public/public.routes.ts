import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import type { PublicSensors } from './sensors.ts';

const tags = ['urban'];
/** Readings arrive every few minutes; a minute of caching spares the database on busy days. */
const CACHE = 'public, max-age=60';
const query = z.object({
  unitId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'Mã đơn vị không hợp lệ / Invalid unit id')
    .optional()
    .describe('Phường, xã / Ward or commune'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** The public (no sign-in) readings of the sensor pilots: air quality, flood levels, car parks. */
export function publicSensorRoutes(sensors: PublicSensors): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const answers = { 200: z.looseObject({}), ...problemResponses };
    const routes = [
      {
        url: '/api/urban/public/air-quality',
        summary:
          'Chất lượng không khí theo trạm, chỉ số VN_AQI và khuyến nghị / Air quality by station, VN_AQI and advice',
        read: sensors.airQuality,
      },
      {
        url: '/api/urban/public/flood-levels',
        summary: 'Mực nước ngập các tuyến phố / Water levels on flood-prone streets',
        read: sensors.floodLevels,
      },
      {
        url: '/api/urban/public/parking',
        summary: 'Chỗ trống các bãi đỗ xe / Car-park availability',
        read: sensors.parking,
      },
    ];
    for (const route of routes)
      app.get(
        route.url,
        {
          config: { access: 'public' },
          schema: { tags, summary: route.summary, querystring: query, response: answers },
        },
        async (request, reply) => {
          reply.header('cache-control', CACHE);
          return route.read(request.query);
        },
      );
  };
}
