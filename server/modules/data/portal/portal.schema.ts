import { z } from 'zod';
import { frequencyCodes, licenceIds, themeCodes } from './vocabularies.ts';

/** Requests and answers of the portal's own API (`/api/data/portal/*`), shared with the web app. */
const bilingual = z.object({ vi: z.string(), en: z.string() });
export const datasetName = z
  .string()
  .min(2)
  .max(100)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'Chỉ chữ thường không dấu, số, - và _ / Lower-case letters, digits, - and _ only',
  );
const unitId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);
const keyword = z.string().trim().min(1).max(100);
const isoDate = z.iso.date();

export const tableSchemaInput = z.strictObject({
  fields: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(63),
        type: z.enum(['string', 'integer', 'number', 'boolean', 'date', 'datetime']),
        title: z.string().max(200).optional(),
        description: z.string().max(2000).optional(),
        format: z.string().max(50).optional(),
        constraints: z
          .strictObject({
            required: z.boolean().optional(),
            unique: z.boolean().optional(),
            minimum: z.number().optional(),
            maximum: z.number().optional(),
            minLength: z.number().int().min(0).optional(),
            maxLength: z.number().int().min(0).optional(),
            pattern: z.string().max(500).optional(),
            enum: z.array(z.string().max(500)).max(1000).optional(),
          })
          .optional(),
      }),
    )
    .min(1)
    .max(500),
  primaryKey: z.array(z.string().min(1).max(63)).max(10).optional(),
});

const datasetFields = {
  name: datasetName,
  titleVi: z.string().trim().min(3).max(300),
  titleEn: z.string().trim().max(300).nullable().optional(),
  descriptionVi: z.string().trim().min(1).max(20_000),
  descriptionEn: z.string().trim().max(20_000).nullable().optional(),
  organizationId: unitId,
  contactName: z.string().trim().max(200).nullable().optional(),
  contactEmail: z.email().max(200).nullable().optional(),
  keywords: z.array(keyword).max(50).default([]),
  themes: z.array(z.enum(themeCodes)).max(13).default([]),
  licenseId: z.enum(licenceIds).default('CC-BY-4.0'),
  temporalStart: isoDate.nullable().optional(),
  temporalEnd: isoDate.nullable().optional(),
  spatialUnitIds: z.array(unitId).max(200).default([]),
  frequency: z.enum(frequencyCodes).default('UNKNOWN'),
  private: z.boolean().default(false),
};
export const datasetInput = z.strictObject(datasetFields);
export type DatasetInput = z.input<typeof datasetInput>;
export type DatasetFields = z.output<typeof datasetInput>;

export const datasetPatch = z.strictObject({
  name: datasetName.optional(),
  titleVi: datasetFields.titleVi.optional(),
  titleEn: datasetFields.titleEn,
  descriptionVi: datasetFields.descriptionVi.optional(),
  descriptionEn: datasetFields.descriptionEn,
  organizationId: unitId.optional(),
  contactName: datasetFields.contactName,
  contactEmail: datasetFields.contactEmail,
  keywords: z.array(keyword).max(50).optional(),
  themes: z.array(z.enum(themeCodes)).max(13).optional(),
  licenseId: z.enum(licenceIds).optional(),
  temporalStart: datasetFields.temporalStart,
  temporalEnd: datasetFields.temporalEnd,
  spatialUnitIds: z.array(unitId).max(200).optional(),
  frequency: z.enum(frequencyCodes).optional(),
  private: z.boolean().optional(),
});
export type DatasetPatch = z.output<typeof datasetPatch>;

export const refreshSchedules = ['none', 'daily', 'weekly', 'monthly'] as const;
export const linkResourceInput = z.strictObject({
  name: z.string().trim().min(1).max(300),
  description: z.string().trim().max(5000).nullable().optional(),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  format: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9.+-]+$/),
  licenseId: z.enum(licenceIds).nullable().optional(),
  schema: tableSchemaInput.nullable().optional(),
  refresh: z.enum(refreshSchedules).default('weekly'),
});
export type LinkResourceInput = z.output<typeof linkResourceInput>;

export const resourcePatch = z.strictObject({
  name: z.string().trim().min(1).max(300).optional(),
  description: z.string().trim().max(5000).nullable().optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  format: linkResourceInput.shape.format.optional(),
  licenseId: z.enum(licenceIds).nullable().optional(),
  schema: tableSchemaInput.nullable().optional(),
  refresh: z.enum(refreshSchedules).optional(),
});
export type ResourcePatch = z.output<typeof resourcePatch>;

/** Fields of a multipart upload besides the file (the schema as JSON text). */
export const uploadFields = z.strictObject({
  name: z.string().trim().min(1).max(300).optional(),
  description: z.string().trim().max(5000).optional(),
  licenseId: z.enum(licenceIds).optional(),
  schema: z.string().max(200_000).optional(),
});

const issue = z.object({
  type: z.string(),
  row: z.number().optional(),
  column: z.string().optional(),
  vi: z.string(),
  en: z.string(),
});
export const validationReportSchema = z.object({
  valid: z.boolean(),
  rows: z.number(),
  issues: z.array(issue),
  truncated: z.boolean(),
});

export const qualitySchema = z.object({
  score: z.number().int().min(0).max(100),
  criteria: z.array(
    z.object({
      code: z.string(),
      label: bilingual,
      points: z.number(),
      max: z.number(),
      met: z.boolean(),
      reason: bilingual,
    }),
  ),
});

export const resourceView = z.object({
  id: z.string(),
  datasetId: z.string(),
  position: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  format: z.string(),
  kind: z.enum(['upload', 'link']),
  url: z.string().describe('Địa chỉ tải về / Download address'),
  sourceUrl: z
    .string()
    .nullable()
    .describe('Liên kết gốc (tài nguyên liên kết) / Original link (linked resources)'),
  mediaType: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  sha256: z.string().nullable(),
  licenseId: z.string().nullable(),
  schema: tableSchemaInput.nullable(),
  schemaSource: z.enum(['publisher', 'inferred']).nullable(),
  validation: validationReportSchema.nullable(),
  datastoreActive: z.boolean(),
  rows: z.number().nullable(),
  refresh: z.enum(refreshSchedules),
  lastCheck: z
    .object({ at: z.string(), ok: z.boolean(), status: z.number().nullable(), detail: z.string().nullable() })
    .nullable(),
  createdAt: z.string(),
  modifiedAt: z.string(),
});
export type ResourceView = z.infer<typeof resourceView>;

export const organizationRef = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  kind: z.string(),
  validTo: z.string().nullable(),
});

export const datasetView = z.object({
  id: z.string(),
  name: z.string(),
  titleVi: z.string(),
  titleEn: z.string().nullable(),
  descriptionVi: z.string(),
  descriptionEn: z.string().nullable(),
  organization: organizationRef,
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  keywords: z.array(z.string()),
  themes: z.array(z.object({ code: z.string(), vi: z.string(), en: z.string(), uri: z.string() })),
  licenseId: z.string(),
  licence: z.object({ id: z.string(), title: z.string(), url: z.string(), open: z.boolean() }),
  temporalStart: z.string().nullable(),
  temporalEnd: z.string().nullable(),
  spatialUnitIds: z.array(z.string()),
  frequency: z.string(),
  issued: z.string().nullable(),
  modified: z.string(),
  metadataCreated: z.string(),
  metadataModified: z.string(),
  private: z.boolean(),
  demo: z.boolean(),
  state: z.enum(['active', 'deleted']),
  version: z.number(),
  resources: z.array(resourceView),
  quality: qualitySchema,
  counters: z.object({ downloads: z.number(), apiCalls: z.number() }),
  canEdit: z.boolean(),
});
export type DatasetView = z.infer<typeof datasetView>;

const csvList = (max: number) =>
  z
    .string()
    .max(2000)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
        .slice(0, max),
    );

export const searchQuery = z.strictObject({
  q: z.string().max(500).optional(),
  organization: csvList(50).optional(),
  group: csvList(13).optional(),
  tag: csvList(50).optional(),
  format: csvList(20).optional(),
  license: csvList(20).optional(),
  sort: z.enum(['relevance', 'modified', 'name', 'title', 'created', 'quality']).default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  includePrivate: z.enum(['true', 'false']).optional(),
});

const facetItem = z.object({ name: z.string(), vi: z.string(), en: z.string(), count: z.number() });
export const searchResult = z.object({
  count: z.number(),
  results: z.array(datasetView),
  facets: z.object({
    organization: z.array(facetItem),
    groups: z.array(facetItem),
    tags: z.array(facetItem),
    res_format: z.array(facetItem),
    license_id: z.array(facetItem),
  }),
});

export const versionSummary = z.object({
  version: z.number(),
  changedAt: z.string(),
  changedBy: z.string().nullable(),
  action: z.string(),
  current: z.boolean(),
});
