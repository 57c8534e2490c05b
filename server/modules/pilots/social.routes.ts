import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { isoDate, paging, REGISTRY_ROLES, unitIdSchema } from './common.ts';
import { benefitCodes, type SocialService } from './social.service.ts';

const tags = ['pilots'];
const responses = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };
const registry = { access: { roles: REGISTRY_ROLES } };
const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM');
const period = z
  .string()
  .regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/)
  .describe('Tháng (YYYY-MM) / Month');

/** Benefit payment schedules and beneficiary counts per ward: aggregates only, no personal data. */
export function socialRoutes(social: SocialService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/pilots/social/benefits',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Loại trợ cấp / Benefit kinds',
          response: { 200: z.array(z.looseObject({})) },
        },
      },
      async () => social.benefits(),
    );

    app.get(
      '/api/pilots/social/schedules',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Lịch chi trả trợ cấp theo phường, xã / Benefit payment schedules by ward',
          querystring: z.strictObject({
            unitId: unitIdSchema.optional(),
            benefit: z.enum(benefitCodes).optional(),
            from: isoDate.optional(),
            to: isoDate.optional(),
            ...paging,
          }),
          response: responses,
        },
      },
      async (request) => social.schedules(request.query),
    );

    app.get(
      '/api/pilots/social/counts',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'Số người hưởng theo phường, xã (số dưới 5 được ẩn) / Beneficiary counts by ward (below 5 suppressed)',
          querystring: z.strictObject({
            unitId: unitIdSchema.optional(),
            benefit: z.enum(benefitCodes).optional(),
            period: period.optional(),
            ...paging,
          }),
          response: responses,
        },
      },
      async (request) => social.counts(request.query),
    );

    app.post(
      '/api/pilots/social/schedules',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Thêm lịch chi trả (cán bộ) / Add a payment schedule (officials)',
          body: z.strictObject({
            unitId: unitIdSchema,
            agencyId: unitIdSchema.optional(),
            benefit: z.enum(benefitCodes),
            payDate: isoDate,
            fromTime: time,
            toTime: time,
            place: z.string().trim().min(5).max(300),
            note: z.string().trim().max(1000).optional(),
          }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await social.createSchedule(actorOf(request), request.body)),
    );

    app.put(
      '/api/pilots/social/counts',
      {
        config: registry,
        schema: {
          tags,
          summary:
            'Cập nhật số người hưởng (số tổng hợp, cán bộ) / Set a beneficiary count (aggregate, officials)',
          body: z.strictObject({
            unitId: unitIdSchema,
            agencyId: unitIdSchema.optional(),
            benefit: z.enum(benefitCodes),
            period,
            count: z.number().int().min(0).max(1_000_000),
          }),
          response: responses,
        },
      },
      async (request) => social.setCount(actorOf(request), request.body),
    );
  };
}
