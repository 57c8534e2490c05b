import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import { readUpload } from '../../platform/files.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  evidenceParams,
  fileSchema,
  planParams,
  taskCreateBody,
  taskDetailSchema,
  taskParams,
  taskPatchBody,
  taskReportBody,
  taskReportParams,
  taskReportSchema,
  taskSummarySchema,
  tasksQuery,
} from './plan.schema.ts';
import type { PlanService } from './plan.service.ts';
import { reportEvidencePolicy } from './tasks.service.ts';

const tags = ['plan'];

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187). */
export function contentDisposition(filename: string): string {
  const fallback = filename
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The task board, tasks, their periodic reports and evidence. */
export function tasksRoutes(service: PlanService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/plan/plans/:planId/tasks',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary:
            'Bảng nhiệm vụ (lọc theo đơn vị, trụ cột, trạng thái, quá hạn) / Task board (filter by agency, pillar, status, overdue)',
          params: planParams,
          querystring: tasksQuery,
          response: {
            200: z.object({ total: z.number().int(), tasks: z.array(taskSummarySchema) }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const { lineage, overdue, example, ...rest } = request.query;
        return service.tasks(request.principal, request.params.planId, {
          ...rest,
          lineage: lineage === 'true',
          overdue: overdue === undefined ? undefined : overdue === 'true',
          example: example === undefined ? undefined : example === 'true',
        });
      },
    );

    app.post(
      '/api/plan/plans/:planId/tasks',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Thêm nhiệm vụ / Create a task',
          params: planParams,
          body: taskCreateBody,
          response: { 201: taskDetailSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const task = await service.createTask(actorOf(request), request.params.planId, request.body);
        return reply.code(201).send(task);
      },
    );

    app.get(
      '/api/plan/tasks/:taskId',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Nhiệm vụ và các báo cáo định kỳ / A task and its periodic reports',
          params: taskParams,
          response: { 200: taskDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.task(request.principal, request.params.taskId),
    );

    app.patch(
      '/api/plan/tasks/:taskId',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Sửa nhiệm vụ / Edit a task',
          params: taskParams,
          body: taskPatchBody,
          response: { 200: taskDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.updateTask(actorOf(request), request.params.taskId, request.body),
    );

    app.put(
      '/api/plan/tasks/:taskId/reports/:period',
      {
        config: { access: { roles: ['agency_reporter'] } },
        schema: {
          tags,
          summary: 'Báo cáo tiến độ nhiệm vụ của kỳ / The task’s report for a period',
          params: taskReportParams,
          body: taskReportBody,
          response: { 200: taskReportSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.saveTaskReport(actorOf(request), request.params.taskId, request.params.period, request.body),
    );

    app.post(
      '/api/plan/tasks/:taskId/reports/:period/evidence',
      {
        config: { access: { roles: ['agency_reporter'] } },
        schema: {
          tags,
          summary: 'Đính kèm minh chứng cho báo cáo nhiệm vụ / Attach evidence to a task report',
          description:
            'multipart/form-data, một tệp: PDF, PNG, JPEG, XLSX, DOCX, CSV hoặc văn bản; tối đa 20 MB. / multipart/form-data, one file: PDF, PNG, JPEG, XLSX, DOCX, CSV or text; up to 20 MB.',
          consumes: ['multipart/form-data'],
          params: taskReportParams,
          response: { 201: fileSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request, reportEvidencePolicy);
        const file = await service.attachTaskReportEvidence(
          actorOf(request),
          request.params.taskId,
          request.params.period,
          upload,
        );
        return reply.code(201).send(file);
      },
    );

    app.get(
      '/api/plan/evidence/:evidenceId',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary:
            'Tải minh chứng (của báo cáo nhiệm vụ hoặc của số liệu) / Download evidence (of a task report or of a value)',
          description:
            'Một địa chỉ cho cả hai loại minh chứng; chỉ người được xem báo cáo hoặc số liệu đó (nếu không: 404). / One address for both kinds of evidence; only for those who may see the report or value (else 404).',
          params: evidenceParams,
          response: { 200: z.any().describe('Nội dung tệp / The file'), ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await service.evidence(request.principal, request.params.evidenceId);
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
