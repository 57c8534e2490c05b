import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  agencyPageSchema,
  agencyParams,
  overrideBody,
  overrideParams,
  overviewSchema,
  periodQuery,
  planDetailSchema,
  planParams,
  planPatchBody,
  planSchema,
  targetDetailSchema,
  targetParams,
  targetPatchBody,
} from './plan.schema.ts';
import type { PlanService } from './plan.service.ts';

const tags = ['plan'];

/** Plans, the overview, targets (detail, edit, status overrides) and the agency page. */
export function targetsRoutes(service: PlanService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/plan/plans',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Danh sách kế hoạch / Plans',
          response: { 200: z.array(planSchema), ...problemResponses },
        },
      },
      async () => service.plans(),
    );

    app.get(
      '/api/plan/plans/:planId',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Kế hoạch, các trụ cột và số lượng / A plan with its pillars and counts',
          params: planParams,
          response: { 200: planDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.plan(request.params.planId),
    );

    app.patch(
      '/api/plan/plans/:planId',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Sửa kế hoạch, công bố / Edit or publish a plan',
          params: planParams,
          body: planPatchBody,
          response: { 200: planDetailSchema, ...problemResponses },
        },
      },
      async (request) => {
        await service.updatePlan(actorOf(request), request.params.planId, request.body);
        return service.plan(request.params.planId);
      },
    );

    app.get(
      '/api/plan/plans/:planId/overview',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Tổng quan theo trụ cột và trạng thái / Overview by pillar and status',
          params: planParams,
          querystring: periodQuery,
          response: { 200: overviewSchema, ...problemResponses },
        },
      },
      async (request) => service.overview(request.params.planId, request.query.period),
    );

    app.get(
      '/api/plan/plans/:planId/targets/:code',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary:
            'Chỉ tiêu: chuỗi số liệu, lộ trình, dự báo, trạng thái / A target: series, path, forecast, status',
          params: targetParams,
          querystring: periodQuery,
          response: { 200: targetDetailSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.target(request.principal, request.params.planId, request.params.code, request.query.period),
    );

    app.patch(
      '/api/plan/plans/:planId/targets/:code',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary:
            'Sửa chỉ tiêu (độ tin cậy, mốc, ngưỡng, lộ trình) / Edit a target (confidence, milestones, thresholds, path)',
          params: targetParams,
          body: targetPatchBody,
          response: { 200: targetDetailSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.updateTarget(actorOf(request), request.params.planId, request.params.code, request.body),
    );

    app.put(
      '/api/plan/plans/:planId/targets/:code/overrides/:period',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary:
            'Điều chỉnh trạng thái của kỳ (kèm ghi chú) / Override the status of a period (with a note)',
          description: '`status: null` bỏ điều chỉnh. / `status: null` clears the override.',
          params: overrideParams,
          body: overrideBody,
          response: { 200: targetDetailSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.overrideStatus(
          actorOf(request),
          request.params.planId,
          request.params.code,
          request.params.period,
          request.body,
        ),
    );

    app.get(
      '/api/plan/plans/:planId/agencies/:agencyId',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary:
            'Trang đơn vị: nghĩa vụ, tiến độ, nhiệm vụ quá hạn / Agency page: obligations, completion, overdue tasks',
          params: agencyParams,
          response: { 200: agencyPageSchema, ...problemResponses },
        },
      },
      async (request) =>
        service.agencyPage(request.principal, request.params.planId, request.params.agencyId),
    );
  };
}
