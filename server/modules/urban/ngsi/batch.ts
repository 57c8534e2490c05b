import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/http/actor.ts';
import { isLdJson, requestTermMap, type TermMap, termMapOf } from './context.ts';
import { answerQuery, type NgsiDeps, parseOptions, queryOf } from './entities.routes.ts';
import { badRequestData, NgsiError, type NgsiProblem, problemOf, sendJson } from './errors.ts';
import { WRITE_ACCESS } from './http.ts';
import {
  type EntityQuery,
  parseAttrsList,
  parseGeoQuery,
  parseIdPattern,
  parsePage,
  parseQParam,
  parseTypes,
} from './query.ts';
import { asObject, checkEntityId, type EntityInput, parseEntity } from './representation.ts';

/**
 * Batch entity operations (ETSI GS CIM 009, 5.6.7–5.6.10) and the POST form of entity queries. Each
 * entity is its own transaction: one failing entity never undoes another; the answer lists both.
 */
const MAX_BATCH = 1000;
type Outcome = { success: string[]; errors: { entityId: string; error: NgsiProblem }[] };

function batchItems(body: unknown): unknown[] {
  if (!Array.isArray(body) || body.length === 0)
    throw badRequestData({
      vi: 'Nội dung phải là mảng không rỗng.',
      en: 'The body must be a non-empty array.',
    });
  if (body.length > MAX_BATCH)
    throw badRequestData({
      vi: `Tối đa ${MAX_BATCH} phần tử mỗi lô.`,
      en: `At most ${MAX_BATCH} items per batch.`,
    });
  return body;
}

const toNgsiError = (error: unknown): NgsiError => {
  if (error instanceof NgsiError) return error;
  throw error;
};

export function registerBatchRoutes(app: FastifyInstance, deps: NgsiDeps): void {
  const { entities } = deps;
  const write = { config: { access: WRITE_ACCESS } };

  /** The term map of one batch item: its own @context with ld+json, the request's otherwise. */
  async function itemTerms(request: FastifyRequest, item: unknown): Promise<TermMap> {
    if (isLdJson(request)) {
      const context = (item as { '@context'?: unknown } | null)?.['@context'];
      if (context === undefined)
        throw badRequestData({
          vi: 'Mỗi thực thể application/ld+json phải có @context.',
          en: 'Each application/ld+json entity must carry an @context.',
        });
      return termMapOf(context as never);
    }
    return requestTermMap(request, deps.publicUrl, item);
  }

  /** Runs one operation per item, collecting successes and per-entity ProblemDetails. */
  async function each(
    request: FastifyRequest,
    items: unknown[],
    operation: (item: unknown) => Promise<{ id: string; created?: boolean }>,
  ) {
    const outcome: Outcome & { created: string[] } = { success: [], errors: [], created: [] };
    for (const item of items) {
      try {
        const done = await operation(item);
        outcome.success.push(done.id);
        if (done.created) outcome.created.push(done.id);
      } catch (error) {
        const entityId =
          typeof item === 'string' ? item : String((item as { id?: unknown } | null)?.id ?? '');
        outcome.errors.push({ entityId, error: problemOf(toNgsiError(error), request) });
      }
    }
    return outcome;
  }

  const parseItem = async (request: FastifyRequest, item: unknown): Promise<EntityInput> =>
    parseEntity(item, await itemTerms(request, item), deps.now().toISOString());

  const answer207 = (outcome: Outcome) => ({ success: outcome.success, errors: outcome.errors });

  app.post('/entityOperations/create', write, async (request, reply) => {
    const items = batchItems(request.body);
    const outcome = await each(request, items, async (item) => {
      const input = await parseItem(request, item);
      await entities.create(actorOf(request), input);
      return { id: input.id, created: true };
    });
    if (outcome.errors.length) return sendJson(reply.code(207), 'application/json', answer207(outcome));
    return sendJson(reply.code(201), 'application/json', outcome.success);
  });

  app.post('/entityOperations/upsert', write, async (request, reply) => {
    const options = parseOptions(queryOf(request), ['update', 'replace']);
    if (options.has('update') && options.has('replace'))
      throw badRequestData({
        vi: 'Chỉ chọn một trong update và replace.',
        en: 'Choose one of update and replace.',
      });
    const items = batchItems(request.body);
    const outcome = await each(request, items, async (item) => {
      const input = await parseItem(request, item);
      if (!(await entities.exists(input.id))) {
        try {
          await entities.create(actorOf(request), input);
          return { id: input.id, created: true };
        } catch (error) {
          // Created meanwhile by someone else: fall through to the update.
          if (!(error instanceof NgsiError && error.errorType === 'AlreadyExists')) throw error;
        }
      }
      if (options.has('update')) await entities.writeAttributes(actorOf(request), input.id, input, 'append');
      else await entities.replace(actorOf(request), input);
      return { id: input.id };
    });
    if (outcome.errors.length) return sendJson(reply.code(207), 'application/json', answer207(outcome));
    if (outcome.created.length) return sendJson(reply.code(201), 'application/json', outcome.created);
    return reply.code(204).send();
  });

  app.post('/entityOperations/update', write, async (request, reply) => {
    const options = parseOptions(queryOf(request), ['noOverwrite']);
    const items = batchItems(request.body);
    const outcome = await each(request, items, async (item) => {
      const input = await parseItem(request, item);
      const result = await entities.writeAttributes(
        actorOf(request),
        input.id,
        input,
        options.has('noOverwrite') ? 'noOverwrite' : 'append',
      );
      if (result.notUpdated.length && !options.has('noOverwrite'))
        throw badRequestData({
          vi: 'Một số thuộc tính không cập nhật được.',
          en: 'Some attributes could not be updated.',
        });
      return { id: input.id };
    });
    if (outcome.errors.length) return sendJson(reply.code(207), 'application/json', answer207(outcome));
    return reply.code(204).send();
  });

  app.post('/entityOperations/delete', write, async (request, reply) => {
    const items = batchItems(request.body);
    const outcome = await each(request, items, async (item) => {
      const id = checkEntityId(item);
      await entities.delete(actorOf(request), id);
      return { id };
    });
    if (outcome.errors.length) return sendJson(reply.code(207), 'application/json', answer207(outcome));
    return reply.code(204).send();
  });

  // A read in POST form: public, and no CSRF token needed (it changes nothing).
  app.post(
    '/entityOperations/query',
    { config: { access: 'public', csrf: false } },
    async (request, reply) => {
      const body = asObject(request.body);
      const map = await requestTermMap(request, deps.publicUrl, body);
      const query = queryOf(request);
      const options = parseOptions(query, ['keyValues', 'sysAttrs', 'count']);
      if (body.type !== 'Query')
        throw badRequestData({
          vi: 'Nội dung truy vấn phải có type "Query".',
          en: 'A query body must have type "Query".',
        });
      const selectors = body.entities === undefined ? [] : body.entities;
      if (!Array.isArray(selectors) || selectors.length > 100)
        throw badRequestData({
          vi: 'entities phải là mảng (tối đa 100).',
          en: 'entities must be an array (at most 100).',
        });
      const text = (value: unknown, name: string) => {
        if (value === undefined) return undefined;
        if (typeof value !== 'string')
          throw badRequestData({ vi: `${name} phải là chuỗi.`, en: `${name} must be a string.` });
        return value;
      };
      const attrs = body.attrs;
      if (attrs !== undefined && (!Array.isArray(attrs) || !attrs.every((name) => typeof name === 'string')))
        throw badRequestData({ vi: 'attrs phải là mảng tên.', en: 'attrs must be an array of names.' });
      const geoQ = body.geoQ === undefined ? {} : asObject(body.geoQ, { vi: 'geoQ', en: 'geoQ' });
      const entityQuery: EntityQuery = {
        selectors: selectors.map((raw) => {
          const selector = asObject(raw, { vi: 'Bộ chọn thực thể', en: 'An entity selector' });
          return {
            types: parseTypes(text(selector.type, 'type'), map),
            ids: selector.id === undefined ? null : [checkEntityId(selector.id)],
            idPattern: parseIdPattern(text(selector.idPattern, 'idPattern')),
          };
        }),
        attrs: attrs === undefined ? null : parseAttrsList(attrs as string[], map),
        q: parseQParam(text(body.q, 'q'), map),
        geo: parseGeoQuery(
          {
            georel: text(geoQ.georel, 'georel'),
            geometry: text(geoQ.geometry, 'geometry'),
            coordinates: geoQ.coordinates,
            geoproperty: text(geoQ.geoproperty, 'geoproperty'),
          },
          map,
        ),
      };
      const page = parsePage(query);
      if (options.has('count')) page.count = true;
      return answerQuery(request, reply, deps, entityQuery, page, options, map);
    },
  );
}
