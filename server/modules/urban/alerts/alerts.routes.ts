import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { type IncidentsService, incidentStates } from './incidents.service.ts';
import type { RulesService } from './rules.service.ts';
import { type RuleInput, severities } from './rules.ts';

const tags = ['urban'];
const operators: Access = { roles: ['ioc_operator', 'city_admin'] };
const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/);
const uuid = z.object({ id: z.uuid() });
const ruleId = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/) });
// The rule's shape (alerts/rules.ts) is checked by the service, so the CLI and the API agree.
const ruleBody = z.looseObject({}).describe('Quy tắc cảnh báo (xem docs/smart-urban.md) / Alert rule');
const stepBody = z
  .strictObject({
    agencyId: unitId.optional().describe('Cơ quan được giao (chỉ khi giao xử lý) / Agency (dispatch only)'),
    note: z.string().trim().max(2000).optional(),
  })
  .default({});

/** Alerts, incidents and alert rules for the operations centre (operators and the city administrator). */
export function alertsRoutes(rules: RulesService, incidents: IncidentsService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    // Answers are documented in docs/smart-urban.md; the schema keeps them JSON objects.
    const problems = { 200: z.looseObject({}), 201: z.looseObject({}), ...problemResponses };

    app.get(
      '/api/urban/alerts',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Danh sách cảnh báo / List alerts',
          querystring: z.object({
            active: z.enum(['true', 'false']).optional(),
            severity: z.enum(severities).optional(),
            type: z
              .string()
              .regex(/^[A-Za-z][A-Za-z0-9]{1,63}$/)
              .optional(),
            unitId: unitId.optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: problems,
        },
      },
      async (request) =>
        incidents.listAlerts(actorOf(request), {
          ...request.query,
          active: request.query.active === undefined ? undefined : request.query.active === 'true',
        }),
    );

    app.post(
      '/api/urban/alerts/:id/acknowledge',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Xác nhận cảnh báo (tiếp nhận sự cố) / Acknowledge an alert (its incident)',
          params: uuid,
          response: problems,
        },
      },
      async (request) => {
        const alert = await incidents.alert(request.params.id);
        return incidents.transition(actorOf(request), alert.incident_id, 'acknowledge', {});
      },
    );

    app.get(
      '/api/urban/incidents',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Bảng sự cố theo trạng thái / Incident board by state',
          querystring: z.object({ state: z.enum(incidentStates).optional(), unitId: unitId.optional() }),
          response: problems,
        },
      },
      async (request) => incidents.board(actorOf(request), request.query),
    );

    app.get(
      '/api/urban/incidents/:id',
      {
        config: { access: operators },
        schema: { tags, summary: 'Một sự cố / One incident', params: uuid, response: problems },
      },
      async (request) => incidents.incident(actorOf(request), request.params.id),
    );

    app.post(
      '/api/urban/incidents/:id/:step',
      {
        config: { access: operators },
        schema: {
          tags,
          summary:
            'Chuyển trạng thái sự cố: acknowledge, dispatch, resolve, close / Move an incident: acknowledge, dispatch, resolve, close',
          params: uuid.extend({ step: z.enum(['acknowledge', 'dispatch', 'resolve', 'close']) }),
          body: stepBody,
          response: problems,
        },
      },
      async (request) =>
        incidents.transition(actorOf(request), request.params.id, request.params.step, request.body ?? {}),
    );

    app.get(
      '/api/urban/alert-rules',
      {
        config: { access: operators },
        schema: { tags, summary: 'Quy tắc cảnh báo / Alert rules', response: problems },
      },
      async (request) => rules.list(actorOf(request)),
    );

    app.get(
      '/api/urban/alert-rules/:id',
      {
        config: { access: operators },
        schema: { tags, summary: 'Một quy tắc / One rule', params: ruleId, response: problems },
      },
      async (request) => rules.get(actorOf(request), request.params.id),
    );

    app.post(
      '/api/urban/alert-rules',
      {
        config: { access: operators },
        schema: { tags, summary: 'Tạo quy tắc / Create a rule', body: ruleBody, response: problems },
      },
      async (request, reply) => {
        reply.code(201);
        return rules.create(actorOf(request), request.body as RuleInput);
      },
    );

    app.put(
      '/api/urban/alert-rules/:id',
      {
        config: { access: operators },
        schema: {
          tags,
          summary: 'Sửa quy tắc / Replace a rule',
          params: ruleId,
          body: ruleBody,
          response: problems,
        },
      },
      async (request) => rules.update(actorOf(request), request.params.id, request.body as RuleInput),
    );

    app.delete(
      '/api/urban/alert-rules/:id',
      {
        config: { access: operators },
        schema: { tags, summary: 'Xóa quy tắc / Delete a rule', params: ruleId, response: problems },
      },
      async (request, reply) => {
        await rules.remove(actorOf(request), request.params.id);
        reply.code(204);
      },
    );
  };
}
