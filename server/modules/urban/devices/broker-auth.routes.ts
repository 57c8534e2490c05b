import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, forbidden } from '../../../platform/errors.ts';
import { problemResponses } from '../../../platform/http/openapi.ts';
import { topicOf } from './devices.schema.ts';
import type { DevicesService } from './devices.service.ts';

const tags = ['urban'];
const field = z.string().max(256);
const authenticateBody = z.object({ username: field, password: field, clientid: field.optional() });
const authorizeBody = z.object({ username: field, topic: z.string().max(1024), action: field });
const decision = z.object({
  result: z.enum(['allow', 'deny']),
  is_superuser: z.boolean().optional(),
  acl: z
    .array(z.object({ permission: z.enum(['allow', 'deny']), action: z.string(), topic: z.string() }))
    .optional(),
});
const deny = { result: 'deny' as const };

/**
 * An external MQTT broker asks the platform whether a device may connect and publish (EMQX 5's
 * HTTP authentication and authorization; docs/operations.md, "EMQX"): the device id is the user
 * name, its secret the password, and it may publish to its own topic only. The broker proves itself
 * with `Authorization: Bearer <BROKER_AUTH_TOKEN>`; without that setting the endpoints are off.
 */
export function brokerAuthRoutes(service: DevicesService, token: string | null): FastifyPluginAsync {
  const expected = token ? createHash('sha256').update(token).digest() : null;
  const checkBroker = (request: FastifyRequest) => {
    if (!expected)
      throw new AppError('not_found', {
        vi: 'Xác thực thiết bị qua HTTP cho máy chủ MQTT ngoài chưa bật (đặt BROKER_AUTH_TOKEN).',
        en: 'HTTP device authentication for an external MQTT broker is off (set BROKER_AUTH_TOKEN).',
      });
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected))
      throw forbidden({
        vi: 'Cần mã của máy chủ MQTT hợp lệ (Authorization: Bearer <BROKER_AUTH_TOKEN>).',
        en: 'A valid MQTT broker token is required (Authorization: Bearer <BROKER_AUTH_TOKEN>).',
      });
  };

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    // Public at the router and no CSRF (the broker has no session or cookie); the handler checks its token first.
    app.post(
      '/api/urban/broker/authenticate',
      {
        config: { access: 'public', csrf: false },
        schema: {
          tags,
          summary:
            'Máy chủ MQTT hỏi: thiết bị có được kết nối? / The MQTT broker asks whether a device may connect',
          body: authenticateBody,
          response: { 200: decision, ...problemResponses },
        },
      },
      async (request) => {
        checkBroker(request);
        const row = await service.authenticate(request.body.username, request.body.password);
        if (!row) return deny;
        const topic = topicOf(row.domain, row.id);
        // EMQX 5.8+ applies this list to the connection; older versions ask /authorize each time.
        return {
          result: 'allow' as const,
          is_superuser: false,
          acl: [
            { permission: 'allow' as const, action: 'publish', topic },
            { permission: 'deny' as const, action: 'all', topic: '#' },
          ],
        };
      },
    );

    app.post(
      '/api/urban/broker/authorize',
      {
        config: { access: 'public', csrf: false },
        schema: {
          tags,
          summary:
            'Máy chủ MQTT hỏi: thiết bị có được gửi vào chủ đề này? / The MQTT broker asks whether a device may publish to a topic',
          body: authorizeBody,
          response: { 200: decision, ...problemResponses },
        },
      },
      async (request) => {
        checkBroker(request);
        const { username, topic, action } = request.body;
        if (action !== 'publish') return deny;
        const row = await service.lookup(username);
        if (!row || row.status === 'retired' || topic !== topicOf(row.domain, row.id)) return deny;
        return { result: 'allow' as const };
      },
    );
  };
}
