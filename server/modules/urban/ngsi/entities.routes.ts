import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/http/actor.ts';
import { requestTermMap, type TermMap } from './context.ts';
import type { EntityService } from './entities.service.ts';
import { selectEntities, type UrbanDb } from './entities.store.ts';
import { badRequestData, entityNotFound, sendJson } from './errors.ts';
import { sendLd, WRITE_ACCESS } from './http.ts';
import {
  type EntityQuery,
  type Page,
  parseAttrsList,
  parseGeoQuery,
  parseIdPattern,
  parsePage,
  parseQParam,
  parseTypes,
  querySql,
} from './query.ts';
import {
  asObject,
  checkEntityId,
  checkName,
  parseAttribute,
  parseAttributes,
  parseEntity,
  renderEntity,
  type StoredAttribute,
} from './representation.ts';

/** Entities, their attributes, and entity queries (ETSI GS CIM 009, 5.6 and 5.7). */
export type NgsiDeps = {
  entities: EntityService;
  db: UrbanDb;
  publicUrl: string;
  defaultContextUrl: string;
  now: () => Date;
};

type Query = Record<string, string | undefined>;

/** Query parameters as single strings (a repeated parameter is an error, not a silent pick). */
export function queryOf(request: FastifyRequest): Query {
  const out: Query = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string')
      throw badRequestData({
        vi: `Tham số ${key} chỉ được có một giá trị.`,
        en: `Parameter ${key} must appear once.`,
      });
    out[key] = value;
  }
  return out;
}

/** options=keyValues,sysAttrs (and the short form format=simplified). */
export function parseOptions(query: Query, allowed: string[]): Set<string> {
  const options = new Set((query.options ?? '').split(',').filter(Boolean));
  if (query.format === 'simplified' || query.format === 'keyValues') options.add('keyValues');
  for (const option of options)
    if (!allowed.includes(option))
      throw badRequestData({
        vi: `Tuỳ chọn ${option} không được hỗ trợ ở đây.`,
        en: `Option ${option} is not supported here.`,
      });
  return options;
}

const nowIso = (deps: NgsiDeps) => deps.now().toISOString();

async function runQuery(deps: NgsiDeps, query: EntityQuery, page: Page) {
  return selectEntities(deps.db, querySql(query), page);
}

export function registerEntityRoutes(app: FastifyInstance, deps: NgsiDeps): void {
  const { entities } = deps;
  const terms = (request: FastifyRequest, body?: unknown) => requestTermMap(request, deps.publicUrl, body);
  const entityId = (request: FastifyRequest) =>
    checkEntityId((request.params as { entityId: string }).entityId);
  const attrName = (request: FastifyRequest, map: TermMap) =>
    map.expand(
      checkName((request.params as { attrId: string }).attrId, { vi: 'thuộc tính', en: 'attribute' }),
    );
  const write = { config: { access: WRITE_ACCESS } };
  const read = { config: { access: 'public' as const } };

  app.post('/entities', write, async (request, reply) => {
    const map = await terms(request, request.body);
    const input = parseEntity(request.body, map, nowIso(deps));
    await entities.create(actorOf(request), input);
    return reply
      .code(201)
      .header('location', `/ngsi-ld/v1/entities/${encodeURIComponent(input.id)}`)
      .send();
  });

  app.get('/entities/:entityId', read, async (request, reply) => {
    const query = queryOf(request);
    const map = await terms(request);
    const options = parseOptions(query, ['keyValues', 'sysAttrs']);
    const id = entityId(request);
    const entity = await entities.get(id);
    const attrs = parseAttrsList(query.attrs, map);
    if (query.type && !parseTypes(query.type, map)?.includes(entity.type)) throw entityNotFound(id);
    const body = renderEntity(entity, {
      terms: map,
      keyValues: options.has('keyValues'),
      sysAttrs: options.has('sysAttrs'),
      attrs: attrs ? new Set(attrs) : null,
    });
    return sendLd(request, reply, body, map, deps.defaultContextUrl);
  });

  app.delete('/entities/:entityId', write, async (request, reply) => {
    await entities.delete(actorOf(request), entityId(request));
    return reply.code(204).send();
  });

  const attributeWrite = async (request: FastifyRequest, mode: 'append' | 'noOverwrite' | 'update') => {
    const id = entityId(request);
    const body = asObject(request.body);
    const map = await terms(request, body);
    if (body.id !== undefined && body.id !== id)
      throw badRequestData({
        vi: 'id trong nội dung khác id trên đường dẫn.',
        en: 'The body id differs from the path id.',
      });
    const parsed = parseAttributes(body, map, nowIso(deps));
    if (Object.keys(parsed.attrs).length === 0 && !parsed.location)
      throw badRequestData({ vi: 'Không có thuộc tính nào.', en: 'No attributes were given.' });
    const type = typeof body.type === 'string' ? map.expand(body.type) : undefined;
    const outcome = await entities.writeAttributes(
      actorOf(request),
      id,
      { ...parsed, ...(type ? { type } : {}) },
      mode,
    );
    return { outcome, map };
  };
  const sendOutcome = (
    reply: import('fastify').FastifyReply,
    result: Awaited<ReturnType<typeof attributeWrite>>,
  ) => {
    const { outcome, map } = result;
    if (outcome.notUpdated.length === 0) return reply.code(204).send();
    return sendJson(reply.code(207), 'application/json', {
      updated: outcome.updated.map((name) => map.compact(name)),
      notUpdated: outcome.notUpdated.map((item) => ({
        ...item,
        attributeName: map.compact(item.attributeName),
      })),
    });
  };

  app.post('/entities/:entityId/attrs', write, async (request, reply) => {
    const options = parseOptions(queryOf(request), ['noOverwrite']);
    return sendOutcome(
      reply,
      await attributeWrite(request, options.has('noOverwrite') ? 'noOverwrite' : 'append'),
    );
  });

  app.patch('/entities/:entityId/attrs', write, async (request, reply) =>
    sendOutcome(reply, await attributeWrite(request, 'update')),
  );

  app.patch('/entities/:entityId/attrs/:attrId', write, async (request, reply) => {
    const id = entityId(request);
    const raw = asObject(request.body, { vi: 'Đoạn thuộc tính', en: 'The attribute fragment' });
    const map = await terms(request, raw);
    const name = attrName(request, map);
    const given = new Set(Object.keys(raw));
    const hasContent = given.has('value') || given.has('object') || given.has('languageMap');
    // Only the given fields change; a placeholder value lets the fragment pass the attribute checks.
    const parsed = parseAttribute(hasContent ? raw : { ...raw, value: 0 }, map, nowIso(deps), 0, name);
    const fragment: StoredAttribute & { given: Set<string> } = { ...parsed, given };
    for (const key of Object.keys(parsed)) if (key.includes(':')) given.add(key); // expanded sub-attributes
    await entities.patchAttribute(actorOf(request), id, name, fragment);
    return reply.code(204).send();
  });

  app.delete('/entities/:entityId/attrs/:attrId', write, async (request, reply) => {
    const map = await terms(request);
    await entities.deleteAttribute(actorOf(request), entityId(request), attrName(request, map));
    return reply.code(204).send();
  });

  app.get('/entities', read, async (request, reply) => {
    const query = queryOf(request);
    const map = await terms(request);
    const options = parseOptions(query, ['keyValues', 'sysAttrs', 'count']);
    const entityQuery: EntityQuery = {
      selectors: [
        {
          types: parseTypes(query.type, map),
          ids: query.id === undefined ? null : query.id.split(',').filter(Boolean).map(checkEntityId),
          idPattern: parseIdPattern(query.idPattern),
        },
      ],
      attrs: parseAttrsList(query.attrs, map),
      q: parseQParam(query.q, map),
      geo: parseGeoQuery(query, map),
    };
    const selector = entityQuery.selectors[0];
    if (
      !selector?.types &&
      !selector?.ids &&
      !selector?.idPattern &&
      !entityQuery.attrs &&
      !entityQuery.q &&
      !entityQuery.geo
    )
      throw badRequestData({
        vi: 'Cần ít nhất một trong type, id, idPattern, attrs, q hoặc georel.',
        en: 'At least one of type, id, idPattern, attrs, q or georel is required.',
      });
    const page = parsePage(query);
    if (options.has('count')) page.count = true;
    return answerQuery(request, reply, deps, entityQuery, page, options, map);
  });
}

export async function answerQuery(
  request: FastifyRequest,
  reply: import('fastify').FastifyReply,
  deps: NgsiDeps,
  entityQuery: EntityQuery,
  page: Page,
  options: Set<string>,
  map: TermMap,
) {
  const { entities, total } = await runQuery(deps, entityQuery, page);
  if (total !== null) reply.header('NGSILD-Results-Count', String(total));
  const body = entities.map((entity) =>
    renderEntity(entity, {
      terms: map,
      keyValues: options.has('keyValues'),
      sysAttrs: options.has('sysAttrs'),
      attrs: entityQuery.attrs ? new Set(entityQuery.attrs) : null,
    }),
  );
  return sendLd(request, reply, body, map, deps.defaultContextUrl);
}
