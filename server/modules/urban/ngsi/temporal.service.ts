import type { Kysely, Transaction } from 'kysely';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { ChangeFeed, EntityChange } from '../changes.ts';
import { insertReadings, replacesLatest } from '../readings.ts';
import type { TermMap } from './context.ts';
import { attributeNotFound, badRequestData, entityNotFound, notSupported } from './errors.ts';
import {
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
  LOCATION,
  parseAttribute,
  type StoredAttribute,
} from './representation.ts';
import {
  type AggregationMethod,
  boundedInt,
  listParam,
  parseAggrMethods,
  parseDurationSeconds,
  parseTimeWindow,
} from './temporal.params.ts';
import type { EntityRow, ReadingRow, TemporalStore, TimeWindow } from './temporal.store.ts';

/**
 * The temporal API (ETSI GS CIM 009, 5.6.11–5.6.12, 5.7.3–5.7.4, 6.18–6.21) over urban.readings.
 * The entities come from urban.entities (their latest state, which names their attributes and
 * types); the instances from urban.readings, one index range scan per entity and attribute.
 */
export type TemporalQueryParams = Partial<
  Record<
    | 'type'
    | 'id'
    | 'idPattern'
    | 'attrs'
    | 'q'
    | 'georel'
    | 'geometry'
    | 'coordinates'
    | 'geoproperty'
    | 'timerel'
    | 'timeAt'
    | 'endTimeAt'
    | 'timeproperty'
    | 'lastN'
    | 'options'
    | 'aggrMethods'
    | 'aggrPeriodDuration'
    | 'limit'
    | 'offset'
    | 'count',
    string
  >
>;

/** Instances returned per attribute without lastN; more answers 206 with Content-Range. */
export const INSTANCE_LIMIT = 10_000;
const MAX_LAST_N = 10_000;

type Representation =
  | { kind: 'normalized' }
  | { kind: 'temporalValues' }
  | { kind: 'aggregated'; methods: AggregationMethod[]; periodSeconds: number | null };

type Plan = {
  window: TimeWindow;
  lastN: number | null;
  attrs: string[] | null;
  representation: Representation;
};

function parseOptions(params: TemporalQueryParams): Representation {
  const options = listParam('options', params.options) ?? [];
  for (const option of options)
    if (!['temporalValues', 'aggregatedValues', 'sysAttrs', 'normalized'].includes(option))
      throw badRequestData({ vi: `options không hợp lệ: ${option}.`, en: `Invalid option: ${option}.` });
  if (options.includes('aggregatedValues')) {
    const methods = parseAggrMethods(params.aggrMethods);
    const periodSeconds =
      params.aggrPeriodDuration === undefined ? null : parseDurationSeconds(params.aggrPeriodDuration);
    return { kind: 'aggregated', methods, periodSeconds };
  }
  if (params.aggrMethods !== undefined || params.aggrPeriodDuration !== undefined)
    throw badRequestData({
      vi: 'aggrMethods và aggrPeriodDuration chỉ dùng với options=aggregatedValues.',
      en: 'aggrMethods and aggrPeriodDuration go with options=aggregatedValues only.',
    });
  return options.includes('temporalValues') ? { kind: 'temporalValues' } : { kind: 'normalized' };
}

function plan(params: TemporalQueryParams, terms: TermMap): Plan {
  const attrs = parseAttrsList(params.attrs, terms);
  const representation = parseOptions(params);
  const lastN = boundedInt('lastN', params.lastN, 1, MAX_LAST_N) ?? null;
  if (lastN !== null && representation.kind === 'aggregated')
    throw badRequestData({
      vi: 'lastN không dùng cùng aggregatedValues.',
      en: 'lastN does not go with aggregatedValues.',
    });
  return {
    window: parseTimeWindow(params),
    lastN,
    attrs,
    representation,
  };
}

const decode = (row: ReadingRow): unknown => (row.num !== null ? row.num : row.value);
const iso = (date: Date) => new Date(date).toISOString();

type AttributeHistory = { name: string; template: StoredAttribute | undefined; rows: ReadingRow[] };

function renderInstances(history: AttributeHistory, kind: 'normalized' | 'temporalValues') {
  const type = history.template?.type ?? 'Property';
  const relationship = type === 'Relationship';
  if (kind === 'temporalValues') {
    const pairs = history.rows.map((row) => [decode(row), iso(row.observed_at)]);
    return relationship ? { type, objects: pairs } : { type, values: pairs };
  }
  return history.rows.map((row) => ({
    type,
    ...(relationship ? { object: decode(row) } : { value: decode(row) }),
    observedAt: iso(row.observed_at),
    ...(history.template?.unitCode ? { unitCode: history.template.unitCode } : {}),
  }));
}

export function createTemporalService(deps: {
  db: Kysely<unknown>;
  store: TemporalStore;
  audit: AuditLog;
  clock: Clock;
  changes: ChangeFeed;
}) {
  const { store } = deps;

  /** The attributes of an entity a query covers (expanded), from its latest state. */
  function attributesOf(entity: EntityRow, attrs: string[] | null): string[] {
    const names = Object.keys(entity.attrs);
    if (entity.location) names.push(LOCATION);
    return attrs ? names.filter((name) => attrs.includes(name)) : names;
  }

  /** Renders entities with their history; `partial` is set when an attribute hit INSTANCE_LIMIT. */
  async function render(entities: EntityRow[], p: Plan, terms: TermMap) {
    const out = entities.map(
      (entity) => ({ id: entity.id, type: terms.compact(entity.type) }) as Record<string, unknown>,
    );
    if (p.representation.kind === 'aggregated') {
      const { methods, periodSeconds } = p.representation;
      // Without a period, one bucket spans the whole window (or all time since 1970).
      const origin = p.window.from ?? new Date(0);
      const end = p.window.to ?? new Date('9999-01-01T00:00:00Z');
      const seconds = periodSeconds ?? Math.ceil((end.getTime() - origin.getTime()) / 1000);
      const rows = await store.aggregates(
        entities.map((entity) => entity.id),
        p.attrs,
        p.window,
        seconds,
        origin,
      );
      const index = new Map(entities.map((entity, i) => [entity.id, i]));
      for (const row of rows) {
        const target = out[index.get(row.entity_id) ?? -1];
        if (!target) continue;
        const name = terms.compact(row.attr);
        const template = entities[index.get(row.entity_id) ?? 0]?.attrs[row.attr];
        const attr = (target[name] ?? { type: template?.type ?? 'Property' }) as Record<string, unknown[]>;
        target[name] = attr;
        const start = new Date(row.bucket);
        const stop = periodSeconds === null ? end : new Date(start.getTime() + seconds * 1000);
        const values: Record<AggregationMethod, number | null> = {
          totalCount: row.total_count,
          distinctCount: row.distinct_count,
          sum: row.sum,
          avg: row.avg,
          min: row.min,
          max: row.max,
          stddev: row.stddev,
          sumsq: row.sumsq,
        };
        for (const method of methods) {
          const value = values[method];
          const buckets = attr[method] ?? [];
          attr[method] = buckets;
          buckets.push([value === null ? null : Number(value), iso(start), iso(stop)]);
        }
      }
      return { entities: out, partial: null };
    }
    const pairs = entities.flatMap((entity) =>
      attributesOf(entity, p.attrs).map((attr) => ({ entityId: entity.id, attr })),
    );
    const pick = p.lastN !== null ? { lastN: p.lastN } : { first: INSTANCE_LIMIT + 1 };
    const rows = await store.instances(pairs, p.window, pick);
    const groups = new Map<string, ReadingRow[]>();
    for (const row of rows) {
      const key = `${row.entity_id}\u0000${row.attr}`;
      const list = groups.get(key) ?? [];
      groups.set(key, list);
      list.push(row);
    }
    const kind = p.representation.kind;
    let first: Date | null = null;
    let last: Date | null = null;
    for (const [i, entity] of entities.entries()) {
      for (const attr of attributesOf(entity, p.attrs)) {
        let list = groups.get(`${entity.id}\u0000${attr}`);
        if (!list || list.length === 0) continue;
        if (list.length > INSTANCE_LIMIT) {
          // Oldest first: the answer covers up to the last instance sent (Content-Range).
          list = list.slice(0, INSTANCE_LIMIT);
          const from = list[0]?.observed_at as Date;
          const to = list[list.length - 1]?.observed_at as Date;
          if (!first || from < first) first = from;
          if (!last || to < last) last = to;
        }
        const template: StoredAttribute | undefined =
          attr === LOCATION ? { type: 'GeoProperty' } : (entity.attrs[attr] as StoredAttribute | undefined);
        (out[i] as Record<string, unknown>)[terms.compact(attr)] = renderInstances(
          { name: attr, template, rows: list },
          kind as 'normalized' | 'temporalValues',
        );
      }
    }
    const partial = first && last ? { from: new Date(first), to: new Date(last) } : null;
    return { entities: out, partial };
  }

  return {
    async query(params: TemporalQueryParams, terms: TermMap) {
      const p = plan(params, terms);
      // Entity selection is the core's (query.ts): type, id, idPattern, attrs, q and geo-queries.
      const types = parseTypes(params.type, terms);
      const ids = listParam('id', params.id);
      for (const id of ids ?? []) checkEntityId(id);
      const idPattern = parseIdPattern(params.idPattern);
      const geo = parseGeoQuery(params, terms);
      const q = parseQParam(params.q, terms);
      if (!types && !ids && !idPattern && !p.attrs && !q && !geo)
        throw badRequestData({
          vi: 'Truy vấn thời gian cần type, id, idPattern, attrs, q hoặc truy vấn địa lý.',
          en: 'A temporal query needs type, id, idPattern, attrs, q or a geo-query.',
        });
      const page = parsePage(params);
      const selected = await store.selectEntities(
        querySql({
          selectors: types || ids || idPattern ? [{ types, ids, idPattern }] : [],
          attrs: p.attrs,
          q,
          geo,
        }),
        page,
      );
      const rendered = await render(selected.rows, p, terms);
      return { ...rendered, total: selected.total };
    },

    async retrieve(id: string, params: TemporalQueryParams, terms: TermMap) {
      checkEntityId(id);
      const p = plan(params, terms);
      const entity = await store.entity(id);
      if (!entity) throw entityNotFound(id);
      const rendered = await render([entity], p, terms);
      return { entity: rendered.entities[0] as Record<string, unknown>, partial: rendered.partial };
    },

    /**
     * Adds instances (POST /temporal/entities and …/{id}/attrs): each reading once, and the entity's
     * latest state takes an instance newer than what it holds. Creates the entity when absent.
     */
    async append(
      actor: Actor,
      body: unknown,
      terms: TermMap,
      target: { id: string } | null,
    ): Promise<{ created: boolean }> {
      const source = asObject(body);
      const id = target ? checkEntityId(target.id) : checkEntityId(source.id);
      if (target && source.id !== undefined && source.id !== target.id)
        throw badRequestData({
          vi: 'id trong nội dung khác id trên đường dẫn.',
          en: 'The body id differs from the path id.',
        });
      const now = deps.clock.now();
      const stamp = now.toISOString();
      const instances: { attr: string; attribute: StoredAttribute }[] = [];
      for (const [key, raw] of Object.entries(source)) {
        if (['id', 'type', '@context', 'createdAt', 'modifiedAt'].includes(key)) continue;
        checkName(key, { vi: 'thuộc tính', en: 'attribute' });
        const attr = terms.expand(key);
        const list = Array.isArray(raw) ? raw : [raw];
        if (list.length === 0 || list.length > 10_000)
          throw badRequestData({
            vi: `${key}: từ 1 đến 10.000 thể hiện.`,
            en: `${key}: 1 to 10,000 instances.`,
          });
        for (const item of list) {
          const attribute = parseAttribute(item, terms, stamp, 0, key);
          if (!attribute.observedAt)
            throw badRequestData({
              vi: `Mỗi thể hiện của ${key} cần observedAt.`,
              en: `Every instance of ${key} needs observedAt.`,
            });
          if (attribute.type === 'LanguageProperty')
            throw notSupported({
              vi: 'Chưa lưu lịch sử LanguageProperty.',
              en: 'LanguageProperty history is not stored.',
            });
          instances.push({ attr, attribute });
        }
      }
      if (instances.length === 0)
        throw badRequestData({ vi: 'Không có thể hiện thuộc tính nào.', en: 'No attribute instance given.' });
      let type: string | null = null;
      if (source.type !== undefined) {
        checkName(source.type, { vi: 'kiểu thực thể', en: 'entity type' });
        type = terms.expand(source.type as string);
      }

      const result = await deps.db.transaction().execute(async (trx) => {
        const existing = await store.lockEntity(trx, id);
        if (!existing && !type)
          throw badRequestData({ vi: 'Thực thể mới cần type.', en: 'A new entity needs a type.' });
        if (existing && type && existing.type !== type)
          throw badRequestData({
            vi: `Thực thể ${id} đã có kiểu khác.`,
            en: `Entity ${id} already has another type.`,
          });
        if (!existing && target) throw entityNotFound(id);
        const attrs: Record<string, StoredAttribute> = {
          ...((existing?.attrs ?? {}) as Record<string, StoredAttribute>),
        };
        const changed = new Set<string>();
        for (const { attr, attribute } of instances) {
          if (attr === LOCATION) continue; // location's history is kept; its latest state is the core's.
          const held = attrs[attr];
          if (!replacesLatest(held, new Date(attribute.observedAt as string))) continue;
          attrs[attr] = { ...attribute, createdAt: held?.createdAt ?? stamp, modifiedAt: stamp };
          changed.add(attr);
        }
        const inserted = await insertReadings(
          trx as Transaction<unknown>,
          instances.map(({ attr, attribute }) => ({
            entityId: id,
            attr,
            observedAt: new Date(attribute.observedAt as string),
            value: attribute.type === 'Relationship' ? attribute.object : attribute.value,
          })),
          now,
        );
        const entityType = existing?.type ?? (type as string);
        if (!existing) await store.insertEntity(trx, { id, type: entityType, attrs, at: now });
        else if (changed.size > 0) await store.updateEntityAttrs(trx, id, attrs, now);
        await deps.audit.record(trx, {
          actor,
          action: 'urban.temporal.append',
          objectType: 'urban.entity',
          objectId: id,
          details: {
            attrs: [...new Set(instances.map((i) => i.attr))],
            instances: instances.length,
            inserted,
          },
        });
        const change: EntityChange | null =
          !existing || changed.size > 0
            ? {
                entityId: id,
                type: entityType,
                attrs: [...changed],
                kind: existing ? 'updated' : 'created',
                at: now,
              }
            : null;
        return { created: !existing, change };
      });
      if (result.change) deps.changes.publish([result.change]);
      return { created: result.created };
    },

    async deleteEntity(actor: Actor, id: string) {
      checkEntityId(id);
      const now = deps.clock.now();
      const type = await deps.db.transaction().execute(async (trx) => {
        const existing = await store.lockEntity(trx, id);
        if (!existing) throw entityNotFound(id);
        await store.deleteEntity(trx, id);
        await deps.audit.record(trx, {
          actor,
          action: 'urban.temporal.delete',
          objectType: 'urban.entity',
          objectId: id,
        });
        return existing.type;
      });
      deps.changes.publish([{ entityId: id, type, attrs: [], kind: 'deleted', at: now }]);
    },

    /** Deletes every instance of one attribute, and the attribute from the latest state. */
    async deleteAttribute(actor: Actor, id: string, attrName: string, terms: TermMap) {
      checkEntityId(id);
      checkName(attrName, { vi: 'thuộc tính', en: 'attribute' });
      const attr = terms.expand(attrName);
      const now = deps.clock.now();
      const type = await deps.db.transaction().execute(async (trx) => {
        const existing = await store.lockEntity(trx, id);
        if (!existing) throw entityNotFound(id);
        const removed = await store.deleteAttribute(trx, id, attr);
        const held = Object.hasOwn(existing.attrs, attr);
        if (removed === 0 && !held) throw attributeNotFound(id, attrName);
        if (held) {
          const { [attr]: _gone, ...rest } = existing.attrs;
          await store.updateEntityAttrs(trx, id, rest, now);
        }
        await deps.audit.record(trx, {
          actor,
          action: 'urban.temporal.attribute.delete',
          objectType: 'urban.entity',
          objectId: id,
          details: { attr, instances: removed },
        });
        return existing.type;
      });
      deps.changes.publish([{ entityId: id, type, attrs: [attr], kind: 'updated', at: now }]);
    },
  };
}

export type TemporalService = ReturnType<typeof createTemporalService>;
