import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TrustProxy } from '../config.ts';
import { forbidden } from '../errors.ts';
import type { Telemetry } from './telemetry.ts';

/**
 * `GET /metrics` in Prometheus text format. Public at the router (a scraper has no session), but
 * the handler admits only `Authorization: Bearer <METRICS_TOKEN>` when a token is configured, and
 * otherwise only requests from this machine's loopback address that did not come through a proxy.
 */
export function metricsRoutes(options: {
  telemetry: Telemetry;
  token: string | null;
  trustProxy: TrustProxy;
}): FastifyPluginAsync {
  const expected = options.token ? digest(options.token) : null;
  return async (app) => {
    app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      if (!admitted(request, expected, options.trustProxy))
        throw forbidden(
          expected
            ? {
                vi: 'Cần mã truy cập chỉ số vận hành hợp lệ (Authorization: Bearer <METRICS_TOKEN>).',
                en: 'A valid metrics token is required (Authorization: Bearer <METRICS_TOKEN>).',
              }
            : {
                vi: 'Chỉ số vận hành chỉ được đọc từ chính máy chủ; đặt METRICS_TOKEN để máy giám sát khác đọc được.',
                en: 'Metrics are readable only from this machine; set METRICS_TOKEN to let a monitoring server read them.',
              },
        );
      const body = await options.telemetry.registry.metrics();
      return reply.type(options.telemetry.registry.contentType).send(body);
    });
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function admitted(request: FastifyRequest, expected: Buffer | null, trustProxy: TrustProxy): boolean {
  if (expected) {
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    return Boolean(match) && timingSafeEqual(digest(match![1]!), expected);
  }
  // Behind a reverse proxy on this machine every request arrives from loopback: a forwarded
  // request counts as remote unless TRUST_PROXY makes `request.ip` the real client.
  const forwarded =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (forwarded && trustProxy === false) return false;
  return isLoopback(request.ip);
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^127\./.test(address) || /^::ffff:127\./.test(address);
}
