import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import { readUpload } from '../../platform/files.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  evidenceSchema,
  idParam,
  observationInput,
  observationSchema,
  observationsQuery,
} from './metrics.schema.ts';
import type { MetricsService } from './metrics.types.ts';
import { evidencePolicy } from './observations.service.ts';

const tags = ['metrics'];

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187). */
export function contentDisposition(filename: string): string {
  const fallback = filename
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Observations (values for indicator × period × agency) and their evidence files. */
export function observationsRoutes(service: MetricsService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/metrics/observations',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Số liệu theo chỉ tiêu, kỳ, đơn vị / Observations by indicator, period and agency',
          description:
            'Công chúng chỉ thấy số liệu đã duyệt; cán bộ báo cáo, duyệt của đơn vị thấy cả bản nháp của đơn vị mình; chủ trì kế hoạch thấy tất cả. / The public sees approved values; an agency’s reporters and reviewers also its drafts; plan owners everything.',
          querystring: observationsQuery,
          response: { 200: z.array(observationSchema), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { indicator, agency, period, status, limit } = request.query;
        reply.header(
          'cache-control',
          request.principal.kind === 'anonymous' ? 'no-cache' : 'private, no-store',
        );
        return service.observations(request.principal, {
          indicatorCodes: indicator,
          agencyIds: agency,
          periods: period,
          statuses: status,
          limit,
        });
      },
    );

    app.put(
      '/api/metrics/observations',
      {
        config: { access: { roles: ['agency_reporter', 'plan_owner'] } },
        schema: {
          tags,
          summary: 'Nhập hoặc sửa số liệu (bản nháp) / Enter or change a value (draft)',
          description:
            'Chỉ cho đơn vị mình (hoặc mọi đơn vị với chủ trì kế hoạch). Số liệu đã nộp hoặc đã duyệt bị khóa (409). Chỉ tiêu do nền tảng tự đo không nhập tay (422). / For one’s own agency (any agency for plan owners). Submitted or approved values are locked (409). Indicators the platform measures are not entered by hand (422).',
          body: observationInput,
          response: { 200: observationSchema, ...problemResponses },
        },
      },
      async (request) => service.saveObservation(actorOf(request), request.body),
    );

    app.post(
      '/api/metrics/observations/:id/evidence',
      {
        config: { access: { roles: ['agency_reporter', 'plan_owner'] } },
        schema: {
          tags,
          summary: 'Đính kèm minh chứng / Attach an evidence file',
          description:
            'multipart/form-data: trường `description` (tùy chọn) đặt TRƯỚC tệp `file`. Nhận PDF, PNG, JPEG, XLSX, DOCX, CSV; tối đa 10 MB. / multipart/form-data: the optional `description` field BEFORE the `file` part. PDF, PNG, JPEG, XLSX, DOCX, CSV; up to 10 MB.',
          consumes: ['multipart/form-data'],
          params: idParam,
          response: { 201: evidenceSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request, evidencePolicy);
        const evidence = await service.attachEvidence(actorOf(request), request.params.id, {
          filename: upload.filename,
          bytes: upload.bytes,
          description: upload.fields.description ?? null,
        });
        return reply.code(201).send(evidence);
      },
    );

    app.get(
      '/api/metrics/evidence/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tải tệp minh chứng / Download an evidence file',
          description:
            'Ai xem được số liệu thì tải được minh chứng của nó. / Whoever may see the observation may download its evidence.',
          params: idParam,
          response: { 200: z.any().describe('Nội dung tệp / The file'), ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await service.evidenceContent(request.principal, request.params.id);
        if (!file) throw notFound({ vi: 'tệp minh chứng này', en: 'This evidence file' });
        return reply
          .type(file.mediaType)
          .header('content-disposition', contentDisposition(file.filename))
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .send(file.content);
      },
    );
  };
}
