import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  agency,
  agencyInput,
  consentCreated,
  consentInput,
  consentList,
  dataService,
  dataUsageResponse,
  grant,
  grantInput,
  grantsQuery,
  idParams,
  noQuery,
  serviceInput,
  sourcesQuery,
  sourcesResponse,
  verifyResponse,
} from './exchange.schema.ts';
import type { ExchangeService } from './exchange.service.ts';
import { type RefusalReason, refusalReasons } from './exchange.types.ts';

const tags = ['exchange'];
const cityAdmin = { roles: ['city_admin' as const] };

/**
 * The citizen's own consents and data-usage log under /api/me, and the registry (data services,
 * members, access grants) under /api/exchange: officials read it, the city administrator changes it.
 */
export function exchangeRoutes(service: ExchangeService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/me/consents',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Các sự đồng ý của tôi / My consent receipts',
          querystring: noQuery,
          response: { 200: consentList, ...problemResponses },
        },
      },
      async (request, reply) => {
        const consents = await service.myConsents(actorOf(request));
        reply.header('cache-control', 'no-store');
        return { consents, itemNames: await service.itemNames(consents.flatMap((c) => c.items)) };
      },
    );

    app.post(
      '/api/me/consents',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Đồng ý chia sẻ dữ liệu (biên nhận) / Give consent (receipt)',
          body: consentInput,
          response: { 201: consentCreated, ...problemResponses },
        },
      },
      async (request, reply) => {
        const consent = await service.giveConsent(actorOf(request), request.body);
        reply.code(201).header('cache-control', 'no-store');
        return { consent, itemNames: await service.itemNames(consent.items) };
      },
    );

    app.delete(
      '/api/me/consents/:id',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Thu hồi sự đồng ý / Revoke a consent',
          params: idParams,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await service.revokeConsent(actorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me/data-usage',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary: 'Nhật ký sử dụng dữ liệu của tôi / Who read my data',
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(200) }),
          response: { 200: dataUsageResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const entries = await service.myDataUsage(actorOf(request), request.query.limit);
        reply.header('cache-control', 'no-store');
        return {
          entries: entries.map((entry) => {
            const reason = entry.reason ? refusalReasons[entry.reason as RefusalReason] : null;
            return { ...entry, reasonVi: reason?.vi ?? null, reasonEn: reason?.en ?? null };
          }),
          itemNames: await service.itemNames(entries.flatMap((e) => e.items)),
        };
      },
    );

    app.get(
      '/api/me/data-sources',
      {
        config: { access: 'citizen' },
        schema: {
          tags,
          summary:
            'Nguồn của các mục dữ liệu (màn hình đồng ý) / Where each item comes from (consent screen)',
          querystring: sourcesQuery,
          response: { 200: sourcesResponse, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        const personalId = principal.kind === 'citizen' ? principal.personalId : '';
        reply.header('cache-control', 'no-store');
        return { sources: await service.sources(personalId, request.query.items) };
      },
    );

    app.get(
      '/api/exchange/services',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Danh mục dịch vụ dữ liệu / Registry of data services',
          querystring: noQuery,
          response: { 200: z.object({ services: z.array(dataService) }), ...problemResponses },
        },
      },
      async () => ({ services: await service.services() }),
    );

    app.post(
      '/api/exchange/services',
      {
        config: { access: cityAdmin },
        schema: {
          tags,
          summary: 'Đăng ký dịch vụ dữ liệu bên ngoài / Register an external data service',
          body: serviceInput,
          response: { 201: dataService, ...problemResponses },
        },
      },
      async (request, reply) => {
        const created = await service.registerExternalService(actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/exchange/agencies',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Thành viên trao đổi dữ liệu / Exchange members',
          querystring: noQuery,
          response: { 200: z.object({ agencies: z.array(agency) }), ...problemResponses },
        },
      },
      async () => ({ agencies: await service.agencies() }),
    );

    app.post(
      '/api/exchange/agencies',
      {
        config: { access: cityAdmin },
        schema: {
          tags,
          summary:
            'Đăng ký thành viên bên ngoài với khóa công khai / Register an external member with its public key',
          body: agencyInput,
          response: { 201: agency, ...problemResponses },
        },
      },
      async (request, reply) => {
        const created = await service.registerAgency(actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/exchange/jwks',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Khóa công khai của các thành viên (JWKS) / Members’ public keys (JWKS)',
          querystring: noQuery,
          response: {
            200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
            ...problemResponses,
          },
        },
      },
      async () => service.jwks(),
    );

    app.get(
      '/api/exchange/grants',
      {
        config: { access: 'official' },
        schema: {
          tags,
          summary: 'Quyền truy cập dịch vụ dữ liệu / Access grants',
          querystring: grantsQuery,
          response: { 200: z.object({ grants: z.array(grant) }), ...problemResponses },
        },
      },
      async (request) => ({ grants: await service.grants(request.query) }),
    );

    app.post(
      '/api/exchange/grants',
      {
        config: { access: cityAdmin },
        schema: {
          tags,
          summary: 'Cấp quyền truy cập / Grant access',
          body: grantInput,
          response: { 201: grant, ...problemResponses },
        },
      },
      async (request, reply) => {
        const created = await service.grantAccess(actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.post(
      '/api/exchange/grants/:id/revoke',
      {
        config: { access: cityAdmin },
        schema: {
          tags,
          summary: 'Thu hồi quyền truy cập / Revoke an access grant',
          params: idParams,
          response: { 200: grant, ...problemResponses },
        },
      },
      async (request) => service.revokeGrant(actorOf(request), request.params.id),
    );

    app.get(
      '/api/exchange/verify',
      {
        config: { access: { roles: ['auditor', 'city_admin'] } },
        schema: {
          tags,
          summary: 'Kiểm tra chuỗi băm nhật ký thông điệp / Verify the message log’s hash chain',
          querystring: noQuery,
          response: { 200: verifyResponse, ...problemResponses },
        },
      },
      async () => service.verifyLog(),
    );
  };
}
