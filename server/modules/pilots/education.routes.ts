import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { name, paging, REGISTRY_ROLES, searchText, slugId, unitIdSchema } from './common.ts';
import { type EducationService, schoolLevels } from './education.service.ts';

const tags = ['pilots'];
const responses = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };
const registry = { access: { roles: REGISTRY_ROLES } };

/** Schools and catchments: public lookup and list; the register kept by the responsible agency. */
export function educationRoutes(education: EducationService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/pilots/education/schools',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Danh sách trường công lập / Public schools',
          querystring: z.strictObject({
            unitId: unitIdSchema.optional(),
            level: z.enum(schoolLevels).optional(),
            q: searchText.optional(),
            ...paging,
          }),
          response: responses,
        },
      },
      async (request) => education.listSchools(request.query),
    );

    app.get(
      '/api/pilots/education/schools/:id',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Một trường và địa bàn tuyển sinh / A school and its catchment',
          params: z.strictObject({ id: slugId }),
          response: responses,
        },
      },
      async (request) => education.school(request.params.id),
    );

    app.get(
      '/api/pilots/education/catchment',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Tra cứu trường theo địa chỉ (phường, xã, đường) / Which school serves an address',
          querystring: z
            .strictObject({
              unitId: unitIdSchema.optional(),
              address: z.string().trim().min(2).max(300).optional(),
              street: z.string().trim().min(2).max(200).optional(),
              level: z.enum(schoolLevels).optional(),
            })
            .refine((query) => query.unitId || query.address, {
              message: 'unitId or address is required / cần unitId hoặc address',
              path: ['unitId'],
            }),
          response: responses,
        },
      },
      async (request) => education.lookup(request.query),
    );

    app.post(
      '/api/pilots/education/schools',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Thêm trường (cán bộ) / Add a school (officials)',
          body: z.strictObject({
            id: slugId,
            name,
            level: z.enum(schoolLevels),
            address: z.string().trim().min(5).max(300),
            unitId: unitIdSchema,
            agencyId: unitIdSchema.optional(),
            phone: z
              .string()
              .regex(/^[0-9 +().-]{6,20}$/)
              .optional(),
          }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await education.createSchool(actorOf(request), request.body)),
    );

    app.post(
      '/api/pilots/education/schools/:id/catchments',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Thêm địa bàn tuyển sinh (cán bộ) / Add a catchment (officials)',
          params: z.strictObject({ id: slugId }),
          body: z.strictObject({
            unitId: unitIdSchema,
            street: z.string().trim().min(2).max(200).optional(),
          }),
          response: responses,
        },
      },
      async (request, reply) =>
        reply.code(201).send(await education.addCatchment(actorOf(request), request.params.id, request.body)),
    );

    app.delete(
      '/api/pilots/education/schools/:id/catchments/:catchmentId',
      {
        config: registry,
        schema: {
          tags,
          summary: 'Bỏ một địa bàn tuyển sinh (cán bộ) / Remove a catchment (officials)',
          params: z.strictObject({ id: slugId, catchmentId: z.uuid() }),
          response: responses,
        },
      },
      async (request) =>
        education.removeCatchment(actorOf(request), request.params.id, request.params.catchmentId),
    );
  };
}
