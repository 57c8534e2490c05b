import { z } from 'zod';
import { nationalSourceCodes } from './reference/sources.ts';

/**
 * The dictionary's HTTP contract (requests and responses); docs/open-data.md lists the routes.
 * Item codes are dotted camelCase paths: a lower-case first segment of letters, then one or more
 * segments that may hold digits (`person.fullName`, `person.father.personalId`).
 */
export const ITEM_CODE_PATTERN = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z0-9]*)+$/;

export const itemTypes = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'code',
  'address',
  'geometry',
  'file',
] as const;
export type ItemType = (typeof itemTypes)[number];

export const itemStatuses = ['draft', 'submitted', 'approved', 'deprecated'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

/** Decree 13/2023/NĐ-CP: basic personal data (`personal`) and sensitive personal data. */
export const sensitivities = ['public', 'internal', 'personal', 'sensitive_personal'] as const;
export type Sensitivity = (typeof sensitivities)[number];

export const verificationClasses = ['government_verified', 'self_declared'] as const;
export type VerificationClass = (typeof verificationClasses)[number];

export const geometryTypes = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
] as const;

const bilingualText = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const itemCode = z.string().max(120).regex(ITEM_CODE_PATTERN, {
  message:
    'Mã phải có dạng nhóm.tên viết kiểu camelCase, ví dụ person.fullName / The code must look like group.camelCaseName, e.g. person.fullName',
});

export const codeListCode = z
  .string()
  .max(60)
  .regex(/^[a-z][a-zA-Z0-9]*$/);

const agencyId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);

/** Every constraint the dictionary knows; which ones a type allows is checked by `checkConstraints`. */
export const constraintsSchema = z.strictObject({
  pattern: z.string().min(1).max(500).optional(),
  minLength: z.number().int().min(0).max(100_000).optional(),
  maxLength: z.number().int().min(1).max(100_000).optional(),
  minimum: z.number().finite().optional(),
  maximum: z.number().finite().optional(),
  geometryTypes: z.array(z.enum(geometryTypes)).min(1).max(6).optional(),
  mediaTypes: z
    .array(
      z
        .string()
        .max(100)
        .regex(/^[a-z]+\/[a-z0-9.+-]+$/),
    )
    .min(1)
    .max(20)
    .optional(),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .optional(),
});
export type Constraints = z.infer<typeof constraintsSchema>;

const itemFields = {
  nameVi: bilingualText(200),
  nameEn: bilingualText(200),
  descriptionVi: optionalText(2000),
  descriptionEn: optionalText(2000),
  type: z.enum(itemTypes),
  constraints: constraintsSchema.optional(),
  codeList: codeListCode.nullable().optional(),
  sensitivity: z.enum(sensitivities),
  verificationClass: z.enum(verificationClasses),
  source: z
    .enum(nationalSourceCodes as [string, ...string[]])
    .nullable()
    .optional(),
};

export const itemInput = z.strictObject({ code: itemCode, agencyId, ...itemFields });
export type ItemInput = z.infer<typeof itemInput>;

/** Edits to a draft: any field but the code and the agency. */
export const itemPatch = z.strictObject({
  nameVi: itemFields.nameVi.optional(),
  nameEn: itemFields.nameEn.optional(),
  descriptionVi: itemFields.descriptionVi,
  descriptionEn: itemFields.descriptionEn,
  type: itemFields.type.optional(),
  constraints: itemFields.constraints,
  codeList: itemFields.codeList,
  sensitivity: itemFields.sensitivity.optional(),
  verificationClass: itemFields.verificationClass.optional(),
  source: itemFields.source,
});
export type ItemPatch = z.infer<typeof itemPatch>;

/** A new version of a published item: its agency, and any changes to start from. */
export const newVersionInput = itemPatch.extend({ agencyId });

export const approveBody = z.strictObject({ note: z.string().trim().max(1000).optional() });
export const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export const deprecateBody = z.strictObject({
  reason: z.string().trim().min(1).max(1000),
  replacedBy: itemCode.nullable().optional(),
});

export const itemParams = z.strictObject({ code: itemCode });
export const versionParams = z.strictObject({
  code: itemCode,
  version: z.coerce.number().int().min(1).max(100_000),
});
export const schemaQuery = z.strictObject({
  version: z.coerce.number().int().min(1).max(100_000).optional(),
});
export const codeListParams = z.strictObject({ code: codeListCode });
export const codeListQuery = z.strictObject({
  at: z.iso.date().optional().describe('Ngày hiệu lực (YYYY-MM-DD) / Effective date'),
});

export const itemsQuery = z.strictObject({
  q: z
    .string()
    .max(100)
    .optional()
    .describe('Tìm theo mã, tên, mô tả, không phân biệt dấu / Search, accent-insensitive'),
  status: z.enum(itemStatuses).optional(),
  sensitivity: z.enum(sensitivities).optional(),
  source: z.enum(nationalSourceCodes as [string, ...string[]]).optional(),
  type: z.enum(itemTypes).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

// ——— Responses ———

export const dataItemSchema = z.object({
  code: z.string(),
  version: z.number().int(),
  status: z.enum(itemStatuses),
  current: z.boolean(),
  nameVi: z.string(),
  nameEn: z.string(),
  descriptionVi: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  type: z.enum(itemTypes),
  constraints: constraintsSchema,
  codeList: z.string().nullable(),
  sensitivity: z.enum(sensitivities),
  verificationClass: z.enum(verificationClasses),
  source: z.string().nullable(),
  agencyId: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvalNote: z.string().nullable(),
  rejection: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
  deprecatedBy: z.string().nullable(),
  deprecatedAt: z.string().nullable(),
  deprecationReason: z.string().nullable(),
  replacedBy: z.string().nullable(),
});
export type DataItem = z.infer<typeof dataItemSchema>;

export const versionSummarySchema = z.object({
  version: z.number().int(),
  status: z.enum(itemStatuses),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  deprecatedAt: z.string().nullable(),
});

export const itemDetailSchema = dataItemSchema.extend({ versions: z.array(versionSummarySchema) });
export const itemListSchema = z.object({ items: z.array(dataItemSchema), total: z.number().int() });

export const codeListValueSchema = z.object({
  code: z.string(),
  labelVi: z.string(),
  labelEn: z.string(),
  noteVi: z.string().nullable(),
  noteEn: z.string().nullable(),
});
export type CodeListValue = z.infer<typeof codeListValueSchema>;

export const codeListSummarySchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  descriptionVi: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  sourceVi: z.string(),
  sourceEn: z.string(),
  dynamic: z.boolean(),
  valueCount: z.number().int().nullable().describe('null cho danh mục động / null for dynamic lists'),
});
export const codeListSchema = codeListSummarySchema.extend({
  at: z.string().nullable(),
  values: z.array(codeListValueSchema),
});
export type CodeList = z.infer<typeof codeListSchema>;

export const sourceSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  custodianVi: z.string(),
  custodianEn: z.string(),
});
