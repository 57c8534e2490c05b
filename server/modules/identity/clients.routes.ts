import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import type { ClientService } from './clients.service.ts';
import { clientIdParam, clientView, newClientInput, registeredClient } from './identity.schema.ts';

const tags = ['identity'];
const cityAdmin = { access: { roles: ['city_admin' as const] } };

/** Relying parties of the city's provider, managed by the city administrator. */
export function clientsRoutes(clients: ClientService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/identity/clients',
      {
        config: cityAdmin,
        schema: {
          tags,
          summary: 'Ứng dụng đăng ký đăng nhập một lần / Applications registered for single sign-on',
          response: { 200: z.array(clientView), ...problemResponses },
        },
      },
      async (request) => clients.list(actorOf(request)),
    );

    app.post(
      '/api/identity/clients',
      {
        config: cityAdmin,
        schema: {
          tags,
          summary: 'Đăng ký ứng dụng mới / Register an application',
          description:
            'Trả về clientSecret một lần duy nhất (ứng dụng bí mật); hệ thống chỉ lưu bản đã mã hóa. PKCE (S256) là bắt buộc. / Answers the client secret once (confidential clients); only a sealed copy is kept. PKCE (S256) is required.',
          body: newClientInput,
          response: { 201: registeredClient, ...problemResponses },
        },
      },
      async (request, reply) => {
        const created = await clients.register(actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.delete(
      '/api/identity/clients/:clientId',
      {
        config: cityAdmin,
        schema: {
          tags,
          summary:
            'Xóa ứng dụng (không áp dụng cho ứng dụng có sẵn) / Remove an application (not a built-in one)',
          params: clientIdParam,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await clients.remove(actorOf(request), request.params.clientId);
        return reply.code(204).send(null);
      },
    );
  };
}
