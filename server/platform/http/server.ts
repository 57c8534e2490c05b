import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Principal } from '../auth/principal.ts';
import type { TrustProxy } from '../config.ts';
import { AppError } from '../errors.ts';
import { loggerOptions } from '../logger.ts';
import { installHttpMetrics } from '../observability/http-metrics.ts';
import type { Telemetry } from '../observability/telemetry.ts';
import { installAccessControl } from './access.ts';
import { sendProblem, toAppError } from './problem.ts';

export type HttpServerOptions = {
  logLevel: string;
  trustProxy: TrustProxy;
  publicUrl: string;
  version: string;
  resolvePrincipal: (request: FastifyRequest) => Promise<Principal>;
  /** Serves what no route matched for browser navigation (the web app's index.html). */
  pageFallback?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;
  /** Where request durations are counted (by route pattern). */
  telemetry?: Telemetry;
};

/** One content security policy for every page, the API docs included: nothing from other origins. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Mantine and Leaflet set element styles at run time.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
};
const cspHeader = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
  .join('; ');

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;

/** A number of hops as the trust function proxy-addr would make of it (Fastify's types take no number). */
function fastifyTrust(trust: TrustProxy) {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** The platform's Fastify instance: security headers, request ids, problem+json errors, OpenAPI. */
export async function createHttpServer(options: HttpServerOptions) {
  const app = Fastify({
    logger: loggerOptions(options.logLevel),
    trustProxy: fastifyTrust(options.trustProxy),
    bodyLimit: 1024 * 1024,
    // Accept a caller's request id when it looks like one, so a trace crosses services.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Router-level failures (bad URL encoding, over-long parameters) answer problem+json too.
    frameworkErrors: (error, request, reply) => sendProblem(reply, request, toAppError(error, request)),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  if (options.telemetry) installHttpMetrics(app, options.telemetry);
  // PostgreSQL text cannot hold U+0000: refused here, once, rather than failing deep in a query.
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.params) || holdsNul(request.query) || holdsNul(request.body))
      throw new AppError('malformed_request', {
        vi: 'Yêu cầu chứa ký tự NUL (U+0000), không được chấp nhận.',
        en: 'The request contains a NUL character (U+0000), which is not accepted.',
      });
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: CSP_DIRECTIVES,
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: options.publicUrl.startsWith('https://'),
  });

  // Uploads: each route reads its one file within its own policy's limit (see files.ts).
  await app.register(fastifyMultipart, {
    limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 20, parts: 21 },
  });

  installAccessControl(app, options.resolvePrincipal);

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, appError);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const isPage =
      options.pageFallback &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !/^\/(api|oidc|auth|ngsi-ld)(\/|$)/.test(request.url) &&
      (request.headers.accept ?? '').includes('text/html');
    if (isPage) return options.pageFallback!(request, reply);
    return sendProblem(
      reply,
      request,
      new AppError('not_found', {
        vi: `Không có tài nguyên ${request.method} ${request.url.split('?')[0]}.`,
        en: `No resource at ${request.method} ${request.url.split('?')[0]}.`,
      }),
    );
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Nền tảng đô thị thông minh Hà Nội — Hanoi smart-city platform API',
        description:
          'API của nền tảng chuyển đổi số Hà Nội (Kế hoạch 239/KH-UBND). Lỗi trả về theo RFC 9457 (application/problem+json) với nội dung tiếng Việt và tiếng Anh.\n\nAPI of the Hanoi digital-transformation platform. Errors are RFC 9457 problem+json with Vietnamese and English text.',
        version: options.version,
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sc_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // swagger-ui's own CSP allows other origins and framing; ours does not.
    transformStaticCSP: () => cspHeader,
    uiConfig: { deepLinking: true, validatorUrl: null },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  return app;
}

/** Whether a parsed input (params, query, JSON body) has a NUL character in a key or string value. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 64 || Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some((item) => holdsNul(item, depth + 1));
  for (const [key, item] of Object.entries(value))
    if (key.includes('\u0000') || holdsNul(item, depth + 1)) return true;
  return false;
}
