import { z } from 'zod';

/**
 * Public shapes of the dti module (docs/dti.md). The tree mirrors the scoring engine's types
 * (engine/types.ts) so a stored version is handed to the engine as it is. Refinements: `vi / en`.
 */
const code = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'Mã không hợp lệ / Invalid code');
const name = z.string().trim().min(1).max(300);

export const ruleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('boolean') }),
  z.object({ kind: z.literal('ratio'), target: z.number().positive().optional() }),
  z.object({
    kind: z.literal('thresholds'),
    steps: z.array(z.object({ min: z.number(), points: z.number().min(0) })).min(1),
  }),
  z.object({
    kind: z.literal('formula'),
    expression: z.string().min(1).max(500),
    inputs: z.array(z.string().min(1).max(60)).max(50),
  }),
  z.object({ kind: z.literal('appraiser') }),
]);

export const evidenceFields = ['number', 'title', 'date', 'file'] as const;

export const subIndexSchema = z
  .object({
    code,
    nameVi: name,
    nameEn: name,
    maxPoints: z.number().min(0).max(1000),
    rule: ruleSchema,
    source: z.enum(['self', 'measured', 'appraiser']),
    indicatorCode: z.string().min(1).max(80).optional(),
    appliesTo: z
      .object({
        unitKinds: z.array(z.string().min(1)).min(1).optional(),
        tags: z.array(z.string().min(1)).min(1).optional(),
      })
      .optional(),
    evidence: z.object({ required: z.boolean(), fields: z.array(z.enum(evidenceFields)) }),
  })
  .refine((s) => s.source !== 'measured' || s.indicatorCode !== undefined, {
    message:
      'Chỉ số đo tự động cần mã chỉ tiêu (indicatorCode) / A measured sub-index needs an indicatorCode',
    path: ['indicatorCode'],
  });
export type SubIndex = z.infer<typeof subIndexSchema>;

export const mainIndexSchema = z.object({
  code,
  nameVi: name,
  nameEn: name,
  subIndices: z.array(subIndexSchema).max(200),
});
export const groupSchema = z.object({
  code,
  nameVi: name,
  nameEn: name,
  weight: z.number().min(0),
  indices: z.array(mainIndexSchema).min(1).max(50),
});
export const frameworkTreeSchema = z.object({ groups: z.array(groupSchema).min(1).max(20) });
export type FrameworkTree = z.infer<typeof frameworkTreeSchema>;

export const unitSets = ['departments', 'communes', 'provinces'] as const;
export type UnitSet = (typeof unitSets)[number];

export const frameworkSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  year: z.number().int(),
  unitSet: z.enum(unitSets),
  version: z.number().int(),
  titleVi: z.string(),
  titleEn: z.string(),
  weightsArePlaceholders: z.boolean(),
  reference: z.boolean(),
  basedOnId: z.uuid().nullable(),
  noteVi: z.string().nullable(),
  noteEn: z.string().nullable(),
  createdAt: z.string(),
  counts: z.object({
    groups: z.number(),
    mainIndices: z.number(),
    subIndices: z.number(),
    maxPoints: z.number(),
  }),
});
export const frameworkDetailSchema = frameworkSchema.extend({ tree: frameworkTreeSchema });
export type FrameworkSummary = z.infer<typeof frameworkSchema>;
export type FrameworkDetail = z.infer<typeof frameworkDetailSchema>;

export const frameworkParams = z.object({ frameworkId: z.uuid() });
export const frameworksQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  unitSet: z.enum(unitSets).optional(),
});
export const newVersionBody = z.object({
  tree: frameworkTreeSchema,
  weightsArePlaceholders: z.boolean(),
  noteVi: z.string().max(2000).nullable().default(null),
  noteEn: z.string().max(2000).nullable().default(null),
});
export const copyForwardBody = z.object({ year: z.number().int().min(2000).max(2100) });

export const evidenceSchema = z.object({
  documentNumber: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(500),
  date: z.iso.date(),
  fileId: z.string().min(1).max(100).nullable().default(null),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export type Provenance = {
  kind: 'measured';
  indicatorCode: string;
  period: string;
  observedValue: number | null;
  computedAt: string;
  detail: string | null;
};
