import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hash of a value's canonical JSON; `null` stays `null` (nothing before a creation, nothing after a deletion). */
export const hashOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : sha256Hex(canonicalJson(value));
