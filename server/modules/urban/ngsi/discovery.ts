import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { requestTermMap } from './context.ts';
import type { NgsiDeps } from './entities.routes.ts';
import { parseOptions, queryOf } from './entities.routes.ts';
import { typeAttributeStats } from './entities.store.ts';
import { badRequestData, NgsiError } from './errors.ts';
import { sendLd } from './http.ts';
import { checkName } from './representation.ts';

/** Types and attributes discovery (ETSI GS CIM 009, 5.7.5–5.7.10), from the stored entities. */
export function registerDiscoveryRoutes(app: FastifyInstance, deps: NgsiDeps): void {
  const read = { config: { access: 'public' as const } };

  async function catalogue() {
    const { attributes, entityCounts } = await typeAttributeStats(deps.db);
    const types = new Map<
      string,
      { count: number; attrs: Map<string, { types: Set<string>; count: number }> }
    >();
    for (const row of entityCounts) types.set(row.type, { count: Number(row.n), attrs: new Map() });
    for (const row of attributes) {
      if (!row.attr) continue;
      const type = types.get(row.type);
      if (!type) continue;
      const attr = type.attrs.get(row.attr) ?? { types: new Set<string>(), count: 0 };
      if (row.attr_type) attr.types.add(row.attr_type);
      attr.count += Number(row.n);
      type.attrs.set(row.attr, attr);
    }
    return types;
  }

  const details = (query: Record<string, string | undefined>) => {
    if (query.details !== undefined && query.details !== 'true' && query.details !== 'false')
      throw badRequestData({ vi: 'details phải là true hoặc false.', en: 'details must be true or false.' });
    return query.details === 'true';
  };

  app.get('/types', read, async (request, reply) => {
    const query = queryOf(request);
    const map = await requestTermMap(request, deps.publicUrl);
    const types = await catalogue();
    if (details(query)) {
      const body = [...types].map(([type, info]) => ({
        id: type,
        type: 'EntityType',
        typeName: map.compact(type),
        attributeNames: [...info.attrs.keys()].map((name) => map.compact(name)),
      }));
      return sendLd(request, reply, body, map, deps.defaultContextUrl);
    }
    return sendLd(
      request,
      reply,
      {
        id: `urn:ngsi-ld:EntityTypeList:${randomUUID()}`,
        type: 'EntityTypeList',
        typeList: [...types.keys()].map((type) => map.compact(type)),
      },
      map,
      deps.defaultContextUrl,
    );
  });

  app.get('/types/:type', read, async (request, reply) => {
    const map = await requestTermMap(request, deps.publicUrl);
    const name = checkName((request.params as { type: string }).type, {
      vi: 'kiểu thực thể',
      en: 'entity type',
    });
    const iri = map.expand(name);
    const info = (await catalogue()).get(iri);
    if (!info)
      throw new NgsiError('ResourceNotFound', {
        vi: `Không có thực thể kiểu ${name}.`,
        en: `No entity of type ${name}.`,
      });
    return sendLd(
      request,
      reply,
      {
        id: iri,
        type: 'EntityTypeInfo',
        typeName: map.compact(iri),
        entityCount: info.count,
        attributeDetails: [...info.attrs].map(([attr, detail]) => ({
          id: attr,
          type: 'Attribute',
          attributeName: map.compact(attr),
          attributeTypes: [...detail.types],
        })),
      },
      map,
      deps.defaultContextUrl,
    );
  });

  /** Every attribute with its count, kinds and the types that have it. */
  async function attributeCatalogue() {
    const out = new Map<string, { count: number; kinds: Set<string>; types: Set<string> }>();
    for (const [type, info] of await catalogue())
      for (const [attr, detail] of info.attrs) {
        const entry = out.get(attr) ?? { count: 0, kinds: new Set<string>(), types: new Set<string>() };
        entry.count += detail.count;
        for (const kind of detail.types) entry.kinds.add(kind);
        entry.types.add(type);
        out.set(attr, entry);
      }
    return out;
  }

  app.get('/attributes', read, async (request, reply) => {
    const query = queryOf(request);
    parseOptions(query, []);
    const map = await requestTermMap(request, deps.publicUrl);
    const attributes = await attributeCatalogue();
    if (details(query))
      return sendLd(
        request,
        reply,
        [...attributes].map(([attr, info]) => ({
          id: attr,
          type: 'Attribute',
          attributeName: map.compact(attr),
          typeNames: [...info.types].map((type) => map.compact(type)),
        })),
        map,
        deps.defaultContextUrl,
      );
    return sendLd(
      request,
      reply,
      {
        id: `urn:ngsi-ld:AttributeList:${randomUUID()}`,
        type: 'AttributeList',
        attributeList: [...attributes.keys()].map((attr) => map.compact(attr)),
      },
      map,
      deps.defaultContextUrl,
    );
  });

  app.get('/attributes/:attrId', read, async (request, reply) => {
    const map = await requestTermMap(request, deps.publicUrl);
    const name = checkName((request.params as { attrId: string }).attrId, {
      vi: 'thuộc tính',
      en: 'attribute',
    });
    const iri = map.expand(name);
    const info = (await attributeCatalogue()).get(iri);
    if (!info)
      throw new NgsiError('ResourceNotFound', {
        vi: `Không có thuộc tính ${name}.`,
        en: `No attribute ${name}.`,
      });
    return sendLd(
      request,
      reply,
      {
        id: iri,
        type: 'Attribute',
        attributeName: map.compact(iri),
        attributeCount: info.count,
        attributeTypes: [...info.kinds],
        typeNames: [...info.types].map((type) => map.compact(type)),
      },
      map,
      deps.defaultContextUrl,
    );
  });
}
