import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  copyForwardBody,
  frameworkDetailSchema,
  frameworkParams,
  frameworkSchema,
  frameworksQuery,
  newVersionBody,
} from './dti.schema.ts';
import type { FrameworksService } from './frameworks.service.ts';

const tags = ['dti'];

/** Frameworks: public to read (the methodology is public); the council (plan owners) edits. */
export function frameworksRoutes(service: FrameworksService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/dti/frameworks',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Các bộ chỉ số DTI / DTI frameworks',
          querystring: frameworksQuery,
          response: { 200: z.array(frameworkSchema), ...problemResponses },
        },
      },
      async (request) => service.list(request.query),
    );

    app.get(
      '/api/dti/frameworks/:frameworkId',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một phiên bản bộ chỉ số (cây) / A framework version (tree)',
          params: frameworkParams,
          response: { 200: frameworkDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.get(request.params.frameworkId),
    );

    app.post(
      '/api/dti/frameworks/:frameworkId/versions',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Lưu phiên bản mới của bộ chỉ số / Save a new framework version',
          params: frameworkParams,
          body: newVersionBody,
          response: { 201: frameworkDetailSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.saveVersion(actorOf(request), request.params.frameworkId, request.body)),
    );

    app.post(
      '/api/dti/frameworks/:frameworkId/copy',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Chép bộ chỉ số sang năm khác / Copy a framework forward to another year',
          params: frameworkParams,
          body: copyForwardBody,
          response: { 201: frameworkDetailSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.copyForward(actorOf(request), request.params.frameworkId, request.body.year)),
    );
  };
}
