import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { myRecordResponse, noQuery, statsResponse, syntheticNotice } from './population.schema.ts';
import type { PopulationService } from './population.service.ts';

const tags = ['population'];

/**
 * Personal data (Decree 13/2023/NĐ-CP): no route lists residents. A citizen reads their own record;
 * anyone reads aggregates.
 */
export function populationRoutes(service: PopulationService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/population/me',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary:
            'Thông tin của tôi trong CSDL dân cư (mô phỏng) / My record in the population database (simulated)',
          description: `${syntheticNotice.vi}\n\n${syntheticNotice.en}`,
          querystring: noQuery,
          response: { 200: myRecordResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { resident, household } = await service.myRecord(request.principal);
        reply.header('cache-control', 'no-store');
        return {
          synthetic: true as const,
          notice: syntheticNotice,
          resident,
          household: {
            householdId: household.householdId,
            members: household.members.map((member) => ({
              fullName: member.fullName,
              relationToHead: member.relationToHead,
            })),
          },
        };
      },
    );

    app.get(
      '/api/population/stats',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'Thống kê dân cư mô phỏng theo phường, xã và nhóm tuổi / Simulated population counts by ward, commune and age band',
          description: `${syntheticNotice.vi}\n\n${syntheticNotice.en}`,
          querystring: noQuery,
          response: { 200: statsResponse, ...problemResponses },
        },
      },
      async () => service.stats(),
    );
  };
}
