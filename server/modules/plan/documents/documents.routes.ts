import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUpload } from '../../../platform/files.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { cycleAgencyParams, cycleParams, periodId, planParams } from '../plan.schema.ts';
import { importPolicy } from './agency-commit.ts';
import type { DocumentsService, Download } from './documents.service.ts';

const tags = ['plan'];

export const importReportSchema = z.object({
  valid: z.boolean(),
  saved: z.boolean(),
  dryRun: z.boolean(),
  fileErrors: z.array(z.object({ vi: z.string(), en: z.string() })),
  rows: z.array(
    z.object({
      sheet: z.string(),
      row: z.number().int(),
      errors: z.array(z.object({ column: z.string().nullable(), vi: z.string(), en: z.string() })),
    }),
  ),
  summary: z.object({ targets: z.number().int(), tasks: z.number().int(), unchanged: z.number().int() }),
  fileId: z.string().nullable(),
});

const importQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      'true: chỉ kiểm tra, không ghi / only check, save nothing; false: ghi khi mọi dòng hợp lệ / save when every row is valid',
    ),
});

const statusQuery = z.strictObject({
  period: periodId
    .optional()
    .describe('Kỳ đánh giá; mặc định quý gần nhất đã kết thúc / default the last finished quarter'),
  table: z
    .enum(['targets', 'tasks'])
    .default('targets')
    .describe('CSV: bảng chỉ tiêu hoặc nhiệm vụ / targets or tasks table'),
});

const binary = (description: string) => ({ 200: z.any().describe(description), ...problemResponses });

function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const send = (reply: FastifyReply, download: Download, cache = 'private, no-store') =>
  reply
    .type(download.contentType)
    .header('content-disposition', contentDisposition(download.filename))
    .header('cache-control', cache)
    .send(download.bytes);

export function documentsRoutes(documents: DocumentsService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/plan/cycles/:cycleId/agencies/:agencyId/template.xlsx',
      {
        config: { access: { roles: ['agency_reporter', 'plan_owner'] } },
        schema: {
          tags,
          summary: 'Mẫu báo cáo XLSX của đơn vị cho kỳ / An agency’s XLSX reporting template for a cycle',
          params: cycleAgencyParams,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: binary('XLSX'),
        },
      },
      async (request, reply) =>
        send(
          reply,
          await documents.agencyTemplate(request.principal, request.params.cycleId, request.params.agencyId),
        ),
    );

    app.post(
      '/api/plan/cycles/:cycleId/agencies/:agencyId/import',
      {
        config: { access: { roles: ['agency_reporter', 'plan_owner'] } },
        schema: {
          tags,
          summary:
            'Nhập báo cáo từ mẫu XLSX (chạy thử, rồi ghi tất cả một lần) / Import a filled template (dry run, then all at once)',
          description:
            'multipart/form-data, một tệp XLSX ≤ 5 MB. dryRun=false: 422 kèm `report` nếu có lỗi, không ghi gì. / One XLSX file of at most 5 MB. With dryRun=false any error answers 422 with the `report`, and nothing is saved.',
          params: cycleAgencyParams,
          querystring: importQuery,
          consumes: ['multipart/form-data'],
          response: { 200: importReportSchema, ...problemResponses },
        },
      },
      async (request) => {
        const upload = await readUpload(request, importPolicy);
        return documents.importAgencyReport(
          actorOf(request),
          request.params.cycleId,
          request.params.agencyId,
          upload,
          request.query.dryRun === 'true',
        );
      },
    );

    app.get(
      '/api/plan/plans/:planId/annex-template.xlsx',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary:
            'Phụ lục kế hoạch (chỉ tiêu, nhiệm vụ) dạng XLSX để sửa / The plan’s annex (targets, tasks) as XLSX to edit',
          params: planParams,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: binary('XLSX'),
        },
      },
      async (request, reply) =>
        send(reply, await documents.annexTemplate(request.principal, request.params.planId)),
    );

    app.post(
      '/api/plan/plans/:planId/annex-import',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary:
            'Nhập phụ lục kế hoạch từ XLSX (chạy thử, rồi ghi tất cả một lần) / Import the annex (dry run, then all at once)',
          description:
            'Tạo hoặc cập nhật chỉ tiêu và nhiệm vụ. / Creates or updates targets and tasks. multipart/form-data, một tệp XLSX ≤ 5 MB; dryRun=false: 422 kèm `report` nếu có lỗi, không ghi gì.',
          params: planParams,
          querystring: importQuery,
          consumes: ['multipart/form-data'],
          response: { 200: importReportSchema, ...problemResponses },
        },
      },
      async (request) => {
        const upload = await readUpload(request, importPolicy);
        return documents.importAnnex(
          actorOf(request),
          request.params.planId,
          upload,
          request.query.dryRun === 'true',
        );
      },
    );

    for (const format of ['xlsx', 'csv'] as const) {
      app.get(
        `/api/plan/plans/:planId/status.${format}`,
        {
          config: { access: 'public' },
          schema: {
            tags,
            summary: `Trạng thái kế hoạch (${format.toUpperCase()}, số liệu đã duyệt) / The plan’s status (${format.toUpperCase()}, approved data)`,
            params: planParams,
            querystring: statusQuery,
            produces: [
              format === 'csv'
                ? 'text/csv'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            ],
            response: binary(format === 'csv' ? 'CSV, UTF-8 có BOM / CSV, UTF-8 with BOM' : 'XLSX'),
          },
        },
        async (request, reply) =>
          send(
            reply,
            await documents.statusExport(request.params.planId, format, {
              period: request.query.period,
              table: request.query.table,
            }),
            'public, max-age=300',
          ),
      );
    }

    app.get(
      '/api/plan/cycles/:cycleId/report.pdf',
      {
        config: { access: { roles: ['plan_owner', 'agency_reviewer'] } },
        schema: {
          tags,
          summary: 'Sổ báo cáo của kỳ (PDF tiếng Việt) / The cycle’s report book (PDF, Vietnamese)',
          params: cycleParams,
          produces: ['application/pdf'],
          response: binary('PDF'),
        },
      },
      async (request, reply) =>
        send(reply, await documents.reportBook(request.principal, request.params.cycleId)),
    );
  };
}
