import type { Bilingual } from '../../../platform/errors.ts';
import { compilePattern } from './constraints.ts';
import type { Constraints, ItemType } from './dictionary.schema.ts';
import { geometryTypes } from './dictionary.schema.ts';

/**
 * Does a value satisfy a data item? The same rules as the item's JSON Schema (json-schema.ts), so
 * a form checked here and a payload checked against the published schema agree; the tests hold
 * the two to each other. Answers the first problem in Vietnamese and English, or null.
 */
export type ValueRules = {
  nameVi: string;
  nameEn: string;
  type: ItemType;
  constraints: Constraints;
};

export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
export const DATETIME_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';
export const COMMUNE_CODE_PATTERN = '^[0-9]{5}$';
export const PROVINCE_CODE_PATTERN = '^[0-9]{2}$';
export const FILE_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
export const SHA256_PATTERN = '^[0-9a-f]{64}$';
export const ADDRESS_DETAIL_MAX = 300;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A real calendar day: 2023-02-29 is not one. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function isDateTime(text: string): boolean {
  if (!new RegExp(DATETIME_PATTERN).test(text) || !isCalendarDate(text)) return false;
  const [hour, minute, second] = text.slice(11, 19).split(':').map(Number) as [number, number, number];
  const offset = /([+-])([0-9]{2}):([0-9]{2})$/.exec(text);
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return false;
  return hour <= 23 && minute <= 59 && second <= 59;
}

const isPosition = (value: unknown) =>
  Array.isArray(value) &&
  value.length >= 2 &&
  value.length <= 3 &&
  value.every((n) => typeof n === 'number' && Number.isFinite(n));
const isLine = (value: unknown, min: number) =>
  Array.isArray(value) && value.length >= min && value.every(isPosition);
const isRings = (value: unknown) => Array.isArray(value) && value.every((ring) => isLine(ring, 4));

function geometryShapeOk(type: string, coordinates: unknown): boolean {
  switch (type) {
    case 'Point':
      return isPosition(coordinates);
    case 'MultiPoint':
      return isLine(coordinates, 0);
    case 'LineString':
      return isLine(coordinates, 2);
    case 'MultiLineString':
      return Array.isArray(coordinates) && coordinates.every((line) => isLine(line, 2));
    case 'Polygon':
      return isRings(coordinates);
    case 'MultiPolygon':
      return Array.isArray(coordinates) && coordinates.every(isRings);
    default:
      return false;
  }
}

const onlyKeys = (value: Record<string, unknown>, keys: string[]) =>
  Object.keys(value).every((key) => keys.includes(key));

export function checkValue(rules: ValueRules, value: unknown, codes: Set<string> | null): Bilingual | null {
  const name = { vi: `«${rules.nameVi}»`, en: `"${rules.nameEn}"` };
  const fail = (vi: string, en: string): Bilingual => ({ vi: `${name.vi}: ${vi}`, en: `${name.en}: ${en}` });
  const c = rules.constraints;
  switch (rules.type) {
    case 'string': {
      if (typeof value !== 'string') return fail('cần một chuỗi ký tự.', 'must be text.');
      const length = [...value].length;
      if (c.minLength !== undefined && length < c.minLength)
        return fail(`cần ít nhất ${c.minLength} ký tự.`, `needs at least ${c.minLength} characters.`);
      if (c.maxLength !== undefined && length > c.maxLength)
        return fail(`tối đa ${c.maxLength} ký tự.`, `takes at most ${c.maxLength} characters.`);
      if (c.pattern !== undefined && !compilePattern(c.pattern)?.test(value))
        return fail('không đúng định dạng quy định.', 'does not have the required format.');
      return null;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail('cần một số.', 'must be a number.');
      if (rules.type === 'integer' && !Number.isInteger(value))
        return fail('cần một số nguyên.', 'must be a whole number.');
      if (c.minimum !== undefined && value < c.minimum)
        return fail(`không được nhỏ hơn ${c.minimum}.`, `must not be less than ${c.minimum}.`);
      if (c.maximum !== undefined && value > c.maximum)
        return fail(`không được lớn hơn ${c.maximum}.`, `must not be greater than ${c.maximum}.`);
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : fail('cần giá trị đúng/sai.', 'must be true or false.');
    case 'date':
      return typeof value === 'string' && new RegExp(DATE_PATTERN).test(value) && isCalendarDate(value)
        ? null
        : fail('cần một ngày dạng YYYY-MM-DD.', 'must be a date as YYYY-MM-DD.');
    case 'datetime':
      return typeof value === 'string' && isDateTime(value)
        ? null
        : fail(
            'cần thời điểm theo RFC 3339 có múi giờ, ví dụ 2025-07-01T08:00:00+07:00.',
            'must be an RFC 3339 date-time with an offset, e.g. 2025-07-01T08:00:00+07:00.',
          );
    case 'code':
      if (typeof value !== 'string')
        return fail('cần một mã trong danh mục.', 'must be a code from the list.');
      return codes?.has(value)
        ? null
        : fail(`mã «${value}» không có trong danh mục.`, `the code "${value}" is not in the list.`);
    case 'address': {
      const ok =
        isObject(value) &&
        onlyKeys(value, ['detail', 'communeCode', 'provinceCode']) &&
        typeof value.detail === 'string' &&
        [...value.detail].length >= 1 &&
        [...value.detail].length <= ADDRESS_DETAIL_MAX &&
        typeof value.communeCode === 'string' &&
        new RegExp(COMMUNE_CODE_PATTERN).test(value.communeCode) &&
        typeof value.provinceCode === 'string' &&
        new RegExp(PROVINCE_CODE_PATTERN).test(value.provinceCode);
      return ok
        ? null
        : fail(
            'cần địa chỉ { detail, communeCode (5 chữ số), provinceCode (2 chữ số) }.',
            'must be an address { detail, communeCode (5 digits), provinceCode (2 digits) }.',
          );
    }
    case 'geometry': {
      const permitted: readonly string[] = c.geometryTypes ?? geometryTypes;
      const bboxOk =
        value === null ||
        !isObject(value) ||
        value.bbox === undefined ||
        (Array.isArray(value.bbox) && value.bbox.every((n) => typeof n === 'number' && Number.isFinite(n)));
      if (
        !isObject(value) ||
        typeof value.type !== 'string' ||
        !onlyKeys(value, ['type', 'coordinates', 'bbox']) ||
        !bboxOk
      )
        return fail('cần một đối tượng hình học GeoJSON.', 'must be a GeoJSON geometry object.');
      if (!permitted.includes(value.type))
        return fail(
          `chỉ nhận hình học kiểu ${permitted.join(', ')}.`,
          `takes only geometries of type ${permitted.join(', ')}.`,
        );
      return geometryShapeOk(value.type, value.coordinates)
        ? null
        : fail('tọa độ không đúng cấu trúc GeoJSON.', 'the coordinates do not have the GeoJSON structure.');
    }
    case 'file': {
      if (
        !isObject(value) ||
        !onlyKeys(value, ['fileId', 'mediaType', 'bytes', 'sha256']) ||
        typeof value.fileId !== 'string' ||
        !new RegExp(FILE_ID_PATTERN).test(value.fileId) ||
        typeof value.mediaType !== 'string' ||
        typeof value.bytes !== 'number' ||
        !Number.isInteger(value.bytes) ||
        value.bytes < 0 ||
        (value.sha256 !== undefined &&
          (typeof value.sha256 !== 'string' || !new RegExp(SHA256_PATTERN).test(value.sha256)))
      )
        return fail(
          'cần tham chiếu tệp { fileId, mediaType, bytes, sha256? }.',
          'must be a file reference { fileId, mediaType, bytes, sha256? }.',
        );
      if (c.mediaTypes && !c.mediaTypes.includes(value.mediaType))
        return fail(
          `chỉ nhận tệp ${c.mediaTypes.join(', ')}.`,
          `takes only ${c.mediaTypes.join(', ')} files.`,
        );
      if (c.maxBytes !== undefined && value.bytes > c.maxBytes)
        return fail(`tệp tối đa ${c.maxBytes} byte.`, `the file may have at most ${c.maxBytes} bytes.`);
      return null;
    }
  }
}
