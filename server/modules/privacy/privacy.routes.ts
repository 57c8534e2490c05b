import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateInHanoi } from '../../platform/clock.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import type { PlatformContext } from '../../platform/module.ts';
import type { createDeletionRequests } from './deletion.ts';
import { exportPdf } from './export.pdf.ts';
import { buildExport } from './export.ts';
import type { Citizen, PrivacyDeps } from './ports.ts';

const tags = ['privacy'];
const noQuery = z.strictObject({});
const bilingual = z.object({ vi: z.string(), en: z.string() });
const item = z.object({
  category: z.string(),
  count: z.number().int(),
  what: bilingual,
  reason: bilingual.optional(),
});
const deletionRequest = z.object({
  id: z.string(),
  requestedAt: z.string(),
  deleted: z.array(item),
  kept: z.array(item),
});

function citizenOf(request: FastifyRequest): Citizen {
  const principal = request.principal;
  if (principal.kind !== 'citizen') throw new Error('citizen access guarantees a citizen');
  return principal;
}

/**
 * The citizen's rights over their data (docs/personal-data.md): a copy of everything the platform
 * holds about them (JSON and PDF), and deletion requests.
 */
export function privacyRoutes(
  context: PlatformContext,
  deps: PrivacyDeps,
  deletions: ReturnType<typeof createDeletionRequests>,
): FastifyPluginAsync {
  const exported = async (request: FastifyRequest, format: 'json' | 'pdf') => {
    const citizen = citizenOf(request);
    const actor = actorOf(request);
    const data = await buildExport(context, deps, actor, citizen, await deletions.list(citizen));
    // Who took a copy of their data, and when; the log keeps no more than the account id.
    await context.database.db.transaction().execute((trx) =>
      context.audit.record(trx, {
        actor,
        action: 'me.data_export',
        objectType: 'privacy.data_export',
        objectId: citizen.accountId,
        details: { format },
      }),
    );
    return { data, filename: `du-lieu-ca-nhan-${isoDateInHanoi(context.clock.now())}.${format}` };
  };

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/me/data-export',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Tải toàn bộ dữ liệu của tôi (JSON) / Download all my data (JSON)',
          querystring: noQuery,
        },
      },
      async (request, reply) => {
        const { data, filename } = await exported(request, 'json');
        return reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store')
          .send(`${JSON.stringify(data, null, 2)}\n`);
      },
    );

    app.get(
      '/api/me/data-export.pdf',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Tải toàn bộ dữ liệu của tôi (PDF) / Download all my data (PDF)',
          querystring: noQuery,
        },
      },
      async (request, reply) => {
        const { data, filename } = await exported(request, 'pdf');
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store')
          .send(await exportPdf(data));
      },
    );

    app.get(
      '/api/me/deletion-requests',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Các yêu cầu xoá dữ liệu của tôi / My deletion requests',
          querystring: noQuery,
          response: { 200: z.object({ requests: z.array(deletionRequest) }), ...problemResponses },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return { requests: await deletions.list(citizenOf(request)) };
      },
    );

    app.post(
      '/api/me/deletion-requests',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Yêu cầu xoá dữ liệu của tôi / Request deletion of my data',
          description:
            'Xoá ngay phần pháp luật cho phép (bản nháp chưa nộp, sự đồng ý còn hiệu lực được thu hồi) và nói rõ phần được giữ lại cùng lý do. / Deletes at once what the law allows (drafts never submitted; active consents revoked) and states what is kept and why.',
          body: z.strictObject({ confirm: z.literal(true) }),
          response: { 201: deletionRequest, ...problemResponses },
        },
      },
      async (request, reply) => {
        const answer = await deletions.request(actorOf(request), citizenOf(request));
        reply.code(201).header('cache-control', 'no-store');
        return answer;
      },
    );
  };
}
