import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/http/actor.ts';
import { defaultContextUrl, requestTermMap } from './context.ts';
import { installNgsiHttp, sendLd, WRITE_ACCESS } from './http.ts';
import { parsePage } from './query.ts';
import type { SubscriptionService } from './subscriptions.service.ts';

const tags = ['ngsi-ld'];
// Subscriptions name internal endpoints: reading them is for the same people as changing them.
const operators = WRITE_ACCESS;
const idParams = z.object({ subscriptionId: z.string().min(1).max(256) });
const listQuery = z
  .object({ limit: z.string().max(10), offset: z.string().max(10), count: z.string().max(5) })
  .partial();

/** Subscriptions at /ngsi-ld/v1/subscriptions (ETSI GS CIM 009, 6.10–6.11). */
export function subscriptionRoutes(service: SubscriptionService, publicUrl: string): FastifyPluginAsync {
  return async (plugin) => {
    installNgsiHttp(plugin);
    const contextUrl = defaultContextUrl(publicUrl);
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    // Colons stay as they are (valid in a path): clients such as ngsijs take the id from the Location.
    const location = (id: string) =>
      `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id).replaceAll('%3A', ':')}`;

    app.post(
      '/subscriptions',
      {
        config: { access: operators },
        schema: { tags, summary: 'Tạo đăng ký thông báo / Create subscription' },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl, request.body);
        const id = await service.create(actorOf(request), request.body, terms);
        reply.header('location', location(id));
        return reply.code(201).send();
      },
    );

    app.get(
      '/subscriptions',
      {
        config: { access: operators },
        schema: { tags, summary: 'Danh sách đăng ký / List subscriptions', querystring: listQuery },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl);
        const page = parsePage(request.query);
        const result = await service.list(page, terms);
        if (page.count) reply.header('ngsild-results-count', String(result.total));
        reply.header('cache-control', 'no-store');
        return sendLd(request, reply, result.subscriptions, terms, contextUrl);
      },
    );

    app.get(
      '/subscriptions/:subscriptionId',
      {
        config: { access: operators },
        schema: { tags, summary: 'Xem đăng ký / Retrieve subscription', params: idParams },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl);
        reply.header('cache-control', 'no-store');
        return sendLd(
          request,
          reply,
          await service.get(request.params.subscriptionId, terms),
          terms,
          contextUrl,
        );
      },
    );

    app.patch(
      '/subscriptions/:subscriptionId',
      {
        config: { access: operators },
        schema: { tags, summary: 'Cập nhật đăng ký / Update subscription', params: idParams },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl, request.body);
        await service.update(actorOf(request), request.params.subscriptionId, request.body, terms);
        return reply.code(204).send();
      },
    );

    app.delete(
      '/subscriptions/:subscriptionId',
      {
        config: { access: operators },
        schema: { tags, summary: 'Xóa đăng ký / Delete subscription', params: idParams },
      },
      async (request, reply) => {
        await service.delete(actorOf(request), request.params.subscriptionId);
        return reply.code(204).send();
      },
    );
  };
}
