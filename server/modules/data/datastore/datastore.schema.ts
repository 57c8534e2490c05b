import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Actor } from '../../../platform/auth/principal.ts';
import type { Bilingual } from '../../../platform/errors.ts';

/**
 * The DataStore's contract (docs/open-data.md, "Contracts between the parts"): Frictionless Table
 * Schema (the subset the platform supports), validation reports, load status and search.
 */
export const fieldTypes = ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] as const;
export type FieldType = (typeof fieldTypes)[number];

const constraintsSchema = z.strictObject({
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(0).optional(),
  pattern: z
    .string()
    .max(500)
    .refine(
      (pattern) => {
        try {
          new RegExp(pattern, 'u');
          return true;
        } catch {
          return false;
        }
      },
      { message: 'Biểu thức chính quy không hợp lệ / invalid regular expression' },
    )
    .optional(),
  enum: z.array(z.string()).min(1).max(10_000).optional(),
});

export const tableFieldSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  type: z.enum(fieldTypes),
  title: z.string().max(500).optional(),
  description: z.string().max(5000).optional(),
  /** `default`; for dates also `any` and patterns of %d %m %Y (e.g. `%d/%m/%Y`); for datetimes `default` or `any`. */
  format: z.string().max(40).optional(),
  constraints: constraintsSchema.optional(),
});

/** Frictionless Table Schema (subset): strict, so an unknown property is reported, not ignored. */
export const tableSchemaSchema = z
  .strictObject({
    fields: z.array(tableFieldSchema).min(1).max(1000),
    primaryKey: z.array(z.string()).min(1).max(10).optional(),
  })
  .superRefine((schema, ctx) => {
    const names = new Set<string>();
    schema.fields.forEach((field, i) => {
      if (names.has(field.name))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'name'],
          message: `duplicate field "${field.name}"`,
        });
      names.add(field.name);
    });
    for (const [i, key] of (schema.primaryKey ?? []).entries()) {
      if (!names.has(key))
        ctx.addIssue({ code: 'custom', path: ['primaryKey', i], message: `unknown field "${key}"` });
    }
  });

export type TableField = z.infer<typeof tableFieldSchema>;
export type TableSchema = z.infer<typeof tableSchemaSchema>;

export type ValidationIssue = {
  /** `format`: the CSV itself is malformed (an unclosed quote, …). */
  type: 'encoding' | 'format' | 'header' | 'ragged_row' | 'type' | 'constraint' | 'size' | 'empty';
  /** Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row?: number;
  column?: string;
  vi: string;
  en: string;
};

export type ValidationReport = {
  valid: boolean;
  /** Data rows read (all of them when the load succeeded). */
  rows: number;
  issues: ValidationIssue[];
  /** More issues were found than the report keeps. */
  truncated: boolean;
};

export type LoadInput = {
  resourceId: string;
  source: Readable;
  /** Given, or inferred from the first rows (see docs/open-data.md, "DataStore"). */
  schema?: TableSchema;
  maxBytes: number;
  onProgress?: (rows: number, bytes: number) => void;
  /** Who loads; when given, the swap is audited (`data.datastore.load`) in its transaction. */
  actor?: Actor;
  agencyId?: string | null;
};

export type LoadResult =
  | { ok: true; rows: number; schema: TableSchema; report: ValidationReport }
  | { ok: false; report: ValidationReport };

export type LoadState = 'queued' | 'loading' | 'done' | 'failed';

export type LoadStatus = {
  resourceId: string;
  state: LoadState;
  rows: number;
  bytes: number;
  report: ValidationReport | null;
  /** An unexpected failure (not a problem of the file), in both languages. */
  error: Bilingual | null;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
};

export type FilterValue = string | number | boolean | (string | number)[];

export type SearchQuery = {
  resourceId: string;
  filters?: Record<string, FilterValue>;
  /** A phrase matched anywhere in a row's text, accent- and case-insensitively. */
  q?: string;
  fields?: string[];
  /** CKAN style: `name`, `name desc`, `"a, b" asc, c` (known fields and `_id` only). */
  sort?: string;
  limit?: number;
  offset?: number;
  /** Keyset cursor from a previous page's `nextAfter` (same sort). */
  after?: string;
  includeTotal?: boolean;
};

export type SearchResult = {
  /** Without `fields`: `_id` then every field; with `fields`: just those (as CKAN). `type` is the Table Schema type. */
  fields: { id: string; type: string }[];
  records: Record<string, unknown>[];
  total: number | null;
  totalWasEstimated: boolean;
  nextAfter: string | null;
};

export type DatastoreInfo = {
  rows: number;
  schema: TableSchema;
  loadedAt: string;
  /** Fields with an index (primary key, unique and enum fields): cheap to filter on. */
  indexedFields: string[];
  /** The trigram index for `q` is built (on PostgreSQL, large tables get it just after the load). */
  searchIndexed: boolean;
};

export type DatastoreService = {
  /** Streams a CSV into a fresh typed table; the resource's previous table stays until the new one is whole. */
  load(input: LoadInput): Promise<LoadResult>;
  search(query: SearchQuery): Promise<SearchResult>;
  info(resourceId: string): Promise<DatastoreInfo | null>;
  /** The latest load of a resource (any instance's), for progress and its report. */
  loadStatus(resourceId: string): Promise<LoadStatus | null>;
  /** Marks a load as waiting (the portal queues loads as jobs); `load` takes it over. */
  markQueued(resourceId: string): Promise<void>;
  drop(resourceId: string, actor?: Actor): Promise<void>;
};

/** Largest page (CKAN's default `ckan.datastore.search.rows_max`). */
export const MAX_LIMIT = 32_000;
export const DEFAULT_LIMIT = 100;

/** Resource ids are made by the portal; the DataStore accepts only safe ones (they never name a table). */
export const resourceIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/);

/** CKAN's DataStore type names for the Table Schema types (for `datastore_search` fields). */
export const ckanFieldType = (type: string): string =>
  ({ string: 'text', integer: 'int', number: 'float', boolean: 'bool', date: 'date', datetime: 'timestamp' })[
    type
  ] ?? type;
