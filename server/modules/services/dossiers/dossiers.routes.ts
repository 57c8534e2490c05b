import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUpload } from '../../../platform/files.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { dossierStates } from './dossiers.tables.ts';
import type { DraftsService } from './drafts.service.ts';
import type { FeesService } from './fees.service.ts';
import type { dossierStatistics } from './kpi.ts';
import type { OfficerAction, ProcessService } from './process.service.ts';
import type { Receipts } from './receipt.ts';

const tags = ['services'];
const draftParam = z.strictObject({ draftId: z.uuid() });
const codeParam = z.strictObject({ code: z.string().min(3).max(40) });
const answers = z.record(z.string().min(1).max(200), z.unknown());
const inlineAttachment = z.strictObject({
  key: z.string().min(1).max(100),
  filename: z.string().min(1).max(200),
  contentBase64: z.string().min(1).max(14_000_000),
});
/** Answers are documented in docs/public-services.md ("Dossiers"); any JSON object passes through. */
const answer = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };
const binary = { 200: z.unknown(), ...problemResponses };
const reason = z.string().trim().min(3).max(2000);

const officerAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start_intake') }),
  z.strictObject({ action: z.literal('request_supplement'), reason }),
  z.strictObject({ action: z.literal('refuse_intake'), reason }),
  z.strictObject({ action: z.literal('receive') }),
  z.strictObject({
    action: z.literal('assign'),
    officialId: z.string().min(1).max(100).optional(),
    step: z.string().min(1).max(200).optional(),
  }),
  z.strictObject({ action: z.literal('send_to_agency'), targetAgencyId: z.string().min(1).max(100), reason }),
  z.strictObject({ action: z.literal('return_from_agency'), reason: reason.optional() }),
  z.strictObject({ action: z.literal('suspend'), reason }),
  z.strictObject({ action: z.literal('resume'), reason: reason.optional() }),
  z.strictObject({ action: z.literal('extend'), days: z.number().int().min(1).max(15), reason }),
  z.strictObject({ action: z.literal('approve'), reason: reason.optional() }),
  z.strictObject({ action: z.literal('deny'), reason }),
  z.strictObject({ action: z.literal('record_payment'), reference: z.string().min(1).max(200) }),
  z.strictObject({ action: z.literal('issue_result') }),
  z.strictObject({ action: z.literal('close') }),
]);

const uploadPolicy = { kinds: ['pdf', 'png', 'jpeg', 'docx'] as const, maxBytes: 20 * 1024 * 1024 };

/** `/api/services/*` routes of the dossiers part: citizen, officer and public. */
export function dossierRoutes(deps: {
  drafts: DraftsService;
  process: ProcessService;
  fees: FeesService;
  receipts: Receipts;
  /** Early / on time / late and channel counts of the dossiers filed in [from, to). */
  statistics: (from: Date, to: Date) => ReturnType<typeof dossierStatistics>;
}): FastifyPluginAsync {
  const { drafts, process, fees, receipts, statistics } = deps;
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const noStore = { 'cache-control': 'no-store' };

    // ---- citizen: drafts
    app.post(
      '/api/services/drafts',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Bắt đầu hoặc tiếp tục bản nháp hồ sơ / Start or continue a draft',
          body: z.strictObject({ procedureCode: z.string().min(1).max(60), fresh: z.boolean().optional() }),
          response: answer,
        },
      },
      async (request, reply) =>
        reply
          .headers(noStore)
          .send(
            await drafts.start(request.principal, request.body.procedureCode, { fresh: request.body.fresh }),
          ),
    );
    app.get(
      '/api/services/drafts',
      {
        config: { access: 'citizen' },
        schema: { tags, summary: 'Bản nháp của tôi / My drafts', response: answer },
      },
      async (request, reply) => reply.headers(noStore).send({ items: await drafts.mine(request.principal) }),
    );
    app.get(
      '/api/services/drafts/:draftId',
      {
        config: { access: 'citizen' },
        schema: { tags, summary: 'Bản nháp / A draft', params: draftParam, response: answer },
      },
      async (request, reply) =>
        reply.headers(noStore).send(await drafts.get(request.principal, request.params.draftId)),
    );
    app.put(
      '/api/services/drafts/:draftId',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Lưu bản nháp / Save a draft',
          params: draftParam,
          body: z.strictObject({ answers }),
          response: answer,
        },
      },
      async (request, reply) =>
        reply
          .headers(noStore)
          .send(await drafts.save(request.principal, request.params.draftId, request.body.answers)),
    );
    app.delete(
      '/api/services/drafts/:draftId',
      {
        config: { access: 'citizen' },
        schema: { tags, summary: 'Xóa bản nháp / Discard a draft', params: draftParam, response: answer },
      },
      async (request, reply) => {
        await drafts.discard(request.principal, request.params.draftId);
        return reply.code(204).send(undefined as never);
      },
    );
    app.post(
      '/api/services/drafts/:draftId/consent',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Đồng ý điền sẵn hoặc tự nhập / Consent to pre-fill or fill in by hand',
          params: draftParam,
          body: z.strictObject({ accept: z.boolean() }),
          response: answer,
        },
      },
      async (request, reply) =>
        reply
          .headers(noStore)
          .send(await drafts.consent(actorOf(request), request.params.draftId, request.body.accept)),
    );
    app.post(
      '/api/services/drafts/:draftId/attachments',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Đính kèm tệp (multipart: file, key) / Attach a file',
          params: draftParam,
          response: answer,
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request, {
          kinds: [...uploadPolicy.kinds],
          maxBytes: uploadPolicy.maxBytes,
        });
        const key = upload.fields.key ?? '';
        return reply
          .code(201)
          .send(await drafts.addAttachment(actorOf(request), request.params.draftId, key, upload));
      },
    );
    app.post(
      '/api/services/drafts/:draftId/submit',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Nộp hồ sơ / Submit',
          description:
            'Giá trị đã xác thực bị sửa → 422, không lưu gì. / Altered verified values → 422, nothing stored.',
          params: draftParam,
          body: z.strictObject({ answers, attachments: z.array(inlineAttachment).max(20).optional() }),
          response: answer,
        },
      },
      async (request, reply) => {
        const submitted = await drafts.submit(actorOf(request), request.params.draftId, request.body);
        const row = await process.byId(submitted.dossierId);
        return reply
          .code(submitted.replay ? 200 : 201)
          .headers(noStore)
          .send(process.summaryOf(row!));
      },
    );

    // ---- citizen: dossiers
    app.get(
      '/api/services/dossiers/mine',
      {
        config: { access: 'citizen' },
        schema: { tags, summary: 'Hồ sơ của tôi / My dossiers', response: answer },
      },
      async (request, reply) => reply.headers(noStore).send({ items: await process.mine(request.principal) }),
    );
    app.get(
      '/api/services/dossiers/mine/:code',
      {
        config: { access: 'citizen' },
        schema: { tags, summary: 'Chi tiết hồ sơ / Dossier detail', params: codeParam, response: answer },
      },
      async (request, reply) =>
        reply.headers(noStore).send(await process.citizenDetail(request.principal, request.params.code)),
    );
    app.get(
      '/api/services/dossiers/mine/:code/receipt.pdf',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF) / Receipt and appointment (PDF)',
          params: codeParam,
          response: binary,
        },
      },
      async (request, reply) => {
        const file = await receipts.receiptPdf(request.principal, request.params.code);
        return reply
          .headers({
            ...noStore,
            'content-type': 'application/pdf',
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          })
          .send(file.bytes);
      },
    );
    app.post(
      '/api/services/dossiers/mine/:code/attachments',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Tải tệp bổ sung (multipart: file, key) / Upload a supplement file',
          params: codeParam,
          response: answer,
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request, {
          kinds: [...uploadPolicy.kinds],
          maxBytes: uploadPolicy.maxBytes,
        });
        return reply
          .code(201)
          .send(
            await process.addSupplementFile(
              actorOf(request),
              request.params.code,
              upload.fields.key ?? 'supplement',
              upload,
            ),
          );
      },
    );
    app.post(
      '/api/services/dossiers/mine/:code/supplement',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Hoàn tất bổ sung / Supplement provided',
          params: codeParam,
          body: z.strictObject({ note: z.string().max(2000).optional() }),
          response: answer,
        },
      },
      async (request) => process.provideSupplement(actorOf(request), request.params.code, request.body.note),
    );
    app.post(
      '/api/services/dossiers/mine/:code/withdraw',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Rút hồ sơ / Withdraw',
          params: codeParam,
          body: z.strictObject({ reason: z.string().max(2000).optional() }),
          response: answer,
        },
      },
      async (request) => process.withdraw(actorOf(request), request.params.code, request.body.reason),
    );
    app.post(
      '/api/services/dossiers/mine/:code/rating',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Đánh giá mức độ hài lòng / Satisfaction rating',
          params: codeParam,
          body: z.strictObject({
            score: z.number().int().min(1).max(5),
            comment: z.string().max(2000).optional(),
          }),
          response: answer,
        },
      },
      async (request) => process.rate(actorOf(request), request.params.code, request.body),
    );
    app.get(
      '/api/services/dossiers/:code/attachments/:attachmentId',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Tải tệp đính kèm / Download an attachment',
          params: z.strictObject({ code: z.string().min(3).max(40), attachmentId: z.uuid() }),
          response: binary,
        },
      },
      async (request, reply) => {
        const file = await process.attachmentFile(
          request.principal,
          request.params.code,
          request.params.attachmentId,
        );
        return reply
          .headers({
            ...noStore,
            'content-type': file.mediaType,
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          })
          .send(file.content);
      },
    );

    // ---- citizen: fees
    app.get(
      '/api/services/dossiers/mine/:code/payment',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Thanh toán lệ phí (VietQR) / Pay the fee (VietQR)',
          params: codeParam,
          response: answer,
        },
      },
      async (request, reply) =>
        reply.headers(noStore).send(await fees.payment(request.principal, request.params.code)),
    );
    app.post(
      '/api/services/dossiers/mine/:code/payment/simulate',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Cổng mô phỏng: thanh toán / Simulated gateway: settle the payment',
          params: codeParam,
          body: z.strictObject({ outcome: z.enum(['paid', 'failed']) }),
          response: answer,
        },
      },
      async (request) => fees.simulate(request.principal, request.params.code, request.body.outcome),
    );

    // ---- payment gateway (server to server): the signature covers the raw body, so this one
    // route reads JSON as the bytes received, in its own scope.
    await app.register(async (scope) => {
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
        done(null, body),
      );
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/api/services/payments/callback',
        {
          // No browser session: the gateway's signature stands in for the CSRF token.
          config: { access: 'public', csrf: false },
          schema: {
            tags,
            summary: 'Thông báo của cổng thanh toán / Payment gateway notification',
            description:
              'Cổng thanh toán gọi khi giao dịch thay đổi; chữ ký HMAC trong tiêu đề `x-payment-signature` (`t=<giây>,v1=<hex>`). / Called by the gateway when a payment changes; HMAC signature in the `x-payment-signature` header.',
            headers: z.looseObject({ 'x-payment-signature': z.string().max(500).optional() }),
            response: answer,
          },
        },
        async (request) =>
          fees.callback({
            body: typeof request.body === 'string' ? request.body : '',
            signature: request.headers['x-payment-signature'],
          }),
      );
    });

    // ---- officer
    app.get(
      '/api/services/queue',
      {
        config: { access: { roles: ['case_officer'] } },
        schema: {
          tags,
          summary: 'Hàng đợi hồ sơ của cơ quan / Agency dossier queue',
          querystring: z.strictObject({
            agencyId: z.string().min(1).max(100).optional(),
            state: z.string().max(400).optional(),
            procedureCode: z.string().min(1).max(60).optional(),
            overdue: z.enum(['true', 'false']).optional(),
            q: z.string().max(100).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: answer,
        },
      },
      async (request, reply) => {
        const states = request.query.state?.split(',').filter(Boolean) ?? [];
        const known = states.filter((s): s is (typeof dossierStates)[number] =>
          (dossierStates as readonly string[]).includes(s),
        );
        return reply.headers(noStore).send(
          await process.queue(request.principal, {
            agencyId: request.query.agencyId,
            state: known,
            procedureCode: request.query.procedureCode,
            overdue: request.query.overdue === 'true',
            q: request.query.q,
            limit: request.query.limit,
          }),
        );
      },
    );
    app.get(
      '/api/services/cases/:code',
      {
        config: { access: { roles: ['case_officer'] } },
        schema: { tags, summary: 'Hồ sơ (cán bộ) / Dossier (officer)', params: codeParam, response: answer },
      },
      async (request, reply) =>
        reply.headers(noStore).send(await process.officerDetail(request.principal, request.params.code)),
    );
    app.post(
      '/api/services/cases/:code/actions',
      {
        config: { access: { roles: ['case_officer'] } },
        schema: {
          tags,
          summary: 'Thao tác xử lý hồ sơ / Act on a dossier',
          params: codeParam,
          body: officerAction,
          response: answer,
        },
      },
      async (request) => process.act(actorOf(request), request.params.code, request.body as OfficerAction),
    );

    app.post(
      '/api/services/counter',
      {
        config: { access: { roles: ['case_officer'] } },
        schema: {
          tags,
          summary: 'Tiếp nhận hồ sơ tại quầy / File a dossier at the counter',
          body: z.strictObject({
            procedureCode: z.string().min(1).max(60),
            agencyId: z.string().min(1).max(100),
            personalId: z.string().regex(/^\d{12}$/),
            applicantName: z.string().trim().min(1).max(200),
            answers,
          }),
          response: answer,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await process.counterIntake(actorOf(request), request.body)),
    );

    // ---- public
    app.get(
      '/api/services/statistics',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Thống kê hồ sơ: sớm, đúng, trễ hạn; trực tuyến, tại quầy / Dossier statistics',
          querystring: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
          response: answer,
        },
      },
      async (request) => ({
        from: request.query.from,
        to: request.query.to,
        ...(await statistics(
          new Date(`${request.query.from}T00:00:00+07:00`),
          new Date(`${request.query.to}T00:00:00+07:00`),
        )),
      }),
    );
    app.get(
      '/api/services/status',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tra cứu tình trạng hồ sơ / Dossier status lookup',
          description:
            'Mã hồ sơ + 4 số cuối số định danh; chỉ trả trạng thái và ngày. / Code + last 4 digits of the ID number; answers only status and dates.',
          querystring: z.strictObject({
            code: z.string().min(3).max(40),
            idLast4: z.string().regex(/^\d{4}$/),
          }),
          response: answer,
        },
      },
      async (request, reply) =>
        reply
          .headers(noStore)
          .send(await process.status(request.query.code, request.query.idLast4, request.ip ?? null)),
    );
  };
}
