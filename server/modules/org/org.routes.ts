import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Role, roles } from '../../platform/auth/principal.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  atQuery,
  contactSchema,
  membershipInput,
  membershipParams,
  officialSchema,
  treeNodeSchema,
  unitDetailSchema,
  unitIdParam,
  unitSchema,
  unitsQuery,
} from './org.schema.ts';
import type { OrgService } from './org.service.ts';

const tags = ['org'];

export function orgRoutes(service: OrgService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/org/units',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Đơn vị hiệu lực tại một ngày / Units valid on a date',
          querystring: unitsQuery,
          response: { 200: z.object({ at: z.string(), units: z.array(unitSchema) }), ...problemResponses },
        },
      },
      async (request) => {
        const at = request.query.at ?? service.today();
        return { at, units: await service.units({ ...request.query, at }) };
      },
    );

    app.get(
      '/api/org/tree',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Cây tổ chức tại một ngày / The tree of agencies and units on a date',
          querystring: atQuery,
          response: { 200: z.object({ at: z.string(), tree: z.array(treeNodeSchema) }), ...problemResponses },
        },
      },
      async (request) => {
        const at = request.query.at ?? service.today();
        return { at, tree: await service.tree(at) };
      },
    );

    app.get(
      '/api/org/units/:unitId',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Đơn vị, tiền thân và kế thừa / A unit with its predecessors and successors',
          params: unitIdParam,
          response: { 200: unitDetailSchema, ...problemResponses },
        },
      },
      async (request) => service.unit(request.params.unitId),
    );

    app.get(
      '/api/org/boundaries',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Ranh giới (GeoJSON) các đơn vị hiệu lực / Boundaries (GeoJSON) of units valid on a date',
          description:
            'Trước 01/07/2025: 30 quận, huyện, thị xã; từ 01/07/2025: 126 phường, xã. Kèm ghi nguồn bắt buộc. / Before 1 Jul 2025 the 30 districts, from then the 126 wards and communes, with the required attribution.',
          querystring: atQuery,
          response: {
            200: z.object({
              type: z.literal('FeatureCollection'),
              at: z.string(),
              attribution: z.array(z.object({ vi: z.string(), en: z.string() })),
              features: z.array(
                z.object({
                  type: z.literal('Feature'),
                  id: z.string(),
                  properties: z.object({
                    id: z.string(),
                    nameVi: z.string(),
                    nameEn: z.string(),
                    kind: z.string(),
                    codes: z.record(z.string(), z.string()),
                  }),
                  geometry: z.unknown(),
                }),
              ),
            }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'public, max-age=3600');
        return service.boundaries(request.query.at);
      },
    );

    app.get(
      '/api/org/roles',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Danh mục vai trò / The roles officials can hold',
          response: { 200: z.array(z.object({ role: z.string(), vi: z.string(), en: z.string() })) },
        },
      },
      async () => Object.entries(roles).map(([role, name]) => ({ role, ...name })),
    );

    app.patch(
      '/api/org/units/:unitId/contact',
      {
        config: { access: { roles: ['agency_admin', 'city_admin'] } },
        schema: {
          tags,
          summary: 'Cập nhật thông tin liên hệ của đơn vị / Update a unit’s contact details',
          params: unitIdParam,
          body: contactSchema,
          response: { 200: unitSchema, ...problemResponses },
        },
      },
      async (request) => service.updateContact(actorOf(request), request.params.unitId, request.body),
    );

    app.get(
      '/api/org/units/:unitId/officials',
      {
        config: { access: { roles: ['agency_admin', 'city_admin', 'auditor'] } },
        schema: {
          tags,
          summary: 'Cán bộ của đơn vị và vai trò / Officials of a unit and their roles',
          params: unitIdParam,
          response: { 200: z.array(officialSchema), ...problemResponses },
        },
      },
      async (request) => service.officialsOfUnit(request.principal, request.params.unitId),
    );

    app.post(
      '/api/org/units/:unitId/memberships',
      {
        config: { access: { roles: ['agency_admin', 'city_admin'] } },
        schema: {
          tags,
          summary: 'Giao vai trò cho cán bộ tại đơn vị / Grant an official a role at a unit',
          params: unitIdParam,
          body: membershipInput,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await service.grantRole(
          actorOf(request),
          request.params.unitId,
          request.body.officialId,
          request.body.role as Role,
        );
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/org/units/:unitId/memberships/:officialId/:role',
      {
        config: { access: { roles: ['agency_admin', 'city_admin'] } },
        schema: {
          tags,
          summary: 'Thu hồi vai trò / Revoke a role',
          params: membershipParams,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { unitId, officialId, role } = request.params;
        await service.revokeRole(actorOf(request), unitId, officialId, role as Role);
        return reply.code(204).send(null);
      },
    );
  };
}
