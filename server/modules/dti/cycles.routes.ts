import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  cycleParams,
  cycleSchema,
  cycleUnitParams,
  entryBody,
  entryParams,
  entrySchema,
  openCycleBody,
  reviewBody,
} from './cycles.schema.ts';
import type { CyclesService } from './cycles.service.ts';
import type { MeasuredService } from './measured.service.ts';

const tags = ['dti'];
const submitResult = z.object({ unitId: z.string(), status: z.literal('submitted'), items: z.number() });

/** The assessment cycle. Route access is the first gate; the service checks unit scope. */
export function cyclesRoutes(service: CyclesService, measured: MeasuredService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/dti/cycles',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Các kỳ đánh giá / Assessment cycles',
          response: { 200: z.array(cycleSchema), ...problemResponses },
        },
      },
      async (request) => service.list(request.principal),
    );

    app.post(
      '/api/dti/cycles',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Mở kỳ đánh giá / Open an assessment cycle',
          body: openCycleBody,
          response: { 201: cycleSchema, ...problemResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await service.open(actorOf(request), request.body)),
    );

    app.get(
      '/api/dti/cycles/:cycleId',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Một kỳ đánh giá / A cycle',
          params: cycleParams,
          response: { 200: cycleSchema, ...problemResponses },
        },
      },
      async (request) => service.get(request.principal, request.params.cycleId),
    );

    app.get(
      '/api/dti/cycles/:cycleId/units/:unitId/entries',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Bản tự đánh giá của đơn vị / A unit’s entries',
          params: cycleUnitParams,
          response: { 200: z.array(entrySchema), ...problemResponses },
        },
      },
      async (request) => service.entries(request.principal, request.params.cycleId, request.params.unitId),
    );

    app.put(
      '/api/dti/cycles/:cycleId/units/:unitId/entries/:code',
      {
        config: { access: { roles: ['agency_reporter'] } },
        schema: {
          tags,
          summary: 'Lưu một mục tự đánh giá (tự động lưu) / Save one self-assessed item (autosave)',
          params: entryParams,
          body: entryBody,
          response: { 200: entrySchema, ...problemResponses },
        },
      },
      async (request) => service.saveEntry(actorOf(request), request.params, request.body),
    );

    app.post(
      '/api/dti/cycles/:cycleId/units/:unitId/submit',
      {
        config: { access: { roles: ['agency_reporter'] } },
        schema: {
          tags,
          summary: 'Nộp bản tự đánh giá / Submit the self-assessment',
          params: cycleUnitParams,
          response: { 200: submitResult, ...problemResponses },
        },
      },
      async (request) => service.submit(actorOf(request), request.params.cycleId, request.params.unitId),
    );

    app.post(
      '/api/dti/cycles/:cycleId/units/:unitId/entries/:code/review',
      {
        config: { access: { roles: ['index_appraiser'] } },
        schema: {
          tags,
          summary: 'Thẩm định một mục / Appraise one item',
          params: entryParams,
          body: reviewBody,
          response: { 200: entrySchema, ...problemResponses },
        },
      },
      async (request) => service.review(actorOf(request), request.params, request.body),
    );

    app.post(
      '/api/dti/cycles/:cycleId/recompute',
      {
        config: { access: { roles: ['plan_owner', 'index_appraiser'] } },
        schema: {
          tags,
          summary: 'Tính lại các chỉ số đo tự động / Recompute the measured sub-indices',
          params: cycleParams,
          response: { 200: z.object({ items: z.number() }), ...problemResponses },
        },
      },
      async (request) => measured.recompute(actorOf(request), request.params.cycleId),
    );

    for (const step of ['finalise', 'publish'] as const)
      app.post(
        `/api/dti/cycles/:cycleId/${step}`,
        {
          config: { access: { roles: ['plan_owner'] } },
          schema: {
            tags,
            summary:
              step === 'finalise'
                ? 'Hội đồng chốt kết quả / The council finalises'
                : 'Công bố kết quả / Publish the results',
            params: cycleParams,
            response: { 200: cycleSchema, ...problemResponses },
          },
        },
        async (request) => service[step](actorOf(request), request.params.cycleId),
      );
  };
}
