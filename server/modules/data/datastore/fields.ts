import { foldVietnamese } from '../../../platform/text.ts';
import type { FieldType, TableField, TableSchema } from './datastore.schema.ts';

/**
 * Reading one cell of a CSV as its Table Schema type, and checking the field's constraints. A
 * converter returns the typed value (null for an empty cell) or a problem in both languages.
 */
export type CellValue = string | number | boolean | null;
export type Problem = { kind: 'type' | 'constraint'; vi: string; en: string };
export type Converter = (raw: string) => CellValue | Problem;

export const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'kind' in value;

export const sqlTypes: Record<FieldType, string> = {
  string: 'text',
  integer: 'bigint',
  number: 'double precision',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
};

const typeNames: Record<FieldType, { vi: string; en: string }> = {
  string: { vi: 'chuỗi', en: 'a string' },
  integer: { vi: 'số nguyên', en: 'an integer' },
  number: { vi: 'số', en: 'a number' },
  boolean: { vi: 'giá trị đúng/sai', en: 'a boolean' },
  date: { vi: 'ngày', en: 'a date' },
  datetime: { vi: 'ngày giờ', en: 'a date-time' },
};

const ASCII = /^[\x20-\x7e]*$/;
/** NFC, the form Vietnamese text is stored and searched in (decomposed input is recomposed). */
export const nfc = (text: string) => (ASCII.test(text) ? text : text.normalize('NFC'));

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_VALUES = new Set(['true', 'True', 'TRUE', '1']);
const FALSE_VALUES = new Set(['false', 'False', 'FALSE', '0']);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function calendarDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999) return null;
  if (day > (month === 2 && leap(year) ? 29 : DAYS[month - 1]!)) return null;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** `%d/%m/%Y`-style patterns (only %d %m %Y and literal separators) as a reader of dates. */
function datePattern(format: string): ((text: string) => string | null) | null {
  const order: ('d' | 'm' | 'Y')[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const char = format[i]!;
    if (char === '%') {
      const code = format[++i];
      if (code !== 'd' && code !== 'm' && code !== 'Y') return null;
      order.push(code);
      source += code === 'Y' ? '(\\d{4})' : '(\\d{1,2})';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  if (order.length !== 3 || new Set(order).size !== 3) return null;
  const pattern = new RegExp(`^${source}$`);
  return (text) => {
    const match = pattern.exec(text);
    if (!match) return null;
    const part = (code: 'd' | 'm' | 'Y') => Number(match[order.indexOf(code) + 1]);
    return calendarDate(part('Y'), part('m'), part('d'));
  };
}

const isoDate = (text: string) => {
  if (!ISO_DATE.test(text)) return null;
  return calendarDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)))
    ? text
    : null;
};
const dayMonthYear = datePattern('%d/%m/%Y')!;

/** A date reader for a field's `format`; null when the format is not supported. */
export function dateReader(format: string | undefined): ((text: string) => string | null) | null {
  if (!format || format === 'default') return isoDate;
  if (format === 'any') return (text) => isoDate(text) ?? dayMonthYear(text);
  return datePattern(format);
}

/**
 * ISO 8601 date-times; without a zone the time is Vietnam's (UTC+07:00, no daylight saving), the
 * zone of the city's data. `any` also accepts a space between date and time (the default too: it
 * is what spreadsheets write).
 */
export function readDatetime(text: string): string | null {
  const match = ISO_DATETIME.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  if (!calendarDate(Number(y), Number(mo), Number(d))) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const offset = !zone
    ? '+07:00'
    : zone === 'Z'
      ? 'Z'
      : zone.includes(':')
        ? zone
        : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${(fraction ?? '').slice(0, 4)}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A reader of the field's type, before constraints; null for an unsupported `format`. */
function typeReader(field: TableField): ((text: string) => CellValue | undefined) | null {
  switch (field.type) {
    case 'string':
      return nfc;
    case 'integer':
      return (text) => {
        let t = text;
        if (!INTEGER.test(t)) {
          t = text.trim();
          if (t === text || !INTEGER.test(t)) return undefined;
        }
        const value = Number(t);
        return Number.isSafeInteger(value) ? value : undefined;
      };
    case 'number':
      return (text) => {
        let t = text;
        if (!NUMBER.test(t)) {
          t = text.trim();
          if (t === text || !NUMBER.test(t)) return undefined;
        }
        const value = Number(t);
        return Number.isFinite(value) ? value : undefined;
      };
    case 'boolean':
      return (text) => {
        const t = text.trim();
        return TRUE_VALUES.has(t) ? true : FALSE_VALUES.has(t) ? false : undefined;
      };
    case 'date': {
      const read = dateReader(field.format);
      return read ? (text) => read(text) ?? read(text.trim()) ?? undefined : null;
    }
    case 'datetime':
      if (field.format && field.format !== 'default' && field.format !== 'any') return null;
      return (text) => readDatetime(text.trim()) ?? undefined;
  }
}

/** A schema problem the Zod shape cannot see (an unsupported format); null when the schema is usable. */
export function schemaProblem(schema: TableSchema): { field: string; vi: string; en: string } | null {
  for (const field of schema.fields) {
    if (!typeReader(field)) {
      return {
        field: field.name,
        vi: `Trường "${field.name}": định dạng "${field.format}" không được hỗ trợ (ngày: default, any hoặc mẫu gồm %d %m %Y; ngày giờ: default, any).`,
        en: `Field "${field.name}": format "${field.format}" is not supported (dates: default, any or a pattern of %d %m %Y; date-times: default, any).`,
      };
    }
  }
  return null;
}

/** The converter of one field: type, then required, length, range, pattern and enum. */
export function converterFor(field: TableField, required: boolean): Converter {
  const read = typeReader(field)!;
  const c = field.constraints ?? {};
  const name = field.name;
  const pattern = c.pattern === undefined ? null : new RegExp(`^(?:${c.pattern})$`, 'u');
  const allowed = c.enum ? new Set(c.enum.map((value) => String(read(value)))) : null;
  const numeric = field.type === 'integer' || field.type === 'number';
  const typeName = typeNames[field.type];
  const typeProblem = (raw: string): Problem => ({
    kind: 'type',
    vi: `Giá trị "${clip(raw)}" của cột "${name}" không phải ${typeName.vi}.`,
    en: `Value "${clip(raw)}" in column "${name}" is not ${typeName.en}.`,
  });
  const requiredProblem: Problem = {
    kind: 'constraint',
    vi: `Cột "${name}" bắt buộc có giá trị.`,
    en: `Column "${name}" is required.`,
  };
  const mustHave = required || c.required === true;
  if (Object.keys(c).every((key) => key === 'required' || key === 'unique')) {
    // The common case, kept small: type only.
    return (raw) => {
      if (raw === '') return mustHave ? requiredProblem : null;
      const value = read(raw);
      return value === undefined || value === null ? typeProblem(raw) : value;
    };
  }
  return (raw) => {
    if (raw === '') return mustHave ? requiredProblem : null;
    const value = read(raw);
    if (value === undefined || value === null) return typeProblem(raw);
    if (typeof value === 'string' && field.type === 'string') {
      if (c.minLength !== undefined && value.length < c.minLength)
        return bound(name, raw, `ít hơn ${c.minLength} ký tự`, `is shorter than ${c.minLength} characters`);
      if (c.maxLength !== undefined && value.length > c.maxLength)
        return bound(name, raw, `dài hơn ${c.maxLength} ký tự`, `is longer than ${c.maxLength} characters`);
    }
    if (numeric && typeof value === 'number') {
      if (c.minimum !== undefined && value < c.minimum)
        return bound(
          name,
          raw,
          `nhỏ hơn giá trị tối thiểu ${c.minimum}`,
          `is below the minimum ${c.minimum}`,
        );
      if (c.maximum !== undefined && value > c.maximum)
        return bound(name, raw, `lớn hơn giá trị tối đa ${c.maximum}`, `is above the maximum ${c.maximum}`);
    }
    if (pattern && !pattern.test(field.type === 'string' ? (value as string) : raw.trim()))
      return bound(name, raw, `không khớp mẫu ${c.pattern}`, `does not match the pattern ${c.pattern}`);
    if (allowed && !allowed.has(String(value)))
      return bound(name, raw, 'không thuộc danh sách giá trị cho phép', 'is not one of the allowed values');
    return value;
  };
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
const bound = (name: string, raw: string, vi: string, en: string): Problem => ({
  kind: 'constraint',
  vi: `Giá trị "${clip(raw)}" của cột "${name}" ${vi}.`,
  en: `Value "${clip(raw)}" in column "${name}" ${en}.`,
});

// PostgreSQL system columns cannot be user columns; the DataStore's own start with "_".
const RESERVED = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid', 'oid']);

/**
 * Column names for the fields: folded to [a-z0-9_] (Vietnamese letters lose their marks), at most
 * 50 characters, never starting with a digit or "_", unique. Always quoted in SQL all the same.
 */
export function columnNames(fields: { name: string }[]): string[] {
  const used = new Set<string>();
  return fields.map((field) => {
    let base = foldVietnamese(field.name)
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 50);
    if (!base || /^\d/.test(base) || RESERVED.has(base)) base = `c_${base}`.replace(/_+$/, '');
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}
