import { z } from 'zod';

/**
 * Alert rules: what to watch (an entity type, in one ward or commune or everywhere), when it is
 * alarming (a condition), and the CAP 1.2 words of the alert it raises. Names are NGSI-LD terms of
 * the default contexts (`currentLevel`), stored expanded.
 */
export const comparisons = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Comparison = (typeof comparisons)[number];

const attr = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z][A-Za-z0-9_:/.#-]*$/, 'Tên thuộc tính không hợp lệ / Invalid attribute name');

export type Condition =
  | { kind: 'threshold'; attr: string; op: Comparison; value: number | string | boolean }
  /** The attribute moved by `op delta` over the last `windowMinutes` of its readings. */
  | { kind: 'rate'; attr: string; op: Comparison; delta: number; windowMinutes: number }
  /** No reading (of `attr`, or of any attribute) for `minutes`. */
  | { kind: 'silence'; attr?: string; minutes: number }
  | { kind: 'all' | 'any'; conditions: Condition[] };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('threshold'),
      attr,
      op: z.enum(comparisons),
      value: z.union([z.number(), z.string().max(200), z.boolean()]),
    }),
    z.strictObject({
      kind: z.literal('rate'),
      attr,
      op: z.enum(comparisons),
      delta: z.number(),
      windowMinutes: z.number().int().min(1).max(10_080),
    }),
    z.strictObject({
      kind: z.literal('silence'),
      attr: attr.optional(),
      minutes: z.number().int().min(1).max(10_080),
    }),
    z.strictObject({
      kind: z.enum(['all', 'any']),
      conditions: z.array(conditionSchema).min(1).max(10),
    }),
  ]),
);

/** How deep combinations may nest: a rule should stay readable on the operations board. */
const MAX_DEPTH = 4;
export const depthOf = (c: Condition): number =>
  c.kind === 'all' || c.kind === 'any' ? 1 + Math.max(...c.conditions.map(depthOf)) : 1;
export const hasSilence = (c: Condition): boolean =>
  c.kind === 'silence' || ((c.kind === 'all' || c.kind === 'any') && c.conditions.some(hasSilence));

/** CAP 1.2 vocabularies (OASIS CAP 1.2, 3.2.2). */
export const capCategories = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const severities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const urgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const certainties = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'Mã đơn vị không hợp lệ / Invalid unit id');

export const ruleInput = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,63}$/)
    .optional()
    .describe('Mã quy tắc (tự sinh nếu bỏ trống) / Rule id (generated when omitted)'),
  nameVi: text(200),
  nameEn: text(200),
  entityType: z
    .string()
    .min(1)
    .max(200)
    .describe('Kiểu NGSI-LD, ví dụ FloodMonitoring / NGSI-LD type, e.g. FloodMonitoring'),
  unitId: unitId
    .nullable()
    .optional()
    .describe('Phường/xã; bỏ trống: toàn thành phố / Ward; empty: city-wide'),
  condition: conditionSchema.refine((c) => depthOf(c) <= MAX_DEPTH, {
    message: `Tối đa ${MAX_DEPTH} mức lồng / At most ${MAX_DEPTH} levels of nesting`,
  }),
  category: z.enum(capCategories),
  eventVi: text(200),
  eventEn: text(200),
  severity: z.enum(severities),
  urgency: z.enum(urgencies),
  certainty: z.enum(certainties),
  agencyId: unitId.describe('Cơ quan chịu trách nhiệm xử lý / Responsible agency'),
  responseMinutes: z.number().int().min(1).max(43_200),
  isActive: z.boolean().default(true),
});
export type RuleInput = z.input<typeof ruleInput>;

export type RuleRow = {
  id: string;
  name_vi: string;
  name_en: string;
  entity_type: string;
  unit_id: string | null;
  condition: Condition;
  category: string;
  event_vi: string;
  event_en: string;
  severity: string;
  urgency: string;
  certainty: string;
  agency_id: string;
  response_minutes: number;
  is_active: boolean;
  created_by: string | null;
  created_at: Date;
  modified_at: Date;
};
