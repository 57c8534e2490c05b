import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../../platform/errors.ts';
import { readUpload } from '../../../platform/files.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import {
  citizenResultSchema,
  copyCheckSchema,
  idParam,
  revokeInput,
  verificationSchema,
} from './results.schema.ts';
import { copyPolicy, type ResultsService } from './results.service.ts';

const tags = ['services'];

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187). */
const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** Public verification of results, revocation by the issuing agency, the PDF for its owner. */
export function resultsRoutes(service: ResultsService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/verify/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Xác minh kết quả giải quyết thủ tục / Verify an issued result',
          description:
            'Cơ quan cấp, người được cấp (che một phần), ngày cấp, trạng thái (còn hiệu lực / đã thu hồi) và nhãn CA thử nghiệm. / Issuer, subject (partly masked), issue date, status (valid / revoked) and the demo-CA label.',
          params: idParam,
          response: { 200: verificationSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-cache');
        return service.verification(request.params.id);
      },
    );

    app.post(
      '/api/verify/:id/check',
      {
        // A read-only check anyone may make (no session is used or changed): no CSRF token needed.
        config: { access: 'public', csrf: false },
        schema: {
          tags,
          summary: 'Kiểm tra một bản PDF với kết quả đã cấp / Check a PDF against the issued result',
          description:
            'multipart/form-data, một tệp `file` (PDF, tối đa 10 MB). Trả lời tệp có trùng từng byte với bản đã cấp (SHA-256) và chữ ký số có hợp lệ với chứng thư của cơ quan cấp hay không, kèm lý do bằng hai ngôn ngữ. / multipart/form-data, one `file` (PDF, up to 10 MB). Answers whether it is byte-identical to the issued one (SHA-256) and whether its digital signature verifies against the issuing agency’s certificate, with reasons in both languages.',
          consumes: ['multipart/form-data'],
          params: idParam,
          response: { 200: copyCheckSchema, ...problemResponses },
        },
      },
      async (request) => {
        await service.verification(request.params.id); // 404 before reading an upload
        const upload = await readUpload(request, copyPolicy);
        return service.checkCopy(request.params.id, upload.bytes);
      },
    );

    app.post(
      '/api/results/:id/revoke',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Thu hồi kết quả / Revoke a result',
          description:
            'Cán bộ xử lý hồ sơ hoặc quản trị của cơ quan cấp; bắt buộc nêu lý do; ghi nhật ký kiểm toán. / A case officer or administrator of the issuing agency; a reason is required; audited.',
          params: idParam,
          body: revokeInput,
          response: { 200: verificationSchema, ...problemResponses },
        },
      },
      async (request) => service.revoke(actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/results/:id/pdf',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Tải bản PDF kết quả đã ký số / Download the signed result PDF',
          description:
            'Chỉ công dân được cấp và cán bộ của cơ quan cấp. / Only the citizen it was issued to and the issuing agency’s officials.',
          params: idParam,
          response: { 200: z.any().describe('PDF'), ...problemResponses },
        },
      },
      async (request, reply) => {
        const file = await service.resultPdf(request.principal, request.params.id);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', attachment(file.filename))
          .header('cache-control', 'private, no-store')
          .header('x-content-sha256', file.sha256)
          .send(file.bytes);
      },
    );

    app.get(
      '/api/results/mine',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Kết quả đã cấp cho tôi / My issued results',
          response: { 200: z.array(citizenResultSchema), ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        if (principal.kind !== 'citizen') throw forbidden();
        reply.header('cache-control', 'private, no-store');
        return service.resultsOf(principal.personalId);
      },
    );
  };
}
