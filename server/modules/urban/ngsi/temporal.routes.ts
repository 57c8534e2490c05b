import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../../platform/http/actor.ts';
import { defaultContextUrl, requestTermMap } from './context.ts';
import { installNgsiHttp, sendLd, WRITE_ACCESS } from './http.ts';
import type { TemporalQueryParams, TemporalService } from './temporal.service.ts';

const tags = ['ngsi-ld'];
const text = z.string().max(2000);
// Every parameter is a single string; the service parses and checks each (ETSI error types).
const temporalQuery = z
  .object({
    type: text,
    id: text,
    idPattern: text,
    attrs: text,
    q: text,
    georel: text,
    geometry: text,
    coordinates: text,
    geoproperty: text,
    timerel: text,
    timeAt: text,
    endTimeAt: text,
    timeproperty: text,
    lastN: text,
    options: text,
    aggrMethods: text,
    aggrPeriodDuration: text,
    limit: text,
    offset: text,
    count: text,
  })
  .partial();
const idParams = z.object({ entityId: z.string().min(1).max(256) });
const attrParams = idParams.extend({ attrId: z.string().min(1).max(256) });

/**
 * Temporal entities at /ngsi-ld/v1/temporal/entities (ETSI GS CIM 009, 6.18–6.21): reads are
 * public like the entities', writes need an IOC operator or the city administrator and are audited.
 */
export function temporalRoutes(service: TemporalService, publicUrl: string): FastifyPluginAsync {
  return async (plugin) => {
    installNgsiHttp(plugin);
    const contextUrl = defaultContextUrl(publicUrl);
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/temporal/entities',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Truy vấn lịch sử thực thể / Query temporal evolution of entities',
          querystring: temporalQuery,
        },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl);
        const result = await service.query(request.query as TemporalQueryParams, terms);
        if (result.total !== null) reply.header('ngsild-results-count', String(result.total));
        if (result.partial) {
          reply.header(
            'content-range',
            `date-time ${result.partial.from.toISOString()}-${result.partial.to.toISOString()}/*`,
          );
        }
        return sendLd(request, reply, result.entities, terms, contextUrl, result.partial ? 206 : 200);
      },
    );

    app.get(
      '/temporal/entities/:entityId',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Lịch sử một thực thể / Temporal evolution of one entity',
          params: idParams,
          querystring: temporalQuery,
        },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl);
        const result = await service.retrieve(
          request.params.entityId,
          request.query as TemporalQueryParams,
          terms,
        );
        if (result.partial) {
          reply.header(
            'content-range',
            `date-time ${result.partial.from.toISOString()}-${result.partial.to.toISOString()}/*`,
          );
        }
        return sendLd(request, reply, result.entity, terms, contextUrl, result.partial ? 206 : 200);
      },
    );

    app.post(
      '/temporal/entities',
      {
        config: { access: WRITE_ACCESS },
        schema: { tags, summary: 'Tạo hoặc bổ sung lịch sử thực thể / Create or update temporal entity' },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl, request.body);
        const { created } = await service.append(actorOf(request), request.body, terms, null);
        const id = (request.body as { id: string }).id;
        if (created) {
          // Colons stay as they are (valid in a path): clients such as ngsijs take the id from the Location.
          reply.header(
            'location',
            `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id).replaceAll('%3A', ':')}`,
          );
          return reply.code(201).send();
        }
        return reply.code(204).send();
      },
    );

    app.post(
      '/temporal/entities/:entityId/attrs',
      {
        config: { access: WRITE_ACCESS },
        schema: {
          tags,
          summary: 'Bổ sung thể hiện thuộc tính / Add temporal attribute instances',
          params: idParams,
        },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl, request.body);
        await service.append(actorOf(request), request.body, terms, { id: request.params.entityId });
        return reply.code(204).send();
      },
    );

    app.delete(
      '/temporal/entities/:entityId',
      {
        config: { access: WRITE_ACCESS },
        schema: { tags, summary: 'Xóa lịch sử thực thể / Delete temporal entity', params: idParams },
      },
      async (request, reply) => {
        await service.deleteEntity(actorOf(request), request.params.entityId);
        return reply.code(204).send();
      },
    );

    app.delete(
      '/temporal/entities/:entityId/attrs/:attrId',
      {
        config: { access: WRITE_ACCESS },
        schema: {
          tags,
          summary: 'Xóa lịch sử thuộc tính / Delete temporal attribute',
          params: attrParams,
        },
      },
      async (request, reply) => {
        const terms = await requestTermMap(request, publicUrl);
        await service.deleteAttribute(
          actorOf(request),
          request.params.entityId,
          request.params.attrId,
          terms,
        );
        return reply.code(204).send();
      },
    );
  };
}
