import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/http/actor.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import type { ApiTokenService } from './api-tokens.service.ts';

const tags = ['identity'];
const official = { access: 'official' as const };

const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string().describe('Phần cuối của mã để nhận ra / The end of the token, to recognise it'),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
});
const newTokenInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(730).nullable().optional(),
});
const tokenIdParam = z.strictObject({ tokenId: z.uuid() });

/** The official's own personal API tokens (console): list, create (shown once), revoke. */
export function apiTokenRoutes(tokens: ApiTokenService): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/identity/api-tokens',
      {
        config: official,
        schema: {
          tags,
          summary: 'Mã API cá nhân của tôi / My personal API tokens',
          response: { 200: z.array(tokenView), ...problemResponses },
        },
      },
      async (request) => tokens.list(actorOf(request)),
    );

    app.post(
      '/api/identity/api-tokens',
      {
        config: official,
        schema: {
          tags,
          summary: 'Tạo mã API cá nhân / Create a personal API token',
          description:
            'Mã (`token`) chỉ hiển thị một lần. Dùng trong tiêu đề `Authorization: <mã>` hoặc `Authorization: Bearer <mã>`; mã hành động với các vai trò của chính cán bộ. / The `token` is shown once. Send it as `Authorization: <token>` or `Authorization: Bearer <token>`; it acts with the official’s own roles.',
          body: newTokenInput,
          response: { 201: tokenView.extend({ token: z.string() }), ...problemResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await tokens.create(actorOf(request), request.body)),
    );

    app.delete(
      '/api/identity/api-tokens/:tokenId',
      {
        config: official,
        schema: {
          tags,
          summary: 'Thu hồi mã API / Revoke an API token',
          params: tokenIdParam,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await tokens.revoke(actorOf(request), request.params.tokenId);
        return reply.code(204).send(null);
      },
    );
  };
}
