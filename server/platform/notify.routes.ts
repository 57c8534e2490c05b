import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from './auth/principal.ts';
import { notFound } from './errors.ts';
import { problemResponses } from './http/openapi.ts';
import type { Notifier, Recipient } from './notify.ts';

const notificationSchema = z.object({
  id: z.string(),
  topic: z.string(),
  subject: z.object({ vi: z.string(), en: z.string() }),
  body: z.object({ vi: z.string(), en: z.string() }),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

function recipientOf(principal: Principal): Pick<Recipient, 'kind' | 'id'> {
  if (principal.kind === 'official') return { kind: 'official', id: principal.officialId };
  if (principal.kind === 'citizen') return { kind: 'citizen', id: principal.accountId };
  throw new Error('signed-in access guarantees a person');
}

/** Each person's in-app notifications; the outbox (e-mail and SMS) for the city administrator. */
export function notifyRoutes(notify: Notifier): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/notifications',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['notifications'],
          summary: 'Thông báo của tôi / My notifications',
          querystring: z.strictObject({
            unread: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.array(notificationSchema), ...problemResponses },
        },
      },
      async (request) => {
        const rows = await notify.inbox(recipientOf(request.principal), {
          unreadOnly: request.query.unread === 'true',
          limit: request.query.limit,
        });
        return rows.map((row) => ({
          id: row.id,
          topic: row.topic,
          subject: { vi: row.subject_vi, en: row.subject_en },
          body: { vi: row.body_vi, en: row.body_en },
          link: row.link,
          createdAt: new Date(row.created_at).toISOString(),
          readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
        }));
      },
    );

    app.get(
      '/api/notifications/unread-count',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['notifications'],
          summary: 'Số thông báo chưa đọc / How many notifications are unread',
          response: { 200: z.object({ unread: z.number().int() }), ...problemResponses },
        },
      },
      async (request) => ({ unread: await notify.unreadCount(recipientOf(request.principal)) }),
    );

    app.post(
      '/api/notifications/:id/read',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['notifications'],
          summary: 'Đánh dấu đã đọc / Mark as read',
          params: z.strictObject({ id: z.uuid() }),
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        if (!(await notify.markRead(recipientOf(request.principal), request.params.id))) {
          throw notFound({ vi: 'thông báo chưa đọc này', en: 'This unread notification' });
        }
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/outbox',
      {
        config: { access: { roles: ['city_admin'] } },
        schema: {
          tags: ['notifications'],
          summary: 'Hộp thư đi (e-mail và SMS) / The outbox (e-mail and SMS)',
          description:
            'Khi chưa cấu hình SMTP (hoặc cổng SMS), thư (hoặc tin nhắn) nằm ở đây với trạng thái "local" (chưa gửi). / Without SMTP (or an SMS gateway), mail (or SMS) stays here with status "local" (not sent).',
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: {
            200: z.object({
              smtp: z.boolean(),
              sms: z.boolean(),
              mail: z.array(
                z.object({
                  id: z.string(),
                  channel: z.enum(['email', 'sms']),
                  to: z.string(),
                  subject: z.string(),
                  body: z.string(),
                  status: z.string(),
                  attempts: z.number(),
                  lastError: z.string().nullable(),
                  createdAt: z.string(),
                  sentAt: z.string().nullable(),
                }),
              ),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => ({
        smtp: notify.smtp,
        sms: notify.sms,
        mail: (await notify.outbox(request.query.limit)).map((row) => ({
          id: row.id,
          channel: row.channel,
          to: row.to_address,
          subject: row.subject,
          body: row.text_body,
          status: row.status,
          attempts: row.attempts,
          lastError: row.last_error,
          createdAt: new Date(row.created_at).toISOString(),
          sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
        })),
      }),
    );
  };
}
