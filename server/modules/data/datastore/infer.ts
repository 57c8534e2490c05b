import type { FieldType, TableSchema } from './datastore.schema.ts';
import { dateReader, readDatetime } from './fields.ts';

/** Rows read before the types are decided when no schema is given. */
export const SAMPLE_ROWS = 1000;

const INTEGER = /^[+-]?(0|[1-9]\d*)$/;
const NUMBER = /^[+-]?(0|[1-9]\d*)?(\.\d+)?([eE][+-]?\d+)?$/;
const BOOLEAN = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const isoDate = dateReader('default')!;
const vietnameseDate = dateReader('%d/%m/%Y')!;

type Candidate = { type: FieldType; format?: string; accepts: (text: string) => boolean };

/**
 * The narrowest type that every non-empty sample value fits, tried in this order; else `string`.
 * Numbers written with leading zeros (codes, phone and ID numbers such as 001099012345) stay
 * strings. Dates are ISO (2025-07-01) or Vietnamese day/month/year (01/07/2025).
 */
const candidates: Candidate[] = [
  { type: 'integer', accepts: (t) => INTEGER.test(t) && Number.isSafeInteger(Number(t)) },
  { type: 'number', accepts: (t) => NUMBER.test(t) && /\d/.test(t) && Number.isFinite(Number(t)) },
  { type: 'boolean', accepts: (t) => BOOLEAN.has(t) },
  { type: 'date', accepts: (t) => isoDate(t) !== null },
  { type: 'date', format: '%d/%m/%Y', accepts: (t) => vietnameseDate(t) !== null },
  { type: 'datetime', accepts: (t) => readDatetime(t) !== null },
];

/** A Table Schema for the header from a sample of the first rows (see SAMPLE_ROWS). */
export function inferSchema(header: string[], sample: string[][]): TableSchema {
  return {
    fields: header.map((name, column) => {
      const values = sample.map((row) => (row[column] ?? '').trim()).filter((value) => value !== '');
      const fit = values.length ? candidates.find((c) => values.every(c.accepts)) : undefined;
      return fit
        ? { name, type: fit.type, ...(fit.format ? { format: fit.format } : {}) }
        : { name, type: 'string' as const };
    }),
  };
}
