import type { TermMap } from './context.ts';
import { badRequestData, notSupported } from './errors.ts';
import { type Geometry, isGeometryType, parseGeometry } from './geo.ts';

/**
 * Entities in and out of the API. Stored form (urban.entities.attrs): normalized attributes keyed by
 * expanded name, each `{ type, value | object | languageMap, observedAt?, unitCode?, createdAt,
 * modifiedAt, <expanded sub-attribute>: … }`; `location` is kept apart as its GeoJSON geometry.
 * Input may be normalized or concise (a bare value is a Property; `object` makes a Relationship;
 * a GeoJSON geometry a GeoProperty); output is normalized or keyValues, compacted with the request's
 * context.
 */
export const LOCATION = 'https://uri.etsi.org/ngsi-ld/location';

export type StoredAttribute = {
  type: 'Property' | 'Relationship' | 'GeoProperty' | 'LanguageProperty';
  value?: unknown;
  object?: string | string[];
  languageMap?: Record<string, string>;
  observedAt?: string;
  unitCode?: string;
  createdAt?: string;
  modifiedAt?: string;
  [subAttribute: string]: unknown;
};

export type EntityInput = {
  id: string;
  type: string;
  attrs: Record<string, StoredAttribute>;
  /** undefined: not given; the geometry of a `location` GeoProperty otherwise. */
  location?: Geometry;
};

export type StoredEntity = {
  id: string;
  type: string;
  attrs: Record<string, StoredAttribute>;
  location: Geometry | null;
  createdAt: Date;
  modifiedAt: Date;
};

const META_KEYS = new Set([
  'type',
  'value',
  'object',
  'languageMap',
  'observedAt',
  'unitCode',
  'createdAt',
  'modifiedAt',
]);
const ATTRIBUTE_TYPES = new Set(['Property', 'Relationship', 'GeoProperty', 'LanguageProperty']);
const MAX_NAME = 256;
// Names and ids: no characters the query language or URLs give a meaning to (ETSI GS CIM 009, 4.6.2).
const FORBIDDEN_NAME = /[<>"'=;()\s\\[\]|&,]/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
const MAX_DEPTH = 3;

const bad = (vi: string, en: string) => badRequestData({ vi, en });

export function checkEntityId(id: unknown): string {
  if (typeof id !== 'string' || id.length > MAX_NAME || !URI.test(id))
    throw bad(
      `Mã thực thể phải là một URI (tối đa ${MAX_NAME} ký tự).`,
      `An entity id must be a URI (up to ${MAX_NAME} characters).`,
    );
  return id;
}

/** An attribute or type name as given (before expansion). */
export function checkName(name: unknown, what: { vi: string; en: string }): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME || FORBIDDEN_NAME.test(name))
    throw bad(
      `Tên ${what.vi} không hợp lệ: ${String(name).slice(0, 80)}.`,
      `Invalid ${what.en} name: ${String(name).slice(0, 80)}.`,
    );
  return name;
}

export function normalizeDateTime(value: unknown, field: string): string {
  const parsed =
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ? new Date(value)
      : null;
  if (!parsed || Number.isNaN(parsed.getTime()))
    throw bad(
      `${field} phải là thời điểm ISO 8601 có múi giờ.`,
      `${field} must be an ISO 8601 date-time with a time zone.`,
    );
  return parsed.toISOString();
}

const isGeoJson = (value: unknown): boolean =>
  !!value &&
  typeof value === 'object' &&
  isGeometryType((value as { type?: unknown }).type) &&
  'coordinates' in value;

/**
 * One attribute (normalized or concise) to its stored form; `now` stamps createdAt/modifiedAt.
 * `expectGeo` is set for `location`, which must be a GeoProperty.
 */
export function parseAttribute(
  raw: unknown,
  terms: TermMap,
  now: string,
  depth = 0,
  name = '',
): StoredAttribute {
  if (depth > MAX_DEPTH) throw bad('Thuộc tính lồng nhau quá sâu.', 'Attributes are nested too deeply.');
  if (Array.isArray(raw) && raw.some((item) => item && typeof item === 'object' && 'datasetId' in item))
    throw notSupported({
      vi: 'Chưa hỗ trợ nhiều thể hiện (datasetId) của một thuộc tính.',
      en: 'Multi-attributes (datasetId) are not supported.',
    });
  let source: Record<string, unknown>;
  if (raw === null || raw === undefined)
    throw bad(`Thuộc tính ${name} không có giá trị.`, `Attribute ${name} has no value.`);
  if (typeof raw !== 'object' || Array.isArray(raw)) source = { type: 'Property', value: raw };
  else if (isGeoJson(raw)) source = { type: 'GeoProperty', value: raw };
  else {
    source = { ...(raw as Record<string, unknown>) };
    if (source.type === undefined) {
      if ('object' in source) source.type = 'Relationship';
      else if ('languageMap' in source) source.type = 'LanguageProperty';
      else if ('value' in source) source.type = isGeoJson(source.value) ? 'GeoProperty' : 'Property';
      else source = { type: 'Property', value: raw };
    }
  }
  if ('datasetId' in source)
    throw notSupported({
      vi: 'Chưa hỗ trợ nhiều thể hiện (datasetId) của một thuộc tính.',
      en: 'Multi-attributes (datasetId) are not supported.',
    });
  const type = source.type;
  if (typeof type !== 'string' || !ATTRIBUTE_TYPES.has(type))
    throw bad(
      `Kiểu thuộc tính ${name} không được hỗ trợ: ${String(type)}.`,
      `Attribute ${name} has an unsupported type: ${String(type)}.`,
    );
  const out: StoredAttribute = { type: type as StoredAttribute['type'] };
  if (type === 'Property') {
    if (source.value === undefined || source.value === null)
      throw bad(`Thuộc tính ${name} thiếu value.`, `Property ${name} lacks a value.`);
    out.value = source.value;
  } else if (type === 'GeoProperty') {
    out.value = parseGeometry(source.value);
  } else if (type === 'Relationship') {
    const object = source.object;
    const uris = Array.isArray(object) ? object : [object];
    if (uris.length === 0 || !uris.every((uri) => typeof uri === 'string' && URI.test(uri)))
      throw bad(`Quan hệ ${name} phải trỏ tới URI.`, `Relationship ${name} must point to a URI.`);
    out.object = object as string | string[];
  } else {
    const map = source.languageMap;
    if (
      !map ||
      typeof map !== 'object' ||
      Array.isArray(map) ||
      !Object.values(map).every((v) => typeof v === 'string')
    )
      throw bad(
        `languageMap của ${name} phải là đối tượng ngôn ngữ → chuỗi.`,
        `The languageMap of ${name} must map languages to strings.`,
      );
    out.languageMap = map as Record<string, string>;
  }
  if (source.observedAt !== undefined) out.observedAt = normalizeDateTime(source.observedAt, 'observedAt');
  if (source.unitCode !== undefined) {
    if (typeof source.unitCode !== 'string' || source.unitCode.length > 16)
      throw bad('unitCode phải là mã đơn vị UN/CEFACT.', 'unitCode must be a UN/CEFACT unit code.');
    out.unitCode = source.unitCode;
  }
  for (const [key, sub] of Object.entries(source)) {
    if (META_KEYS.has(key) || key === '@context') continue;
    checkName(key, { vi: 'thuộc tính con', en: 'sub-attribute' });
    out[terms.expand(key)] = parseAttribute(sub, terms, now, depth + 1, key);
  }
  out.createdAt = now;
  out.modifiedAt = now;
  return out;
}

/** The attributes of a body (entity or attribute fragment), expanded; id, type and @context skipped. */
export function parseAttributes(
  body: Record<string, unknown>,
  terms: TermMap,
  now: string,
): { attrs: Record<string, StoredAttribute>; location?: Geometry } {
  const attrs: Record<string, StoredAttribute> = {};
  let location: Geometry | undefined;
  for (const [key, raw] of Object.entries(body)) {
    if (key === 'id' || key === 'type' || key === '@context' || key === 'createdAt' || key === 'modifiedAt')
      continue;
    if (key === 'scope') throw notSupported({ vi: 'Chưa hỗ trợ scope.', en: 'Scopes are not supported.' });
    checkName(key, { vi: 'thuộc tính', en: 'attribute' });
    const iri = terms.expand(key);
    const attribute = parseAttribute(raw, terms, now, 0, key);
    if (iri === LOCATION) {
      if (attribute.type !== 'GeoProperty')
        throw bad('location phải là một GeoProperty.', 'location must be a GeoProperty.');
      location = attribute.value as Geometry;
      continue;
    }
    attrs[iri] = attribute;
  }
  return { attrs, ...(location ? { location } : {}) };
}

export function asObject(body: unknown, what = { vi: 'Nội dung', en: 'The body' }): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw bad(`${what.vi} phải là một đối tượng JSON.`, `${what.en} must be a JSON object.`);
  return body as Record<string, unknown>;
}

/** A whole entity of a create, upsert or update body. */
export function parseEntity(body: unknown, terms: TermMap, now: string): EntityInput {
  const source = asObject(body, { vi: 'Thực thể', en: 'An entity' });
  const id = checkEntityId(source.id);
  let type = source.type;
  if (Array.isArray(type) && type.length === 1) type = type[0];
  if (Array.isArray(type))
    throw notSupported({
      vi: 'Chưa hỗ trợ thực thể nhiều kiểu.',
      en: 'Entities with several types are not supported.',
    });
  checkName(type, { vi: 'kiểu thực thể', en: 'entity type' });
  return { id, type: terms.expand(type as string), ...parseAttributes(source, terms, now) };
}

export type RenderOptions = {
  terms: TermMap;
  keyValues: boolean;
  sysAttrs: boolean;
  /** Expanded names to keep; null keeps all. */
  attrs: Set<string> | null;
};

function renderAttribute(attribute: StoredAttribute, options: RenderOptions): unknown {
  if (options.keyValues) {
    if (attribute.type === 'Relationship') return attribute.object;
    if (attribute.type === 'LanguageProperty') return attribute.languageMap;
    return attribute.value;
  }
  const out: Record<string, unknown> = { type: attribute.type };
  for (const [key, item] of Object.entries(attribute)) {
    if (key === 'type') continue;
    if (key === 'createdAt' || key === 'modifiedAt') {
      if (options.sysAttrs) out[key] = item;
      continue;
    }
    if (META_KEYS.has(key)) out[key] = item;
    else
      out[options.terms.compact(key)] = renderAttribute(item as StoredAttribute, { ...options, attrs: null });
  }
  return out;
}

/** An entity as the API answers it (without @context; the caller adds it or a Link header). */
export function renderEntity(entity: StoredEntity, options: RenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { id: entity.id, type: options.terms.compact(entity.type) };
  if (options.sysAttrs && !options.keyValues) {
    out.createdAt = entity.createdAt.toISOString();
    out.modifiedAt = entity.modifiedAt.toISOString();
  }
  const keep = (iri: string) => !options.attrs || options.attrs.has(iri);
  for (const [iri, attribute] of Object.entries(entity.attrs)) {
    if (keep(iri)) out[options.terms.compact(iri)] = renderAttribute(attribute, options);
  }
  if (entity.location && keep(LOCATION)) {
    out[options.terms.compact(LOCATION)] = options.keyValues
      ? entity.location
      : { type: 'GeoProperty', value: entity.location };
  }
  return out;
}
