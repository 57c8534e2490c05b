import { type RawBuilder, sql } from 'kysely';
import type { TermMap } from './context.ts';
import { badRequestData, NgsiError, notSupported } from './errors.ts';
import { EARTH_RADIUS_M, type Geometry, parseGeometry } from './geo.ts';
import { isSafePattern, parseQ, type QNode, qToSql } from './q.ts';
import { checkEntityId, checkName, LOCATION } from './representation.ts';

/**
 * Entity queries (GET /entities and POST /entityOperations/query): what to match, which page, which
 * attributes to return. Everything becomes one parameterised SQL condition on urban.entities;
 * distances are haversine in SQL after a bounding box on lat/lon (no PostGIS, same SQL on PGlite).
 */
export type EntitySelector = { types: string[] | null; ids: string[] | null; idPattern: string | null };
export type GeoQuery =
  | { georel: 'near'; bound: 'max' | 'min'; distance: number; point: [number, number] }
  | { georel: 'within'; polygon: Geometry };

export type EntityQuery = {
  selectors: EntitySelector[];
  attrs: string[] | null;
  q: QNode | null;
  geo: GeoQuery | null;
};

export type Page = { limit: number; offset: number; count: boolean };
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;
const MAX_LIST = 100;
const MAX_ID_PATTERN = 256;

const list = (value: string | undefined) =>
  value === undefined
    ? null
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);

function boundedList(values: string[] | null, what: string): string[] | null {
  if (values && values.length > MAX_LIST)
    throw badRequestData({
      vi: `Tối đa ${MAX_LIST} giá trị cho ${what}.`,
      en: `At most ${MAX_LIST} values for ${what}.`,
    });
  return values;
}

export function parseIdPattern(pattern: string | undefined): string | null {
  if (pattern === undefined) return null;
  if (pattern.length === 0 || pattern.length > MAX_ID_PATTERN)
    throw badRequestData({
      vi: `idPattern phải có 1–${MAX_ID_PATTERN} ký tự.`,
      en: `idPattern must have 1–${MAX_ID_PATTERN} characters.`,
    });
  if (!isSafePattern(pattern))
    throw badRequestData({
      vi: 'idPattern không phải biểu thức chính quy hợp lệ (không dùng tham chiếu ngược).',
      en: 'idPattern is not a valid regular expression (back-references are not allowed).',
    });
  return pattern;
}

/** Entity types: a comma list (`|` also means "or"); each expanded. */
export function parseTypes(value: string | undefined, terms: TermMap): string[] | null {
  if (value !== undefined && /[;()]/.test(value))
    throw notSupported({
      vi: 'Chưa hỗ trợ biểu thức kiểu với ; và ngoặc.',
      en: 'Type expressions with ; and parentheses are not supported.',
    });
  const types = boundedList(list(value?.replaceAll('|', ',')), 'type');
  return (
    types?.map((type) => terms.expand(checkName(type, { vi: 'kiểu thực thể', en: 'entity type' }))) ?? null
  );
}

export function parseAttrsList(value: string | string[] | undefined, terms: TermMap): string[] | null {
  const names = Array.isArray(value) ? value : list(value);
  return (
    boundedList(names, 'attrs')?.map((name) =>
      terms.expand(checkName(name, { vi: 'thuộc tính', en: 'attribute' })),
    ) ?? null
  );
}

export function parsePage(query: Record<string, string | undefined>): Page {
  const integer = (name: string, fallback: number) => {
    const raw = query[name];
    if (raw === undefined) return fallback;
    if (!/^\d{1,9}$/.test(raw))
      throw badRequestData({
        vi: `${name} phải là số nguyên không âm.`,
        en: `${name} must be a non-negative integer.`,
      });
    return Number(raw);
  };
  const limit = integer('limit', DEFAULT_LIMIT);
  if (limit > MAX_LIMIT)
    throw new NgsiError('TooManyResults', {
      vi: `limit tối đa là ${MAX_LIMIT}.`,
      en: `limit is at most ${MAX_LIMIT}.`,
    });
  const count = query.count;
  if (count !== undefined && count !== 'true' && count !== 'false')
    throw badRequestData({ vi: 'count phải là true hoặc false.', en: 'count must be true or false.' });
  return { limit, offset: integer('offset', 0), count: count === 'true' };
}

const geoError = (vi: string, en: string) =>
  badRequestData({ vi: `Truy vấn địa lý: ${vi}.`, en: `Geo-query: ${en}.` });

/** georel + geometry + coordinates (+ geoproperty, which can only be `location`). */
export function parseGeoQuery(
  input: { georel?: string; geometry?: string; coordinates?: unknown; geoproperty?: string },
  terms: TermMap,
): GeoQuery | null {
  const { georel, geometry } = input;
  if (georel === undefined && geometry === undefined && input.coordinates === undefined) return null;
  if (!georel || !geometry || input.coordinates === undefined)
    throw geoError('cần đủ georel, geometry và coordinates', 'georel, geometry and coordinates go together');
  if (input.geoproperty !== undefined && terms.expand(input.geoproperty) !== LOCATION)
    throw notSupported({
      vi: 'Truy vấn địa lý chỉ hỗ trợ thuộc tính location.',
      en: 'Geo-queries support the location attribute only.',
    });
  let coordinates = input.coordinates;
  if (typeof coordinates === 'string') {
    try {
      coordinates = JSON.parse(coordinates);
    } catch {
      throw geoError('coordinates phải là JSON', 'coordinates must be JSON');
    }
  }
  const shape = parseGeometry({ type: geometry, coordinates });
  const [relation, ...modifiers] = georel.split(';');
  if (relation === 'near') {
    if (shape.type !== 'Point') throw geoError('near cần geometry Point', 'near needs a Point geometry');
    const modifier = /^(maxDistance|minDistance)==(\d+(\.\d+)?)$/.exec(modifiers.join(';'));
    if (!modifier || modifiers.length !== 1)
      throw geoError(
        'near cần maxDistance==N hoặc minDistance==N (mét)',
        'near needs maxDistance==N or minDistance==N (metres)',
      );
    return {
      georel: 'near',
      bound: modifier[1] === 'maxDistance' ? 'max' : 'min',
      distance: Number(modifier[2]),
      point: shape.coordinates as [number, number],
    };
  }
  if (relation === 'within' && modifiers.length === 0) {
    if (shape.type !== 'Polygon' && shape.type !== 'MultiPolygon')
      throw geoError(
        'within cần geometry Polygon hoặc MultiPolygon',
        'within needs a Polygon or MultiPolygon geometry',
      );
    return { georel: 'within', polygon: shape };
  }
  if (['intersects', 'equals', 'disjoint', 'overlaps', 'contains'].includes(relation ?? ''))
    throw notSupported({ vi: `Chưa hỗ trợ georel ${relation}.`, en: `georel ${relation} is not supported.` });
  throw geoError(`georel ${georel} không hợp lệ`, `invalid georel ${georel}`);
}

const haversine = (lon: number, lat: number) =>
  sql`(2 * ${EARTH_RADIUS_M}::float8 * asin(least(1, sqrt(power(sin(radians(lat - ${lat}::float8) / 2), 2) + cos(radians(${lat}::float8)) * cos(radians(lat)) * power(sin(radians(lon - ${lon}::float8) / 2), 2)))))`;

/** near;maxDistance: a bounding box the index can use, then the exact haversine distance. */
function nearMax(lon: number, lat: number, distance: number): RawBuilder<boolean> {
  const angular = distance / EARTH_RADIUS_M;
  const exact = sql<boolean>`${haversine(lon, lat)} <= ${distance}::float8`;
  if (angular >= Math.PI / 2) return sql<boolean>`(lat is not null and ${exact})`;
  const dLat = (angular * 180) / Math.PI;
  // Margin for rounding: the box must never cut off a point the exact test keeps.
  const margin = 1e-9;
  const latBox = sql`lat between ${lat - dLat - margin}::float8 and ${lat + dLat + margin}::float8`;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  if (Math.sin(angular) >= cosLat) return sql<boolean>`(${latBox} and ${exact})`;
  const dLon = (Math.asin(Math.sin(angular) / cosLat) * 180) / Math.PI;
  if (lon - dLon < -180 || lon + dLon > 180) return sql<boolean>`(${latBox} and ${exact})`;
  return sql<boolean>`(${latBox} and lon between ${lon - dLon - margin}::float8 and ${lon + dLon + margin}::float8 and ${exact})`;
}

/** Point-in-polygon (even-odd rule over every ring) on the entity's point, edges as one jsonb parameter. */
function within(polygon: Geometry): RawBuilder<boolean> {
  const polygons = (
    polygon.type === 'Polygon' ? [polygon.coordinates] : polygon.coordinates
  ) as number[][][][];
  const edges: number[][] = [];
  let minLon = 180;
  let maxLon = -180;
  let minLat = 90;
  let maxLat = -90;
  for (const rings of polygons)
    for (const ring of rings)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i] as [number, number];
        const [x2, y2] = ring[i + 1] as [number, number];
        edges.push([x1, y1, x2, y2]);
        minLon = Math.min(minLon, x1);
        maxLon = Math.max(maxLon, x1);
        minLat = Math.min(minLat, y1);
        maxLat = Math.max(maxLat, y1);
      }
  return sql<boolean>`(lat between ${minLat}::float8 and ${maxLat}::float8 and lon between ${minLon}::float8 and ${maxLon}::float8
    and (select count(*) % 2 = 1 from jsonb_array_elements(${JSON.stringify(edges)}::jsonb) e
      where ((e->>1)::float8 > lat) <> ((e->>3)::float8 > lat)
        and lon < ((e->>2)::float8 - (e->>0)::float8) * (lat - (e->>1)::float8) / ((e->>3)::float8 - (e->>1)::float8) + (e->>0)::float8))`;
}

function geoSql(geo: GeoQuery): RawBuilder<boolean> {
  if (geo.georel === 'within') return within(geo.polygon);
  const [lon, lat] = geo.point;
  if (geo.bound === 'max') return nearMax(lon, lat, geo.distance);
  return sql<boolean>`(lat is not null and ${haversine(lon, lat)} >= ${geo.distance}::float8)`;
}

function selectorSql(selector: EntitySelector): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  if (selector.types) parts.push(sql<boolean>`type in (${sql.join(selector.types)})`);
  if (selector.ids) parts.push(sql<boolean>`id in (${sql.join(selector.ids.map(checkEntityId))})`);
  if (selector.idPattern) parts.push(sql<boolean>`id ~ ${selector.idPattern}`);
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`;
}

/** The SQL condition of a whole query. */
export function querySql(query: EntityQuery): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  if (query.selectors.length)
    parts.push(sql<boolean>`(${sql.join(query.selectors.map(selectorSql), sql` or `)})`);
  if (query.attrs) {
    const stored = query.attrs.filter((name) => name !== LOCATION);
    const either: RawBuilder<boolean>[] = stored.map((name) => sql<boolean>`attrs ? ${name}`);
    if (stored.length !== query.attrs.length) either.push(sql<boolean>`location is not null`);
    parts.push(sql<boolean>`(${sql.join(either, sql` or `)})`);
  }
  if (query.q) parts.push(qToSql(query.q));
  if (query.geo) parts.push(geoSql(query.geo));
  return parts.length ? sql<boolean>`${sql.join(parts, sql` and `)}` : sql<boolean>`true`;
}

export function parseQParam(value: string | undefined, terms: TermMap): QNode | null {
  return value === undefined ? null : parseQ(value, (term) => terms.expand(term));
}
