import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { name, paging, REGISTRY_ROLES, slugId, unitIdSchema } from './common.ts';
import { type HealthService, REPORTER_ROLES } from './health.service.ts';

const tags = ['pilots'];
const responses = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };

/** Commune health stations: public load today; the register and load reports by officials. */
export function healthRoutes(health: HealthService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/pilots/health/stations',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Trạm y tế và mức tải hôm nay / Health stations and their load today',
          querystring: z.strictObject({ unitId: unitIdSchema.optional(), ...paging }),
          response: responses,
        },
      },
      async (request) => health.stations(request.query),
    );

    app.get(
      '/api/pilots/health/stations/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một trạm y tế / One health station',
          params: z.strictObject({ id: slugId }),
          response: responses,
        },
      },
      async (request) => health.station(request.params.id),
    );

    app.post(
      '/api/pilots/health/stations',
      {
        config: { access: { roles: REGISTRY_ROLES } },
        schema: {
          tags,
          summary: 'Thêm trạm y tế (cán bộ) / Add a health station (officials)',
          body: z.strictObject({
            id: slugId,
            name,
            address: z.string().trim().min(5).max(300),
            unitId: unitIdSchema,
            agencyId: unitIdSchema.optional(),
            capacityPerDay: z.number().int().min(1).max(100_000),
          }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await health.createStation(actorOf(request), request.body)),
    );

    app.post(
      '/api/pilots/health/stations/:id/reports',
      {
        config: { access: { roles: REPORTER_ROLES } },
        schema: {
          tags,
          summary: 'Báo cáo mức tải của trạm (cán bộ) / Report a station’s load (officials)',
          params: z.strictObject({ id: slugId }),
          body: z.strictObject({
            visitsToday: z.number().int().min(0).max(100_000),
            waiting: z.number().int().min(0).max(10_000),
          }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await health.report(actorOf(request), request.params.id, request.body)),
    );
  };
}
