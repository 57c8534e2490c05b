import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import { notFound } from '../../../platform/errors.ts';
import {
  atomFeed,
  CANCEL_VISIBLE_HOURS,
  cancelCap,
  capXml,
  type FeedItem,
  type FeedMeta,
  rssFeed,
} from './cap.ts';
import { type IncidentsService, PUBLIC_TYPES } from './incidents.service.ts';

const tags = ['urban'];
const title = {
  vi: 'Cảnh báo ngập úng và chất lượng không khí Hà Nội',
  en: 'Hanoi flood and air-quality alerts',
};
/** Feeds are read by aggregators that poll; a minute keeps them fresh without re-querying each time. */
const CACHE = 'public, max-age=60';

/**
 * The public feeds of flood and air-quality alerts: CAP 1.2 in an Atom feed (the form public
 * alerting hubs aggregate), each alert alone as CAP XML, the same alerts as JSON, and RSS 2.0.
 * Current alerts appear as `Alert`; one that cleared appears as its CAP `Cancel` for
 * CANCEL_VISIBLE_HOURS, so subscribers learn it ended instead of seeing it vanish.
 */
export function publicAlertsRoutes(
  incidents: IncidentsService,
  publicUrl: string,
  clock: Clock,
): FastifyPluginAsync {
  const url = (path: string) => new URL(path, publicUrl).href;
  async function feed(self: string): Promise<{ meta: FeedMeta; items: FeedItem[] }> {
    const since = new Date(clock.now().getTime() - CANCEL_VISIBLE_HOURS * 3_600_000);
    const rows = await incidents.publicAlerts(since);
    const items = rows.map((row) =>
      row.cleared_at === null
        ? {
            id: row.id,
            cap: row.cap,
            sentAt: new Date(row.sent_at),
            link: url('/'),
            capLink: url(`/api/urban/public/alerts/${row.id}.cap`),
          }
        : {
            id: row.id,
            cap: cancelCap(row.cap, new Date(row.cleared_at)),
            sentAt: new Date(row.cleared_at),
            link: url('/'),
            capLink: url(`/api/urban/public/alerts/${row.id}.cancel.cap`),
          },
    );
    items.sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
    const updated = items[0]?.sentAt ?? new Date(0);
    return {
      meta: { self: url(self), home: url('/'), title, updated, author: 'UBND Thành phố Hà Nội' },
      items,
    };
  }

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    const config = { access: 'public' as const };

    app.get(
      '/api/urban/public/alerts.cap',
      {
        config,
        schema: { tags, summary: 'Nguồn Atom các cảnh báo CAP 1.2 / Atom feed of CAP 1.2 alerts' },
      },
      async (_request, reply) => {
        const { meta, items } = await feed('/api/urban/public/alerts.cap');
        reply.type('application/atom+xml; charset=utf-8').header('cache-control', CACHE);
        return atomFeed(meta, items);
      },
    );

    app.get(
      '/api/urban/public/alerts.rss',
      { config, schema: { tags, summary: 'Nguồn RSS 2.0 các cảnh báo / RSS 2.0 feed of alerts' } },
      async (_request, reply) => {
        const { meta, items } = await feed('/api/urban/public/alerts.rss');
        reply.type('application/rss+xml; charset=utf-8').header('cache-control', CACHE);
        return rssFeed(meta, items);
      },
    );

    app.get(
      '/api/urban/public/alerts.json',
      { config, schema: { tags, summary: 'Cảnh báo (CAP 1.2 dạng JSON) / Alerts as CAP 1.2 JSON' } },
      async (_request, reply) => {
        const { meta, items } = await feed('/api/urban/public/alerts.json');
        reply.header('cache-control', CACHE);
        return {
          title: meta.title,
          updated: meta.updated.toISOString(),
          alerts: items.map((item) => ({ ...item.cap, link: item.capLink })),
        };
      },
    );

    app.get(
      '/api/urban/public/alerts/:file',
      {
        config,
        schema: {
          tags,
          summary:
            'Một cảnh báo CAP 1.2 (XML), hoặc tin hủy khi đã kết thúc (.cancel.cap) / One CAP 1.2 alert (XML), or its Cancel once cleared (.cancel.cap)',
          params: z.object({ file: z.string().regex(/^[0-9a-f-]{36}(\.cancel)?\.cap$/) }),
        },
      },
      async (request, reply) => {
        const id = request.params.file.slice(0, 36);
        const cancel = request.params.file.endsWith('.cancel.cap');
        const row = await incidents.alert(id).catch(() => null);
        // Only flood and air-quality alerts are public; others are as unknown as a wrong id, and an
        // alert still in force has no Cancel yet.
        if (!row || !PUBLIC_TYPES.includes(row.entity_type) || (cancel && row.cleared_at === null))
          throw notFound({ vi: `cảnh báo ${request.params.file}`, en: `Alert ${request.params.file}` });
        const cap = cancel ? cancelCap(row.cap, new Date(row.cleared_at!)) : row.cap;
        reply.type('application/cap+xml; charset=utf-8').header('cache-control', CACHE);
        return `<?xml version="1.0" encoding="UTF-8"?>\n${capXml(cap)}\n`;
      },
    );
  };
}
