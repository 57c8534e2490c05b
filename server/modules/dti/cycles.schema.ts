import { z } from 'zod';
import { evidenceSchema } from './dti.schema.ts';

/** Shapes of the assessment cycle (docs/dti.md, "Assessment cycle"). Refinements: `vi / en`. */
export const cycleParams = z.object({ cycleId: z.uuid() });
export const cycleUnitParams = cycleParams.extend({ unitId: z.string().min(1).max(60) });
export const entryParams = cycleUnitParams.extend({ code: z.string().min(1).max(40) });

export const openCycleBody = z.object({
  frameworkId: z.uuid(),
  /** Without it: every department (or commune and ward) in the register on the day. */
  units: z
    .array(
      z.object({
        unitId: z.string().min(1).max(60),
        tags: z.array(z.string().min(1).max(60)).max(20).default([]),
      }),
    )
    .min(1)
    .max(500)
    .optional(),
});

export const entryBody = z.object({
  value: z.union([z.number().finite(), z.boolean()]).nullable(),
  evidence: z.array(evidenceSchema).max(20).default([]),
});

export const reviewBody = z
  .object({
    decision: z.enum(['accept', 'adjust', 'clarify']),
    value: z.number().finite().optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((b) => b.decision === 'accept' || (b.reason !== undefined && b.reason.length > 0), {
    message:
      'Cần nêu lý do khi điều chỉnh hoặc yêu cầu giải trình / A reason is required to adjust or ask for clarification',
    path: ['reason'],
  })
  .refine((b) => b.decision !== 'adjust' || b.value !== undefined, {
    message: 'Cần giá trị điều chỉnh / An adjusted value is required',
    path: ['value'],
  });

const provenanceSchema = z
  .object({
    kind: z.literal('measured'),
    indicatorCode: z.string(),
    period: z.string(),
    observedValue: z.number().nullable(),
    computedAt: z.string(),
    detail: z.string().nullable(),
  })
  .nullable();

export const entrySchema = z.object({
  unitId: z.string(),
  code: z.string(),
  value: z.number().nullable(),
  evidence: z.array(evidenceSchema),
  status: z.enum(['draft', 'submitted', 'accepted', 'adjusted', 'clarification']),
  appraisedValue: z.number().nullable(),
  reason: z.string().nullable(),
  provenance: provenanceSchema,
  updatedAt: z.string(),
});

export const cycleUnitSchema = z.object({
  unitId: z.string(),
  unitKind: z.string(),
  peerGroup: z.string(),
  tags: z.array(z.string()),
  status: z.enum(['draft', 'submitted']),
  submittedAt: z.string().nullable(),
});

export const cycleSchema = z.object({
  id: z.uuid(),
  frameworkId: z.uuid(),
  frameworkCode: z.string(),
  year: z.number(),
  status: z.enum(['open', 'finalised', 'published']),
  openedAt: z.string(),
  finalisedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  weightsArePlaceholders: z.boolean(),
  units: z.array(cycleUnitSchema),
});
export type CycleView = z.infer<typeof cycleSchema>;
export type EntryView = z.infer<typeof entrySchema>;
