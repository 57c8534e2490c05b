import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/auth/principal.ts';
import { readUpload } from '../../platform/files.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  approveBody,
  completionSchema,
  cycleAgencyParams,
  cycleDetailSchema,
  cycleParams,
  cyclePatchBody,
  cycleSchema,
  cycleValueParams,
  evidenceSchema,
  myWorklistsSchema,
  obligationsBody,
  observationSchema,
  openCycleBody,
  openCycleResultSchema,
  planParams,
  reasonBody,
  submissionSchema,
  submitBody,
  valueBody,
  worklistSchema,
} from './plan.schema.ts';
import type { PlanService } from './plan.service.ts';
import { reportEvidencePolicy } from './tasks.service.ts';

const tags = ['plan'];

/** Reporting cycles: opening, obligations, completion, worklists, values and the approval flow. */
export function cyclesRoutes(service: PlanService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/plan/plans/:planId/cycles',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Các kỳ báo cáo / Reporting cycles',
          params: planParams,
          response: { 200: z.array(cycleSchema), ...problemResponses },
        },
      },
      async (request) => service.cycles(request.params.planId),
    );

    app.post(
      '/api/plan/plans/:planId/cycles',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Mở kỳ báo cáo và giao nghĩa vụ / Open a reporting cycle and assign obligations',
          params: planParams,
          body: openCycleBody,
          response: { 201: openCycleResultSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const cycle = await service.openCycle(actorOf(request), request.params.planId, request.body);
        return reply.code(201).send(cycle);
      },
    );

    app.get(
      '/api/plan/cycles/:cycleId',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Kỳ báo cáo và nghĩa vụ / A cycle and its obligations',
          params: cycleParams,
          response: { 200: cycleDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.cycle(request.params.cycleId),
    );

    app.patch(
      '/api/plan/cycles/:cycleId',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Đổi hạn nộp, đóng/mở kỳ / Change the due date, close or reopen the cycle',
          params: cycleParams,
          body: cyclePatchBody,
          response: { 200: cycleDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.updateCycle(actorOf(request), request.params.cycleId, request.body),
    );

    app.post(
      '/api/plan/cycles/:cycleId/obligations',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Thêm, bớt nghĩa vụ báo cáo / Add or remove obligations',
          params: cycleParams,
          body: obligationsBody,
          response: { 200: cycleDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.editObligations(actorOf(request), request.params.cycleId, request.body),
    );

    app.get(
      '/api/plan/cycles/:cycleId/completion',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Tình hình nộp báo cáo của các đơn vị / Every agency’s state in the cycle',
          params: cycleParams,
          response: { 200: completionSchema, ...problemResponses },
        },
      },
      async (request) => service.completion(request.params.cycleId),
    );

    app.get(
      '/api/plan/my/worklists',
      {
        config: { access: { roles: ['agency_reporter', 'agency_reviewer', 'plan_owner'] } },
        schema: {
          tags,
          summary:
            'Việc của tôi: các kỳ đang mở và các đơn vị tôi báo cáo hoặc phê duyệt / My work: open cycles and the agencies I report or review for',
          response: { 200: myWorklistsSchema, ...problemResponses },
        },
      },
      async (request) => service.myWorklists(request.principal),
    );

    app.get(
      '/api/plan/cycles/:cycleId/agencies/:agencyId/worklist',
      {
        config: { access: { roles: ['agency_reporter', 'agency_reviewer', 'plan_owner'] } },
        schema: {
          tags,
          summary: 'Việc cần báo cáo của đơn vị / An agency’s worklist',
          params: cycleAgencyParams,
          response: { 200: worklistSchema, ...problemResponses },
        },
      },
      async (request) => service.worklist(request.principal, request.params.cycleId, request.params.agencyId),
    );

    app.put(
      '/api/plan/cycles/:cycleId/agencies/:agencyId/values/:code',
      {
        config: { access: { roles: ['agency_reporter', 'plan_owner'] } },
        schema: {
          tags,
          summary: 'Nhập số liệu chỉ tiêu của kỳ / Enter a target’s value for the period',
          params: cycleValueParams,
          body: valueBody,
          response: { 200: observationSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.saveValue(
          actorOf(request),
          request.params.cycleId,
          request.params.agencyId,
          request.params.code,
          request.body,
        ),
    );

    app.post(
      '/api/plan/cycles/:cycleId/agencies/:agencyId/values/:code/evidence',
      {
        config: { access: { roles: ['agency_reporter', 'plan_owner'] } },
        schema: {
          tags,
          summary: 'Đính kèm minh chứng cho số liệu / Attach evidence to a value',
          description:
            'multipart/form-data, một tệp: PDF, PNG, JPEG, XLSX, DOCX, CSV; tối đa 10 MB. / multipart/form-data, one file: PDF, PNG, JPEG, XLSX, DOCX, CSV; up to 10 MB.',
          consumes: ['multipart/form-data'],
          params: cycleValueParams,
          response: { 201: evidenceSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const upload = await readUpload(request, reportEvidencePolicy);
        const evidence = await service.attachValueEvidence(
          actorOf(request),
          request.params.cycleId,
          request.params.agencyId,
          request.params.code,
          { filename: upload.filename, bytes: upload.bytes },
        );
        return reply.code(201).send(evidence);
      },
    );

    const flowRoute = <B extends z.ZodType>(path: string, roles: Role[], body: B, summary: string) =>
      ({
        url: `/api/plan/cycles/:cycleId/agencies/:agencyId/${path}`,
        config: { access: { roles } },
        schema: {
          tags,
          summary,
          params: cycleAgencyParams,
          body,
          response: { 200: submissionSchema, ...problemResponses },
        },
      }) as const;

    const submit = flowRoute(
      'submit',
      ['agency_reporter'],
      submitBody,
      'Nộp báo cáo của đơn vị / Submit the agency’s report',
    );
    app.post(submit.url, submit, async (request) =>
      service.submit(actorOf(request), request.params.cycleId, request.params.agencyId),
    );

    const giveBack = flowRoute(
      'return',
      ['agency_reviewer'],
      reasonBody,
      'Trả lại báo cáo kèm lý do / Return the report with a reason',
    );
    app.post(giveBack.url, giveBack, async (request) =>
      service.returnSubmission(
        actorOf(request),
        request.params.cycleId,
        request.params.agencyId,
        request.body.reason,
      ),
    );

    const approve = flowRoute(
      'approve',
      ['agency_reviewer'],
      approveBody,
      'Phê duyệt và khóa kỳ của đơn vị / Approve and lock the agency’s period',
    );
    app.post(approve.url, approve, async (request) =>
      service.approve(actorOf(request), request.params.cycleId, request.params.agencyId, request.body.note),
    );

    const reopen = flowRoute(
      'reopen',
      ['plan_owner'],
      reasonBody,
      'Mở lại báo cáo đã nộp hoặc đã duyệt, kèm lý do / Reopen a submitted or approved report, with a reason',
    );
    app.post(reopen.url, reopen, async (request) =>
      service.reopen(actorOf(request), request.params.cycleId, request.params.agencyId, request.body.reason),
    );
  };
}
