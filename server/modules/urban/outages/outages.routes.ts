import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { outageInput, publicOutagesQuery } from './outages.schema.ts';
import { OUTAGE_WRITERS, type OutagesService } from './outages.service.ts';
import { outagesRss } from './rss.ts';

const tags = ['urban'];
// The department scope is checked by the service, where the notice's agency is known.
const writers: Access = { roles: OUTAGE_WRITERS };
const idParam = z.object({ id: z.uuid() });
/** Residents' pages poll; a minute keeps notices fresh without re-querying each time. */
const CACHE = 'public, max-age=60';

/** Outage notices: officials of the responsible department write, anyone reads what is current or upcoming. */
export function outagesRoutes(service: OutagesService, publicUrl: string): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const answers = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };

    app.post(
      '/api/urban/outages',
      {
        config: { access: writers },
        schema: {
          tags,
          summary: 'Đăng thông báo mất điện, nước / Publish an outage notice',
          body: outageInput,
          response: answers,
        },
      },
      async (request, reply) => {
        reply.code(201);
        return service.create(actorOf(request), request.body);
      },
    );

    app.put(
      '/api/urban/outages/:id',
      {
        config: { access: writers },
        schema: {
          tags,
          summary: 'Sửa thông báo mất điện, nước / Change an outage notice',
          params: idParam,
          body: outageInput,
          response: answers,
        },
      },
      async (request) => service.update(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/api/urban/outages/:id/cancel',
      {
        config: { access: writers },
        schema: { tags, summary: 'Hủy thông báo / Withdraw a notice', params: idParam, response: answers },
      },
      async (request) => service.cancel(actorOf(request), request.params.id),
    );

    app.get(
      '/api/urban/public/outages',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'Thông báo mất điện, nước đang và sắp diễn ra theo phường, xã / Current and upcoming outage notices by ward',
          querystring: publicOutagesQuery,
          response: answers,
        },
      },
      async (request, reply) => {
        reply.header('cache-control', CACHE);
        return service.listPublic(request.query);
      },
    );

    app.get(
      '/api/urban/public/outages.rss',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Nguồn RSS 2.0 thông báo mất điện, nước / RSS 2.0 feed of outage notices',
          querystring: publicOutagesQuery.pick({ unitId: true, service: true }),
        },
      },
      async (request, reply) => {
        const page = await service.listPublic({ ...request.query, when: 'all', limit: 200, offset: 0 });
        reply.type('application/rss+xml; charset=utf-8').header('cache-control', CACHE);
        return outagesRss(page.items, publicUrl);
      },
    );

    app.get(
      '/api/urban/public/outages/:id',
      {
        config: { access: 'public' },
        schema: { tags, summary: 'Một thông báo / One notice', params: idParam, response: answers },
      },
      async (request, reply) => {
        reply.header('cache-control', CACHE);
        return service.getPublic(request.params.id);
      },
    );
  };
}
