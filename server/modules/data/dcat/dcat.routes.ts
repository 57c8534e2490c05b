import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../../platform/http/openapi.ts';
import type { Organizations } from '../portal/organizations.ts';
import type { PortalService } from '../portal/portal.service.ts';
import type { PortalStore } from '../portal/portal.store.ts';
import { addCatalogue, addDataset, addRecord, catalogIri } from './documents.ts';
import { Graph, iri, typed } from './rdf.ts';

/**
 * DCAT-AP 3 documents: the catalogue at `/catalog.{jsonld,ttl,rdf}`, paged (Hydra's
 * PagedCollection, as ckanext-dcat pages it: `page`, `page_size`) and filtered by
 * `modified_since`; each public dataset at `/dataset/{name}.{jsonld,ttl,rdf}`.
 */
const formats = {
  jsonld: 'application/ld+json; charset=utf-8',
  ttl: 'text/turtle; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
} as const;
type Format = keyof typeof formats;
const DEFAULT_PAGE_SIZE = 100;

const catalogQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(DEFAULT_PAGE_SIZE),
  modified_since: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .optional()
    .describe('Chỉ bộ dữ liệu sửa từ thời điểm này / Only datasets changed since'),
});

function send(reply: FastifyReply, graph: Graph, format: Format) {
  reply.type(formats[format]).header('cache-control', 'public, max-age=60');
  if (format === 'jsonld') return reply.send(JSON.stringify(graph.toJsonLd()));
  return reply.send(format === 'ttl' ? graph.toTurtle() : graph.toRdfXml());
}

export function dcatRoutes(deps: {
  portal: PortalService;
  store: PortalStore;
  organizations: Organizations;
  publicUrl: string;
}): FastifyPluginAsync {
  const { portal, store, organizations, publicUrl } = deps;

  async function spatialNames(unitIds: string[]) {
    const names = new Map<string, { vi: string; en: string }>();
    for (const id of new Set(unitIds)) {
      const unit = await organizations.get(id);
      if (unit) names.set(id, { vi: unit.nameVi, en: unit.nameEn });
    }
    return names;
  }

  return async (plugin) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    for (const format of Object.keys(formats) as Format[]) {
      app.get(
        `/catalog.${format}`,
        {
          config: { access: 'public' },
          schema: {
            tags: ['dcat'],
            summary: `Danh mục DCAT-AP 3 (${format}) / DCAT-AP 3 catalogue (${format})`,
            querystring: catalogQuery,
            produces: [formats[format].split(';')[0]!],
            response: { ...problemResponses },
          },
        },
        async (request, reply) => {
          const { page, page_size: pageSize, modified_since: since } = request.query;
          const found = await store.publicPage({
            modifiedSince: since ? new Date(since) : null,
            limit: pageSize,
            offset: (page - 1) * pageSize,
          });
          const views = await portal.views(request.principal, found.rows);
          const graph = new Graph();
          const catalogue = addCatalogue(graph, publicUrl, {
            city: await organizations.get('hanoi'),
            modified: found.latest?.toISOString() ?? null,
          });
          const names = await spatialNames(views.flatMap((v) => v.spatialUnitIds));
          for (const view of views) {
            const node = addDataset(
              graph,
              publicUrl,
              view,
              await organizations.get(view.organization.id),
              names,
            );
            graph.add(catalogue, 'dcat:dataset', node);
            addRecord(graph, publicUrl, catalogue, view, node);
          }
          const pageUrl = (n: number) => {
            const params = new URLSearchParams({ page: String(n) });
            if (pageSize !== DEFAULT_PAGE_SIZE) params.set('page_size', String(pageSize));
            if (since) params.set('modified_since', since);
            return `${publicUrl}/catalog.${format}?${params}`;
          };
          const last = Math.max(1, Math.ceil(found.total / pageSize));
          const paging = iri(pageUrl(page));
          graph.type(paging, 'hydra:PagedCollection');
          graph.add(paging, 'hydra:totalItems', typed(String(found.total), 'xsd:integer'));
          graph.add(paging, 'hydra:itemsPerPage', typed(String(pageSize), 'xsd:integer'));
          graph.add(paging, 'hydra:firstPage', iri(pageUrl(1)));
          graph.add(paging, 'hydra:lastPage', iri(pageUrl(last)));
          if (page < last) graph.add(paging, 'hydra:nextPage', iri(pageUrl(page + 1)));
          if (page > 1) graph.add(paging, 'hydra:previousPage', iri(pageUrl(Math.min(page - 1, last))));
          graph.add(paging, 'dct:isPartOf' as never, iri(catalogIri(publicUrl)));
          return send(reply, graph, format);
        },
      );
    }

    app.get(
      '/dataset/:name.:format',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dcat'],
          summary: 'Một bộ dữ liệu theo DCAT-AP 3 / One dataset as DCAT-AP 3',
          params: z.strictObject({
            name: z.string().min(1).max(100),
            format: z.enum(['jsonld', 'ttl', 'rdf']),
          }),
          produces: ['application/ld+json', 'text/turtle', 'application/rdf+xml'],
          response: { ...problemResponses },
        },
      },
      async (request, reply) => {
        const view = await portal.show(request.principal, request.params.name, { countCall: true });
        const graph = new Graph();
        addDataset(
          graph,
          publicUrl,
          view,
          await organizations.get(view.organization.id),
          await spatialNames(view.spatialUnitIds),
        );
        return send(reply, graph, request.params.format);
      },
    );
  };
}
