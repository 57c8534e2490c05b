import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../platform/http/openapi.ts';
import { notModified, revalidate } from './http-cache.ts';
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
            'Chỉ số liệu đã phê duyệt; mỗi chỉ tiêu kèm độ tin cậy. Không có `period`: kỳ quý gần nhất có số liệu đã duyệt (`periodBasis`). `cache-control: no-cache` với ETag; `If-None-Match` khớp → 304. / Approved values only; every target with its confidence. Without `period`: the latest quarter with approved values (`periodBasis`). `cache-control: no-cache` with an ETag; a matching `If-None-Match` → 304.',
          params: planParams,
          querystring: periodQuery,
          response: { 200: publicPerformanceSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const performance = await service.publicPerformance(request.params.planId, request.query.period);
        if (revalidate(request, reply, performance)) return notModified(reply);
        return performance;
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
        reply.header('content-disposition', contentDisposition(csv.filename));
        if (revalidate(request, reply, csv.content)) return notModified(reply);
        return reply.type('text/csv; charset=utf-8').send(csv.content);
      },
    );
  };
}
