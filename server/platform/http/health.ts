import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, problemCatalogue } from '../errors.ts';
import type { Readiness } from '../observability/readiness.ts';
import { problemSchema } from './openapi.ts';

/** Liveness, readiness and the catalogue of problem types. */
export function healthRoutes(options: {
  version: string;
  mode: string;
  ready: () => Promise<Readiness>;
}): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['platform'],
          summary: 'Tiến trình còn hoạt động / The process is alive',
          response: { 200: z.object({ status: z.literal('ok'), version: z.string(), mode: z.string() }) },
        },
      },
      async () => ({ status: 'ok' as const, version: options.version, mode: options.mode }),
    );

    app.get(
      '/api/ready',
      {
        config: { access: 'public' },
        schema: {
          tags: ['platform'],
          summary:
            'Sẵn sàng phục vụ: CSDL, migration, bộ chạy tác vụ nền, kết nối MQTT / Ready: database, migrations, job runner, MQTT connection',
          response: {
            200: z.object({
              status: z.literal('ready'),
              checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
            }),
            503: problemSchema,
          },
        },
      },
      async () => {
        const result = await options.ready();
        if (!result.ok) {
          const failing = Object.entries(result.checks)
            .filter(([, check]) => !check.ok)
            .map(([name, check]) => `${name}${check.detail ? `: ${check.detail}` : ''}`)
            .join('; ');
          throw new AppError(
            'not_ready',
            { vi: `Hệ thống chưa sẵn sàng (${failing}).`, en: `Not ready (${failing}).` },
            { checks: result.checks },
          );
        }
        return { status: 'ready' as const, checks: result.checks };
      },
    );

    app.get(
      '/api/problems',
      {
        config: { access: 'public' },
        schema: {
          tags: ['platform'],
          summary: 'Danh mục mã lỗi / The problem types the API answers with',
          response: {
            200: z.array(z.object({ code: z.string(), status: z.number(), vi: z.string(), en: z.string() })),
          },
        },
      },
      async () =>
        Object.entries(problemCatalogue).map(([code, definition]) => ({
          code,
          status: definition.status,
          vi: definition.title.vi,
          en: definition.title.en,
        })),
    );

    app.get(
      '/api/problems/:code',
      {
        config: { access: 'public' },
        schema: {
          tags: ['platform'],
          summary: 'Một loại lỗi / One problem type',
          params: z.strictObject({ code: z.string().max(64) }),
          response: {
            200: z.object({ code: z.string(), status: z.number(), vi: z.string(), en: z.string() }),
            '4xx': problemSchema,
          },
        },
      },
      async (request) => {
        const code = request.params.code;
        const definition = Object.hasOwn(problemCatalogue, code)
          ? problemCatalogue[code as keyof typeof problemCatalogue]
          : undefined;
        if (!definition) {
          throw new AppError('not_found', { vi: 'Không có loại lỗi này.', en: 'No such problem type.' });
        }
        return { code, status: definition.status, ...definition.title };
      },
    );
  };
}
