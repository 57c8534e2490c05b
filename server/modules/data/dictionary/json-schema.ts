import type { CodeListValue, Constraints, DataItem } from './dictionary.schema.ts';
import { geometryTypes } from './dictionary.schema.ts';
import {
  ADDRESS_DETAIL_MAX,
  COMMUNE_CODE_PATTERN,
  DATE_PATTERN,
  DATETIME_PATTERN,
  FILE_ID_PATTERN,
  PROVINCE_CODE_PATTERN,
  SHA256_PATTERN,
} from './values.ts';

/**
 * The dictionary as JSON Schema 2020-12: one `$defs` entry per item (the key is the item code) and
 * one per code list used (`code-list.<code>`: a hyphen never occurs in an item code, so the two
 * never collide). Item metadata the vocabulary has no word for travels in the `x-dataItem`
 * annotation keyword. The rules mirror `checkValue` (values.ts).
 */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const DATA_ITEM_KEYWORD = 'x-dataItem';

type Schema = Record<string, unknown>;

const codeListKey = (code: string) => `code-list.${code}`;

export function codeListSchema(code: string, values: CodeListValue[], at: string | null): Schema {
  return {
    title: `Danh mục ${code} / Code list ${code}`,
    ...(at
      ? { $comment: `Danh mục động, giá trị hiệu lực ngày ${at} / Dynamic list, values valid on ${at}` }
      : {}),
    type: 'string',
    oneOf: values.map((value) => ({ const: value.code, title: `${value.labelVi} / ${value.labelEn}` })),
  };
}

const position = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 3 };
const line = (minItems: number) => ({ type: 'array', items: position, minItems });
const rings = { type: 'array', items: line(4) };
const coordinatesOf: Record<(typeof geometryTypes)[number], Schema> = {
  Point: position,
  MultiPoint: line(0),
  LineString: line(2),
  MultiLineString: { type: 'array', items: line(2) },
  Polygon: rings,
  MultiPolygon: { type: 'array', items: rings },
};

function valueSchema(item: Pick<DataItem, 'type' | 'codeList'>, c: Constraints): Schema {
  switch (item.type) {
    case 'string':
      return {
        type: 'string',
        ...(c.minLength !== undefined ? { minLength: c.minLength } : {}),
        ...(c.maxLength !== undefined ? { maxLength: c.maxLength } : {}),
        ...(c.pattern !== undefined ? { pattern: c.pattern } : {}),
      };
    case 'integer':
    case 'number':
      return {
        type: item.type,
        ...(c.minimum !== undefined ? { minimum: c.minimum } : {}),
        ...(c.maximum !== undefined ? { maximum: c.maximum } : {}),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date', pattern: DATE_PATTERN };
    case 'datetime':
      return { type: 'string', format: 'date-time', pattern: DATETIME_PATTERN };
    case 'code':
      return { $ref: `#/$defs/${codeListKey(item.codeList!)}` };
    case 'address':
      return {
        type: 'object',
        properties: {
          detail: {
            type: 'string',
            minLength: 1,
            maxLength: ADDRESS_DETAIL_MAX,
            description: 'Số nhà, đường, tổ, thôn / House number, street, group or hamlet',
          },
          communeCode: {
            type: 'string',
            pattern: COMMUNE_CODE_PATTERN,
            description: 'Mã xã, phường / Commune or ward code',
          },
          provinceCode: {
            type: 'string',
            pattern: PROVINCE_CODE_PATTERN,
            description: 'Mã tỉnh, thành phố / Province or city code',
          },
        },
        required: ['detail', 'communeCode', 'provinceCode'],
        additionalProperties: false,
      };
    case 'geometry': {
      const permitted = c.geometryTypes ?? [...geometryTypes];
      return {
        type: 'object',
        required: ['type', 'coordinates'],
        properties: {
          type: { enum: permitted },
          coordinates: {},
          bbox: { type: 'array', items: { type: 'number' } },
        },
        additionalProperties: false,
        oneOf: permitted.map((type) => ({
          properties: { type: { const: type }, coordinates: coordinatesOf[type] },
        })),
      };
    }
    case 'file':
      return {
        type: 'object',
        properties: {
          fileId: { type: 'string', pattern: FILE_ID_PATTERN },
          mediaType: c.mediaTypes ? { enum: c.mediaTypes } : { type: 'string' },
          bytes: {
            type: 'integer',
            minimum: 0,
            ...(c.maxBytes !== undefined ? { maximum: c.maxBytes } : {}),
          },
          sha256: { type: 'string', pattern: SHA256_PATTERN },
        },
        required: ['fileId', 'mediaType', 'bytes'],
        additionalProperties: false,
      };
  }
}

/** One item's schema (without `$schema`): its value rules with title, description and metadata. */
export function itemSchema(item: DataItem): Schema {
  const description = [item.descriptionVi, item.descriptionEn].filter(Boolean).join(' / ');
  return {
    title: `${item.nameVi} / ${item.nameEn}`,
    ...(description ? { description } : {}),
    ...valueSchema(item, item.constraints),
    ...(item.status === 'deprecated' ? { deprecated: true } : {}),
    [DATA_ITEM_KEYWORD]: {
      code: item.code,
      version: item.version,
      status: item.status,
      sensitivity: item.sensitivity,
      verificationClass: item.verificationClass,
      source: item.source,
      codeList: item.codeList,
      replacedBy: item.replacedBy,
    },
  };
}

export type CodeListLookup = (code: string) => { values: CodeListValue[]; at: string | null };

function codeListDefs(items: DataItem[], lookup: CodeListLookup): Record<string, Schema> {
  const defs: Record<string, Schema> = {};
  for (const item of items) {
    if (item.codeList && !defs[codeListKey(item.codeList)]) {
      const { values, at } = lookup(item.codeList);
      defs[codeListKey(item.codeList)] = codeListSchema(item.codeList, values, at);
    }
  }
  return defs;
}

/** The whole dictionary: every current item under `$defs`. */
export function dictionaryDocument(id: string, items: DataItem[], lookup: CodeListLookup): Schema {
  const defs: Record<string, Schema> = {};
  for (const item of items) defs[item.code] = itemSchema(item);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: id,
    title: 'Từ điển mục dữ liệu của thành phố Hà Nội / Hanoi data-item dictionary',
    description:
      'Mỗi mục dữ liệu là một khóa trong $defs; tham chiếu bằng #/$defs/<mã mục>. / Each data item is a key of $defs; refer to it as #/$defs/<item code>.',
    $defs: { ...defs, ...codeListDefs(items, lookup) },
  };
}

/** One item as a standalone document, its code list (if any) under its own `$defs`. */
export function itemDocument(id: string, item: DataItem, lookup: CodeListLookup): Schema {
  const defs = codeListDefs([item], lookup);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: id,
    ...itemSchema(item),
    ...(Object.keys(defs).length ? { $defs: defs } : {}),
  };
}
