import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { isoDate, name, paging, REGISTRY_ROLES, searchText, unitIdSchema } from './common.ts';
import { type JobsService, skillCodes } from './jobs.service.ts';

const tags = ['pilots'];
const responses = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };
const registry = { access: { roles: REGISTRY_ROLES } };
const salary = z.number().int().min(0).max(1_000_000_000);

/** Job vacancies: public search by ward, skill and text; posting and withdrawing by officials. */
export function jobsRoutes(jobs: JobsService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/pilots/jobs/skills',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Nhóm kỹ năng / Skill groups',
          response: { 200: z.array(z.looseObject({})) },
        },
      },
      async () => jobs.skills(),
    );

    app.get(
      '/api/pilots/jobs/vacancies',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tìm việc làm theo phường, kỹ năng, từ khóa / Search vacancies by ward, skill, text',
          querystring: z.strictObject({
            unitId: unitIdSchema.optional(),
            skill: z.enum(skillCodes).optional(),
            q: searchText.optional(),
            includeClosed: z.enum(['true', 'false']).optional(),
            ...paging,
          }),
          response: responses,
        },
      },
      async (request) =>
        jobs.search({ ...request.query, includeClosed: request.query.includeClosed === 'true' }),
    );

    app.get(
      '/api/pilots/jobs/vacancies/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một tin tuyển dụng / One vacancy',
          params: z.strictObject({ id: z.uuid() }),
          response: responses,
        },
      },
      async (request) => jobs.vacancy(request.params.id),
    );

    app.post(
      '/api/pilots/jobs/vacancies',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Đăng tin tuyển dụng (cán bộ) / Post a vacancy (officials)',
          body: z.strictObject({
            title: name,
            employer: name,
            skill: z.enum(skillCodes),
            description: z.string().trim().min(10).max(4000),
            unitId: unitIdSchema,
            agencyId: unitIdSchema.optional(),
            openings: z.number().int().min(1).max(10_000),
            salaryMin: salary.optional(),
            salaryMax: salary.optional(),
            closesOn: isoDate,
          }),
          response: responses,
        },
      },
      async (request, reply) => reply.code(201).send(await jobs.create(actorOf(request), request.body)),
    );

    app.post(
      '/api/pilots/jobs/vacancies/:id/withdraw',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Rút tin tuyển dụng (cán bộ) / Withdraw a vacancy (officials)',
          params: z.strictObject({ id: z.uuid() }),
          response: responses,
        },
      },
      async (request) => jobs.withdraw(actorOf(request), request.params.id),
    );
  };
}
