import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import type { AssignmentsService } from './assignments.service.ts';
import { cycleParams, cycleUnitParams } from './cycles.schema.ts';

const tags = ['dti'];
const appraiser = z.object({ officialId: z.string(), fullName: z.string() });
const assignmentParams = cycleUnitParams.extend({ officialId: z.string().min(1).max(100) });
const unitAssignments = z.object({ unitId: z.string(), appraisers: z.array(appraiser) });
const counts = z.object({
  draft: z.number(),
  submitted: z.number(),
  accepted: z.number(),
  adjusted: z.number(),
  clarification: z.number(),
});
const unitProgress = z.object({
  unitId: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  status: z.enum(['draft', 'submitted']),
  submittedAt: z.string().nullable(),
  items: counts.describe('Mục theo trạng thái / Items by status'),
  appraisers: z.array(appraiser),
  assignedToMe: z.boolean(),
});

/** Appraiser assignment and appraisal progress (docs/dti.md, "Who may do what"). */
export function assignmentsRoutes(service: AssignmentsService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/dti/appraisers',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Thẩm định viên có thể phân công / Appraisers the council may assign',
          response: { 200: z.array(appraiser), ...problemResponses },
        },
      },
      async (request) => service.candidates(request.principal),
    );

    app.get(
      '/api/dti/cycles/:cycleId/assignments',
      {
        config: { access: { roles: ['plan_owner', 'index_appraiser'] } },
        schema: {
          tags,
          summary: 'Phân công thẩm định của kỳ / Appraiser assignments of a cycle',
          params: cycleParams,
          response: {
            200: z.array(z.object({ unitId: z.string(), officialId: z.string(), fullName: z.string() })),
            ...problemResponses,
          },
        },
      },
      async (request) => service.list(request.principal, request.params.cycleId),
    );

    app.get(
      '/api/dti/cycles/:cycleId/appraisal',
      {
        config: { access: { roles: ['plan_owner', 'index_appraiser'] } },
        schema: {
          tags,
          summary: 'Tiến độ thẩm định theo đơn vị / Appraisal progress per unit',
          params: cycleParams,
          response: { 200: z.array(unitProgress), ...problemResponses },
        },
      },
      async (request) => service.progress(request.principal, request.params.cycleId),
    );

    app.put(
      '/api/dti/cycles/:cycleId/units/:unitId/appraisers/:officialId',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Phân công thẩm định viên cho đơn vị / Assign an appraiser to a unit',
          params: assignmentParams,
          response: { 200: unitAssignments, ...problemResponses },
        },
      },
      async (request) => service.assign(actorOf(request), request.params),
    );

    app.delete(
      '/api/dti/cycles/:cycleId/units/:unitId/appraisers/:officialId',
      {
        config: { access: { roles: ['plan_owner'] } },
        schema: {
          tags,
          summary: 'Bỏ phân công thẩm định viên / Unassign an appraiser',
          params: assignmentParams,
          response: { 200: unitAssignments, ...problemResponses },
        },
      },
      async (request) => service.unassign(actorOf(request), request.params),
    );
  };
}
