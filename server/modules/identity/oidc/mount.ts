import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';

/**
 * Serves an oidc-provider instance under `prefix` inside Fastify. The reply is hijacked and the
 * raw request handed over with the prefix removed from `url` and kept in `originalUrl`, which
 * is how oidc-provider learns its mount path. Bodies are left unread for it to parse.
 */
export function mountProvider(app: FastifyInstance, prefix: string, provider: () => Promise<Provider>) {
  return app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const callback = (await provider()).callback();
      reply.hijack();
      // Headers set so far (security headers, request id) go out with the provider's response.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined && !reply.raw.hasHeader(name)) reply.raw.setHeader(name, value as string);
      }
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      const url = raw.url ?? '/';
      raw.originalUrl = url;
      const rest = url.slice(prefix.length);
      raw.url = rest.startsWith('/') ? rest : `/${rest}`;
      await callback(raw, reply.raw);
    };

    const options = {
      config: { access: 'public' as const, csrf: false },
      schema: { hide: true },
    };
    scope.route({ method: ['GET', 'POST', 'OPTIONS'], url: prefix, ...options, handler });
    scope.route({ method: ['GET', 'POST', 'OPTIONS'], url: `${prefix}/*`, ...options, handler });
  });
}
