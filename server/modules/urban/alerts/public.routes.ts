import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../platform/errors.ts';
import { atomFeed, capXml, type FeedItem, type FeedMeta, rssFeed } from './cap.ts';
import { type IncidentsService, PUBLIC_TYPES } from './incidents.service.ts';

const tags = ['urban'];
const title = {
  vi: 'Cảnh báo ngập úng và chất lượng không khí Hà Nội',
  en: 'Hanoi flood and air-quality alerts',
};
/** Feeds are read by aggregators that poll; a minute keeps them fresh without re-querying each time. */
const CACHE = 'public, max-age=60';

/**
 * The public feeds of current flood and air-quality alerts: CAP 1.2 in an Atom feed (the form
 * public alerting hubs aggregate), each alert alone as CAP XML, the same alerts as JSON, and RSS 2.0.
 */
export function publicAlertsRoutes(incidents: IncidentsService, publicUrl: string): FastifyPluginAsync {
  const url = (path: string) => new URL(path, publicUrl).href;
  async function feed(self: string): Promise<{ meta: FeedMeta; items: FeedItem[] }> {
    const rows = await incidents.publicAlerts();
    const items = rows.map((row) => ({
      id: row.id,
      cap: row.cap,
      sentAt: new Date(row.sent_at),
      link: url('/'),
      capLink: url(`/api/urban/public/alerts/${row.id}.cap`),
    }));
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
          summary: 'Một cảnh báo CAP 1.2 (XML) / One CAP 1.2 alert (XML)',
          params: z.object({ file: z.string().regex(/^[0-9a-f-]{36}\.cap$/) }),
        },
      },
      async (request, reply) => {
        const id = request.params.file.slice(0, -'.cap'.length);
        const row = await incidents.alert(id).catch(() => null);
        // Only flood and air-quality alerts are public; others are as unknown as a wrong id.
        if (!row || !PUBLIC_TYPES.includes(row.entity_type))
          throw notFound({ vi: `cảnh báo ${id}`, en: `Alert ${id}` });
        reply.type('application/cap+xml; charset=utf-8').header('cache-control', CACHE);
        return `<?xml version="1.0" encoding="UTF-8"?>\n${capXml(row.cap)}\n`;
      },
    );
  };
}
