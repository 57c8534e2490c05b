import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import {
  approveBody,
  codeListParams,
  codeListQuery,
  codeListSchema,
  codeListSummarySchema,
  dataItemSchema,
  deprecateBody,
  itemDetailSchema,
  itemInput,
  itemListSchema,
  itemParams,
  itemPatch,
  itemsQuery,
  newVersionInput,
  rejectBody,
  schemaQuery,
  sourceSchema,
  versionParams,
} from './dictionary.schema.ts';
import type { DictionaryService } from './dictionary.service.ts';

const tags = ['data: dictionary'];
/** Route gate; the service checks the agency (stewards) or the city (approvers). */
const STEWARDS: Access = { roles: ['data_steward', 'city_admin'] };
const document = (description: string) => ({ 200: z.any().describe(description), ...problemResponses });

/** The data-item dictionary: items by version, their approval, code lists, JSON Schema and CSV. */
export function dictionaryRoutes(service: DictionaryService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/data/items',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Danh sách mục dữ liệu / Data items',
          description:
            'Mỗi mục một dòng: phiên bản hiện hành (bản nháp chỉ cán bộ thấy). / One row per item: its current version (drafts for officials only).',
          querystring: itemsQuery,
          response: { 200: itemListSchema, ...problemResponses },
        },
      },
      async (request) => service.list(request.principal, request.query),
    );

    app.get(
      '/api/data/items/schema.json',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Từ điển dưới dạng JSON Schema 2020-12 / The dictionary as JSON Schema 2020-12',
          produces: ['application/schema+json'],
          response: document('JSON Schema 2020-12'),
        },
      },
      async (_request, reply) =>
        reply
          .type('application/schema+json; charset=utf-8')
          .header('cache-control', 'public, max-age=60')
          .send(JSON.stringify(await service.jsonSchema(), null, 2)),
    );

    app.get(
      '/api/data/items.csv',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Từ điển dưới dạng CSV / The dictionary as CSV',
          produces: ['text/csv'],
          response: document('CSV, UTF-8 có BOM / CSV, UTF-8 with BOM'),
        },
      },
      async (_request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="tu-dien-muc-du-lieu.csv"')
          .header('cache-control', 'public, max-age=60')
          .send(await service.csv()),
    );

    app.get(
      '/api/data/items/:code',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Mục dữ liệu và các phiên bản / A data item with its versions',
          params: itemParams,
          response: { 200: itemDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.detail(request.principal, request.params.code),
    );

    app.get(
      '/api/data/items/:code/schema.json',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'JSON Schema của một mục dữ liệu / One item as JSON Schema',
          params: itemParams,
          querystring: schemaQuery,
          produces: ['application/schema+json'],
          response: document('JSON Schema 2020-12'),
        },
      },
      async (request, reply) =>
        reply
          .type('application/schema+json; charset=utf-8')
          .header(
            'cache-control',
            request.principal.kind === 'official' ? 'private, no-store' : 'public, max-age=60',
          )
          .send(
            JSON.stringify(
              await service.itemJsonSchema(request.principal, request.params.code, request.query.version),
              null,
              2,
            ),
          ),
    );

    app.get(
      '/api/data/items/:code/versions/:version',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một phiên bản của mục dữ liệu / One version of an item',
          params: versionParams,
          response: { 200: dataItemSchema, ...problemResponses },
        },
      },
      async (request) => service.version(request.principal, request.params.code, request.params.version),
    );

    app.post(
      '/api/data/items',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Tạo bản nháp mục dữ liệu mới / Create a draft item',
          body: itemInput,
          response: { 201: dataItemSchema, ...problemResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
    );

    app.post(
      '/api/data/items/:code/versions',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary:
            'Tạo phiên bản mới (bản nháp) từ phiên bản hiện hành / New draft version from the current one',
          params: itemParams,
          body: newVersionInput,
          response: { 201: dataItemSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.newVersion(actorOf(request), request.params.code, request.body)),
    );

    app.patch(
      '/api/data/items/:code/versions/:version',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Sửa bản nháp / Edit a draft',
          params: versionParams,
          body: itemPatch,
          response: { 200: dataItemSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.editDraft(actorOf(request), request.params.code, request.params.version, request.body),
    );

    app.post(
      '/api/data/items/:code/versions/:version/submit',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Gửi bản nháp để phê duyệt / Submit a draft for approval',
          params: versionParams,
          response: { 200: dataItemSchema, ...problemResponses },
        },
      },
      async (request) => service.submit(actorOf(request), request.params.code, request.params.version),
    );

    app.post(
      '/api/data/items/:code/versions/:version/approve',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Phê duyệt (Thành phố) / Approve (the city)',
          params: versionParams,
          body: approveBody,
          response: { 200: dataItemSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.approve(actorOf(request), request.params.code, request.params.version, request.body.note),
    );

    app.post(
      '/api/data/items/:code/versions/:version/reject',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Từ chối, nêu lý do (Thành phố) / Reject with a reason (the city)',
          params: versionParams,
          body: rejectBody,
          response: { 200: dataItemSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.reject(actorOf(request), request.params.code, request.params.version, request.body.reason),
    );

    app.post(
      '/api/data/items/:code/deprecate',
      {
        config: { access: STEWARDS },
        schema: {
          tags,
          summary: 'Ngừng sử dụng, có thể chỉ mục thay thế / Deprecate, optionally naming a replacement',
          params: itemParams,
          body: deprecateBody,
          response: { 200: dataItemSchema, ...problemResponses },
        },
      },
      async (request) => service.deprecate(actorOf(request), request.params.code, request.body),
    );

    app.get(
      '/api/data/code-lists',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Danh mục mã / Code lists',
          response: { 200: z.array(codeListSummarySchema), ...problemResponses },
        },
      },
      async () => service.codeLists(),
    );

    app.get(
      '/api/data/code-lists/:code',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một danh mục mã với các giá trị / A code list with its values',
          params: codeListParams,
          querystring: codeListQuery,
          response: { 200: codeListSchema, ...problemResponses },
        },
      },
      async (request) => service.codeListDetail(request.params.code, request.query.at),
    );

    app.get(
      '/api/data/sources',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Cơ sở dữ liệu quốc gia, nguồn có thẩm quyền / National databases, authoritative sources',
          response: { 200: z.array(sourceSchema), ...problemResponses },
        },
      },
      async () => service.sources(),
    );
  };
}
