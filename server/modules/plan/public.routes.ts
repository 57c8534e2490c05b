import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { periodQuery, planParams, planSchema, publicPerformanceSchema, targetParams } from './plan.schema.ts';
import type { PlanService } from './plan.service.ts';
import { contentDisposition } from './tasks.routes.ts';

const tags = ['plan'];

/** Without sign-in: published plans, their targets' status and approved values, CSV per target. */
export function publicRoutes(service: PlanService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/plan/public/plans',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Kế hoạch đã công bố / Published plans',
          response: { 200: z.array(planSchema), ...problemResponses },
        },
      },
      async () => service.publishedPlans(),
    );

    app.get(
      '/api/plan/public/plans/:planId/performance',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Kết quả thực hiện (công khai) / Performance (public)',
          description:
            'Chỉ số liệu đã phê duyệt; mỗi chỉ tiêu kèm độ tin cậy. / Approved values only; every target with its confidence.',
          params: planParams,
          querystring: periodQuery,
          response: { 200: publicPerformanceSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return service.publicPerformance(request.params.planId, request.query.period);
      },
    );

    app.get(
      '/api/plan/public/plans/:planId/targets/:code/data.csv',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Số liệu đã duyệt của chỉ tiêu (CSV) / A target’s approved data (CSV)',
          params: targetParams,
          produces: ['text/csv'],
          response: {
            200: z.string().describe('CSV, UTF-8 có BOM / CSV, UTF-8 with BOM'),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const csv = await service.targetCsv(request.params.planId, request.params.code);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', contentDisposition(csv.filename))
          .header('cache-control', 'public, max-age=300')
          .send(csv.content);
      },
    );
  };
}
