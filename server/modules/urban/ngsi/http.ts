import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../../../platform/http/access.ts';
import type { LdContext, TermMap } from './context.ts';
import { NgsiError, sendJson, sendNgsiProblem } from './errors.ts';

/**
 * HTTP conventions of the NGSI-LD scope, shared by every NGSI-LD route file (entities, temporal,
 * subscriptions): JSON and JSON-LD bodies, 415 and 406, ETSI ProblemDetails, and the answer's
 * @context (in the body for application/ld+json, in a Link header for application/json).
 */
const BODY_TYPES = new Set(['application/json', 'application/ld+json']);
const MERGE_PATCH = 'application/merge-patch+json';

export const WRITE_ACCESS: Access = { roles: ['ioc_operator', 'city_admin'] };

const mediaType = (value: string | undefined) => (value ?? '').toLowerCase().split(';')[0]?.trim() ?? '';

/**
 * Parsers, media-type checks and the error handler of one NGSI-LD plugin scope. Fastify takes one
 * not-found handler per prefix: only the core scope at /ngsi-ld/v1 asks for it (`notFound`).
 */
export function installNgsiHttp(app: FastifyInstance, options: { notFound?: boolean } = {}): void {
  app.addContentTypeParser(
    ['application/ld+json', MERGE_PATCH],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(
          new NgsiError('InvalidRequest', {
            vi: 'Nội dung không phải JSON hợp lệ.',
            en: 'The body is not valid JSON.',
          }),
          undefined,
        );
      }
    },
  );
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' || request.method === 'PATCH' || request.method === 'PUT') {
      const type = mediaType(request.headers['content-type']);
      const hasBody =
        request.headers['content-length'] !== '0' &&
        (request.headers['content-length'] || request.headers['transfer-encoding']);
      // merge-patch+json is the PATCH type; ngsijs also sends it when appending attributes (POST).
      if (hasBody && !(BODY_TYPES.has(type) || type === MERGE_PATCH))
        throw new NgsiError(
          'InvalidRequest',
          {
            vi: `Kiểu nội dung ${type || '(không có)'} không được hỗ trợ; dùng application/json hoặc application/ld+json.`,
            en: `Content type ${type || '(none)'} is not supported; use application/json or application/ld+json.`,
          },
          { status: 415 },
        );
    }
    responseType(request);
  });
  app.setErrorHandler((error, request, reply) => sendNgsiProblem(error, request, reply));
  if (!options.notFound) return;
  app.setNotFoundHandler((request, reply) =>
    sendNgsiProblem(
      new NgsiError('ResourceNotFound', {
        vi: `Không có tài nguyên NGSI-LD ${request.method} ${request.url.split('?')[0]}.`,
        en: `No NGSI-LD resource at ${request.method} ${request.url.split('?')[0]}.`,
      }),
      request,
      reply,
    ),
  );
}

/** The media type of the answer from `Accept`: application/json (the default) or application/ld+json. */
export function responseType(request: FastifyRequest): 'application/json' | 'application/ld+json' {
  const header = request.headers.accept;
  if (!header) return 'application/json';
  const ranges = header
    .split(',')
    .map((part) => {
      const [range, ...params] = part.split(';').map((item) => item.trim().toLowerCase());
      const q = params.find((param) => param.startsWith('q='));
      return { range: range ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((item) => item.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { range } of ranges) {
    if (range === 'application/ld+json') return 'application/ld+json';
    if (range === 'application/json' || range === '*/*' || range === 'application/*')
      return 'application/json';
  }
  throw new NgsiError(
    'InvalidRequest',
    {
      vi: 'Chỉ trả về application/json hoặc application/ld+json (tiêu đề Accept).',
      en: 'Only application/json or application/ld+json can be returned (Accept header).',
    },
    { status: 406 },
  );
}

/** A Link header value naming a context (a URL; inline contexts are linked by the default one). */
export const contextLink = (url: string) =>
  `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;

/** Sends entities (one or a list) with their @context as the request's Accept asks. */
export function sendLd(
  request: FastifyRequest,
  reply: FastifyReply,
  body: Record<string, unknown> | Record<string, unknown>[],
  terms: TermMap,
  defaultContextUrl: string,
  status = 200,
) {
  const type = responseType(request);
  const context: LdContext = terms.context;
  reply.code(status);
  if (type === 'application/ld+json') {
    const withContext = (item: Record<string, unknown>) => ({ '@context': context, ...item });
    return sendJson(
      reply,
      'application/ld+json',
      Array.isArray(body) ? body.map(withContext) : withContext(body),
    );
  }
  reply.header('link', contextLink(typeof context === 'string' ? context : defaultContextUrl));
  return sendJson(reply, 'application/json', body);
}
