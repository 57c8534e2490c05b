import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import {
  approveBody,
  entriesQuery,
  entryDetailSchema,
  entryListSchema,
  entryParams,
  proposalBody,
  proposalSchema,
  proposalsQuery,
  rejectBody,
  versionParams,
} from './catalogue.schema.ts';
import type { CatalogueService } from './catalogue.service.ts';

const tags = ['data: catalogue'];
/** Route gate; the service checks the owner agency (proposals) or the city (decisions). */
const STEWARDS: Access = { roles: ['data_steward', 'city_admin'] };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The catalogue of databases and information systems: entries, proposals, decisions, export. */
export function catalogueRoutes(service: CatalogueService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/data/catalogue/entries',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Danh mục CSDL và hệ thống thông tin / Databases and information systems',
          description:
            'Công chúng thấy phần công khai; cán bộ thấy đầy đủ. / The public sees the public part; officials see everything.',
          querystring: entriesQuery,
          response: { 200: entryListSchema, ...problemResponses },
        },
      },
      async (request) => service.list(request.principal, request.query),
    );

    app.get(
      '/api/data/catalogue.xlsx',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Danh mục CSDL (XLSX) / The catalogue (XLSX)',
          produces: [XLSX],
          response: { 200: z.any().describe('XLSX'), ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .type(XLSX)
          .header('content-disposition', 'attachment; filename="danh-muc-csdl.xlsx"')
          .header('cache-control', 'private, no-store')
          .send(await service.xlsxFor(request.principal)),
    );

    app.get(
      '/api/data/catalogue/entries/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một mục với lịch sử phê duyệt / An entry with its approved history',
          params: entryParams,
          response: { 200: entryDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.detail(request.principal, request.params.id),
    );

    app.get(
      '/api/data/catalogue/entries/:id/versions/:version',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một phiên bản (đề xuất) của mục / One version (proposal) of an entry',
          params: versionParams,
          response: { 200: proposalSchema, ...problemResponses },
        },
      },
      async (request) => service.version(request.principal, request.params.id, request.params.version),
    );

    app.post(
      '/api/data/catalogue/entries',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Đề xuất mục mới / Propose a new entry',
          body: proposalBody,
          response: { 201: proposalSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await service.proposeNew(actorOf(request), request.body.entry, request.body.reason)),
    );

    app.post(
      '/api/data/catalogue/entries/:id/proposals',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Đề xuất thay đổi một mục / Propose a change to an entry',
          params: entryParams,
          body: proposalBody,
          response: { 201: proposalSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await service.proposeChange(
              actorOf(request),
              request.params.id,
              request.body.entry,
              request.body.reason,
            ),
          ),
    );

    app.get(
      '/api/data/catalogue/proposals',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Các đề xuất (theo trạng thái) / Proposals by state',
          querystring: proposalsQuery,
          response: { 200: z.array(proposalSchema), ...problemResponses },
        },
      },
      async (request) => service.proposals(request.principal, request.query.state),
    );

    app.post(
      '/api/data/catalogue/entries/:id/versions/:version/approve',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Phê duyệt đề xuất (Thành phố) / Approve a proposal (the city)',
          params: versionParams,
          body: approveBody,
          response: { 200: proposalSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.approve(actorOf(request), request.params.id, request.params.version, request.body.reason),
    );

    app.post(
      '/api/data/catalogue/entries/:id/versions/:version/reject',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Từ chối đề xuất, nêu lý do (Thành phố) / Reject a proposal with a reason (the city)',
          params: versionParams,
          body: rejectBody,
          response: { 200: proposalSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.reject(actorOf(request), request.params.id, request.params.version, request.body.reason),
    );
  };
}
