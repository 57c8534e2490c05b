import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Access } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import {
  draftBody,
  formQuery,
  formVersionSchema,
  formVersionsSchema,
  procedureInput,
  procedureListSchema,
  procedurePageSchema,
  procedureParams,
  procedurePatch,
  procedureQuery,
  procedureSchema,
  publishedFormSchema,
  validateBody,
  validationResultSchema,
} from './procedures.schema.ts';
import type { ProceduresServiceImpl } from './procedures.service.ts';

const tags = ['services: procedures'];
/** Route gate; the service checks the agency (an agency administrator edits their agency's procedures). */
const EDITORS: Access = { roles: ['city_admin', 'agency_admin'] };
const base = '/api/services/procedures';

/** The procedure catalogue: public search and pages, published forms; officials edit and publish forms. */
export function proceduresRoutes(service: ProceduresServiceImpl): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      base,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tìm thủ tục hành chính / Search procedures',
          description:
            'Theo từ khóa (không phân biệt dấu), lĩnh vực, cơ quan, cấp. / By words (diacritics-insensitive), field, agency, level.',
          querystring: procedureQuery,
          response: { 200: procedureListSchema, ...problemResponses },
        },
      },
      async (request) => service.list(request.query),
    );

    app.get(
      `${base}/:code`,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Trang thủ tục / Procedure page',
          params: procedureParams,
          response: { 200: procedurePageSchema, ...problemResponses },
        },
      },
      async (request) => service.page(request.params.code),
    );

    app.get(
      `${base}/:code/form`,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Biểu mẫu đã công bố / The published form',
          description:
            'Phiên bản mới nhất đã công bố, hoặc phiên bản đã công bố được chỉ định. / The newest published version, or the published version asked for.',
          params: procedureParams,
          querystring: formQuery,
          response: { 200: publishedFormSchema, ...problemResponses },
        },
      },
      async (request) => service.publishedForm(request.params.code, request.query.version),
    );

    app.post(
      base,
      {
        config: { access: EDITORS },
        schema: {
          tags,
          summary: 'Thêm thủ tục / Add a procedure',
          body: procedureInput,
          response: { 201: procedureSchema, ...problemResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
    );

    app.patch(
      `${base}/:code`,
      {
        config: { access: EDITORS },
        schema: {
          tags,
          summary: 'Sửa thông tin thủ tục / Edit a procedure',
          params: procedureParams,
          body: procedurePatch,
          response: { 200: procedureSchema, ...problemResponses },
        },
      },
      async (request) => service.update(actorOf(request), request.params.code, request.body),
    );

    app.get(
      `${base}/:code/forms`,
      {
        config: { access: EDITORS },
        schema: {
          tags,
          summary: 'Các phiên bản biểu mẫu (kể cả bản nháp) / Form versions, drafts included',
          params: procedureParams,
          response: {
            200: formVersionsSchema.extend({
              procedure: procedureSchema,
              codeLists: publishedFormSchema.shape.codeLists,
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => service.versions(request.principal, request.params.code),
    );

    app.put(
      `${base}/:code/forms/draft`,
      {
        config: { access: EDITORS },
        schema: {
          tags,
          summary: 'Lưu bản nháp biểu mẫu / Save the draft form',
          description:
            'Sửa bản nháp đang mở, hoặc mở bản nháp mới sau phiên bản mới nhất; phiên bản đã công bố không bao giờ bị sửa. / Updates the open draft, or opens a new draft version; published versions never change.',
          params: procedureParams,
          body: draftBody,
          response: { 200: formVersionSchema, ...problemResponses },
        },
      },
      async (request) => service.saveDraft(actorOf(request), request.params.code, request.body.definition),
    );

    app.post(
      `${base}/:code/forms/draft/publish`,
      {
        config: { access: EDITORS },
        schema: {
          tags,
          summary: 'Công bố bản nháp / Publish the draft',
          params: procedureParams,
          response: { 200: formVersionSchema, ...problemResponses },
        },
      },
      async (request) => service.publish(actorOf(request), request.params.code),
    );

    app.post(
      `${base}/:code/forms/validate`,
      {
        config: { access: EDITORS },
        schema: {
          tags,
          summary: 'Kiểm tra thử câu trả lời / Preview-validate answers',
          description:
            'Không lưu gì. Dùng biểu mẫu gửi kèm, hoặc phiên bản chỉ định, hoặc bản nháp. / Stores nothing. Uses the given definition, or a version, or the draft.',
          params: procedureParams,
          body: validateBody,
          response: { 200: validationResultSchema, ...problemResponses },
        },
      },
      async (request) => service.previewValidate(request.principal, request.params.code, request.body),
    );
  };
}
