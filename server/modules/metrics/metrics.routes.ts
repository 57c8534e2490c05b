import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  codeParam,
  indicatorInput,
  indicatorSchema,
  recomputeInput,
  recomputeResult,
  sourceSchema,
} from './metrics.schema.ts';
import type { MetricsServiceExtras } from './metrics.service.ts';
import type { MetricsService } from './metrics.types.ts';

const tags = ['metrics'];

/** Indicators and the computed sources that measure some of them. */
export function metricsRoutes(service: MetricsService & MetricsServiceExtras): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/metrics/indicators',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Danh mục chỉ tiêu / Indicators',
          response: { 200: z.array(indicatorSchema), ...problemResponses },
        },
      },
      async () => service.indicators(),
    );

    app.get(
      '/api/metrics/indicators/:code',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một chỉ tiêu / One indicator',
          params: codeParam,
          response: { 200: indicatorSchema, ...problemResponses },
        },
      },
      async (request) => {
        const indicator = await service.indicator(request.params.code);
        if (!indicator)
          throw notFound({ vi: `chỉ tiêu ${request.params.code}`, en: `Indicator ${request.params.code}` });
        return indicator;
      },
    );

    app.put(
      '/api/metrics/indicators/:code',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Tạo hoặc sửa chỉ tiêu / Create or change an indicator',
          description:
            'Đơn vị, cách tổng hợp và loại kỳ không đổi được khi đã có số liệu (409). / Unit, aggregation and period type cannot change once there are observations (409).',
          params: codeParam,
          body: indicatorInput,
          response: { 200: indicatorSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.upsertIndicator(actorOf(request), { ...request.body, code: request.params.code }),
    );

    app.get(
      '/api/metrics/sources',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Nguồn tính tự động từ dữ liệu nền tảng / Sources computed from the platform’s data',
          description:
            'Mỗi nguồn kèm câu truy vấn và thời điểm tính gần nhất. / Each source with the query and time of its latest run.',
          response: { 200: z.array(sourceSchema), ...problemResponses },
        },
      },
      async () => {
        await service.refreshRuns();
        return Promise.all(
          service.sources().map(async (source) => ({
            ...source,
            indicators: await service.boundIndicators(source.name),
          })),
        );
      },
    );

    app.post(
      '/api/metrics/sources/recompute',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Tính lại ngay / Recompute now',
          description:
            'Mặc định: kỳ hiện tại và kỳ trước của mỗi chỉ tiêu (giờ Hà Nội). / By default the current and previous period of each indicator (Hanoi time).',
          body: recomputeInput,
          response: { 200: recomputeResult, ...problemResponses },
        },
      },
      async (request) => service.recomputeFor(actorOf(request), request.body),
    );
  };
}
