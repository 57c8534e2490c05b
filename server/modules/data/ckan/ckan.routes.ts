import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { anonymous } from '../../../platform/auth/principal.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../platform/http/access.ts';
import { actorOf } from '../../../platform/http/actor.ts';
import { type CkanDeps, ckanActions } from './actions.ts';
import { badRequest, sendCkanError, sendCkanResult, toCkanError } from './envelope.ts';
import { readRequestData } from './request-data.ts';

/**
 * The CKAN Action API v3 at `/api/3/action/{action}` (GET for read actions, POST with JSON, form
 * or multipart data for all), answering CKAN's envelope and CKAN-shaped errors — never
 * problem+json. Callers authenticate with a personal API token in `Authorization`; a browser
 * session works too, but its POSTs count only with the CSRF token (else they are anonymous).
 */
const BODY_LIMIT = 1024 * 1024;
// A wildcard, not a parameter: the router limits parameters' length and would answer before CKAN does.
const actionParam = z.object({ '*': z.string().describe('action') });

function sameToken(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function ckanRoutes(deps: CkanDeps & { publicUrl: string }): FastifyPluginAsync {
  const actions = ckanActions(deps);
  const { publicUrl } = deps;
  const actionOf = (request: FastifyRequest) => {
    const name = (request.params as Record<string, unknown> | undefined)?.['*'];
    return typeof name === 'string' ? name.slice(0, 100) : '';
  };

  return async (app) => {
    // CKAN reads the body itself: JSON whatever the declared type, forms, or multipart.
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (_r, body, done) => done(null, body),
    );
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (_r, body, done) => done(null, new URLSearchParams(String(body))),
    );
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_r, body, done) =>
      done(null, body),
    );
    app.setErrorHandler((error, request, reply) => {
      const ckanError = toCkanError(error, request);
      if (ckanError.status >= 500) request.log.error({ err: error }, 'CKAN action failed');
      return sendCkanError(reply, publicUrl, actionOf(request), ckanError);
    });

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const name = actionOf(request);
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
      if (!action) throw badRequest(`Action name not known: ${name}`);
      // A browser session's POST counts only with its CSRF token; otherwise it is anonymous.
      if (
        request.method === 'POST' &&
        !request.headers.authorization &&
        request.principal.kind !== 'anonymous'
      ) {
        const cookie = request.cookies?.[CSRF_COOKIE];
        const header = request.headers[CSRF_HEADER];
        if (!cookie || typeof header !== 'string' || !sameToken(cookie, header))
          request.principal = anonymous;
      }
      const { data, upload } = await readRequestData(request, action.sideEffectFree);
      if ('callback' in data) {
        // JSONP is not answered; like CKAN, a request naming a callback acts anonymously.
        delete data.callback;
        request.principal = anonymous;
      }
      try {
        const result = await action.run({
          principal: request.principal,
          actor: actorOf(request),
          data,
          upload,
          publicUrl,
        });
        return sendCkanResult(reply, publicUrl, name, result);
      } finally {
        upload?.resume();
      }
    };

    const schema = {
      tags: ['ckan'],
      params: actionParam,
      summary: 'CKAN Action API v3',
      description:
        'Các action: package_list, package_search, package_show, package_create, package_patch, package_update, package_delete, resource_show, resource_create, resource_patch, resource_delete, organization_list, organization_show, group_list, group_show, tag_list, license_list, datastore_search, status_show, site_read. Phong bì CKAN `{help, success, result}`; lỗi `{success:false, error:{__type, message}}`. Xác thực: `Authorization: <mã API>`. / CKAN envelope and errors; authenticate with `Authorization: <API token>`.',
    };
    const config = { access: 'public' as const, csrf: false };
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.get('/api/3/action/*', { config, schema }, handler);
    typed.post('/api/3/action/*', { config, schema }, handler);
    for (const method of ['GET', 'POST'] as const)
      app.route({ method, url: '/api/3/action', config, schema: { hide: true }, handler });
    typed.get(
      '/api/3',
      {
        config: { access: 'public' },
        schema: { tags: ['ckan'], summary: 'Phiên bản API CKAN / CKAN API version' },
      },
      async () => ({ version: 3 }),
    );
  };
}
