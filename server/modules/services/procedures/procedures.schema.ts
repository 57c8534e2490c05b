import { z } from 'zod';
import { fieldTypes, type JsonLogic } from '../../../../shared/forms/form-rules.ts';
import { type Acr, acrValues } from '../../../platform/auth/principal.ts';

/**
 * The procedure catalogue's HTTP contract (docs/public-services.md, "Procedures and forms").
 * Procedure codes are lower-case slugs (`dang-ky-thuong-tru`): they appear in citizen URLs
 * (`/dich-vu-cong/{code}`).
 */
export const PROCEDURE_CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;

const text = (max: number) => z.string().trim().min(1).max(max);
const key = z.string().max(60).regex(KEY_PATTERN, {
  message: 'Khóa gồm chữ cái, chữ số, dấu gạch dưới / A key takes letters, digits and underscores',
});

/** A JSON Logic rule: any JSON value (checked by running it, see `definitionProblems`). */
const jsonLogic = z.unknown().refine((value) => value !== undefined, {
  message: 'Cần một quy tắc JSON Logic / A JSON Logic rule is needed',
}) as unknown as z.ZodType<JsonLogic>;

export const procedureCode = z.string().min(2).max(60).regex(PROCEDURE_CODE_PATTERN, {
  message: 'Mã thủ tục dạng chu-thuong-gach-noi / A procedure code is a lower-case slug',
});

const optionSchema = z.strictObject({
  value: z.string().min(1).max(60),
  labelVi: text(200),
  labelEn: text(200),
});

export const formFieldSchema = z.strictObject({
  key,
  labelVi: text(200),
  labelEn: text(200),
  type: z.enum(fieldTypes),
  item: z
    .string()
    .max(120)
    .regex(/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z0-9]*)+$/)
    .optional(),
  required: z.boolean().optional(),
  pattern: z.string().min(1).max(500).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  options: z.array(optionSchema).min(1).max(300).optional(),
  codeList: z
    .string()
    .max(60)
    .regex(/^[a-z][a-zA-Z0-9]*$/)
    .optional(),
  helpVi: z.string().trim().max(500).optional(),
  helpEn: z.string().trim().max(500).optional(),
  visibleIf: jsonLogic.optional(),
  requiredIf: jsonLogic.optional(),
});

export const formGroupSchema = z.strictObject({
  key,
  labelVi: text(200),
  labelEn: text(200),
  repeat: z
    .strictObject({ min: z.number().int().min(0).max(100), max: z.number().int().min(1).max(100) })
    .optional(),
  fields: z.array(formFieldSchema).min(1).max(60),
  visibleIf: jsonLogic.optional(),
});

export const formDefinitionSchema = z.strictObject({
  sections: z
    .array(
      z.strictObject({
        key,
        titleVi: text(200),
        titleEn: text(200),
        fields: z
          .array(z.union([formGroupSchema, formFieldSchema]))
          .min(1)
          .max(100),
      }),
    )
    .min(1)
    .max(30),
  blocks: z.array(z.strictObject({ rule: jsonLogic, messageVi: text(500), messageEn: text(500) })).max(30),
  attachments: z
    .array(
      z.strictObject({
        key,
        labelVi: text(200),
        labelEn: text(200),
        required: z.union([z.boolean(), jsonLogic]),
        mediaTypes: z
          .array(
            z
              .string()
              .max(100)
              .regex(/^[a-z]+\/[a-z0-9.+-]+$/),
          )
          .min(1)
          .max(20),
        maxBytes: z
          .number()
          .int()
          .min(1)
          .max(100 * 1024 * 1024),
      }),
    )
    .max(30),
});

export const agencyLevels = ['city', 'department', 'commune'] as const;
export const onlineLevels = ['full', 'partial'] as const;
const acr = z.enum(Object.values(acrValues) as [Acr, ...Acr[]]);
const bilingual = z.strictObject({ vi: text(500), en: text(500) });
const agencyId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);

const procedureFields = {
  nameVi: text(300),
  nameEn: text(300),
  agencyLevel: z.enum(agencyLevels),
  agencyIds: z.array(agencyId).min(1).max(500),
  fieldVi: text(200),
  fieldEn: text(200),
  legalBasis: z.array(text(500)).min(1).max(30),
  processingDays: z.number().int().min(0).max(365),
  feeVnd: z.number().int().min(0).max(1_000_000_000),
  onlineLevel: z.enum(onlineLevels),
  requiredDocuments: z.array(bilingual).max(40),
  resultType: bilingual,
  minimumAcr: acr,
  notesVi: z.string().trim().max(2000).nullable(),
  notesEn: z.string().trim().max(2000).nullable(),
};

export const procedureInput = z.strictObject({ code: procedureCode, ...procedureFields });
export type ProcedureInput = z.infer<typeof procedureInput>;
export const procedurePatch = z.strictObject(
  Object.fromEntries(Object.entries(procedureFields).map(([name, schema]) => [name, schema.optional()])) as {
    [K in keyof typeof procedureFields]: z.ZodOptional<(typeof procedureFields)[K]>;
  },
);
export type ProcedurePatch = z.infer<typeof procedurePatch>;

export const procedureSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  agencyLevel: z.enum(agencyLevels),
  agencyIds: z.array(z.string()),
  fieldVi: z.string(),
  fieldEn: z.string(),
  legalBasis: z.array(z.string()),
  processingDays: z.number().int(),
  feeVnd: z.number().int(),
  onlineLevel: z.enum(onlineLevels),
  requiredDocuments: z.array(z.object({ vi: z.string(), en: z.string() })),
  resultType: z.object({ vi: z.string(), en: z.string() }),
  minimumAcr: acr,
  notesVi: z.string().nullable(),
  notesEn: z.string().nullable(),
  publishedVersion: z.number().int().nullable(),
  updatedAt: z.string(),
});

export const procedurePageSchema = procedureSchema.extend({
  agencies: z.array(z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() })),
  /** Dictionary items the published form binds (what the consent screen asks for). */
  items: z.array(z.string()),
});

export const procedureListSchema = z.object({
  items: z.array(procedureSchema),
  total: z.number().int(),
  fields: z.array(z.object({ vi: z.string(), en: z.string(), count: z.number().int() })),
});

export const procedureQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  field: z.string().trim().max(200).optional(),
  agencyId: agencyId.optional(),
  agencyLevel: z.enum(agencyLevels).optional(),
  onlineLevel: z.enum(onlineLevels).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
});
export type ProcedureQuery = z.infer<typeof procedureQuery>;

export const procedureParams = z.strictObject({ code: procedureCode });
export const formQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(100_000).optional() });

const codeListsSchema = z.record(z.string(), z.array(optionSchema));

export const formStatuses = ['draft', 'published'] as const;
export const formVersionSchema = z.object({
  procedureCode: z.string(),
  version: z.number().int(),
  status: z.enum(formStatuses),
  definition: formDefinitionSchema,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type FormVersion = z.infer<typeof formVersionSchema>;

export const publishedFormSchema = formVersionSchema.extend({
  /** Options of the selects bound to code lists (`codeList` → options). */
  codeLists: codeListsSchema,
  items: z.array(z.string()),
});

export const formVersionsSchema = z.object({ versions: z.array(formVersionSchema) });

export const draftBody = z.strictObject({ definition: formDefinitionSchema });

export const attachmentRefSchema = z.strictObject({
  key: z.string().max(60),
  mediaType: z.string().max(100),
  bytes: z.number().int().min(0),
});

export const validateBody = z.strictObject({
  /** The definition to check against (a builder's unsaved edit); else `version`, else the draft or the published form. */
  definition: formDefinitionSchema.optional(),
  version: z.number().int().min(1).optional(),
  answers: z.record(z.string(), z.unknown()),
  attachments: z.array(attachmentRefSchema).max(100).default([]),
});

export const validationResultSchema = z.object({
  valid: z.boolean(),
  issues: z.array(z.object({ path: z.string(), vi: z.string(), en: z.string() })),
  values: z.record(z.string(), z.unknown()),
});
