import { z } from 'zod';
import { PERIOD_PATTERN, periodTypes } from '../../platform/period.ts';
import { AGENCY_ID, INDICATOR_CODE, MAX_DECIMALS } from './metrics.rules.ts';
import { aggregations, directions, observationStatuses } from './metrics.types.ts';

/** Request and response shapes of /api/metrics (Zod: validation and the OpenAPI document). */
const bilingual = z.object({ vi: z.string(), en: z.string() });
const indicatorCode = z.string().regex(INDICATOR_CODE).describe('Mã chỉ tiêu / Indicator code');
const periodId = z
  .string()
  .regex(PERIOD_PATTERN)
  .describe('Kỳ: 2025, 2025S2, 2025Q3, 202509 / Period: year, half, quarter, month');
const agencyId = z
  .string()
  .regex(AGENCY_ID)
  .describe("Mã đơn vị; 'hanoi' là toàn thành phố / Unit id; 'hanoi' is the city");

export const codeParam = z.strictObject({ code: indicatorCode });
export const idParam = z.strictObject({ id: z.uuid() });

export const indicatorSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  descriptionVi: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  unit: z.string(),
  direction: z.enum(directions),
  aggregation: z.enum(aggregations),
  periodType: z.enum(periodTypes),
  decimals: z.number().int(),
  computedSource: z
    .string()
    .nullable()
    .describe(
      'Nguồn tính tự động; khi có, nền tảng tự đo / Computed source; when set, the platform measures it',
    ),
  example: z.boolean().describe('Ví dụ minh họa / Example (demo) indicator'),
});

export const indicatorInput = z.strictObject({
  nameVi: z.string().max(300),
  nameEn: z.string().max(300),
  descriptionVi: z.string().max(4000).nullable().default(null),
  descriptionEn: z.string().max(4000).nullable().default(null),
  unit: z
    .string()
    .max(40)
    .describe(
      "'%' là tỷ lệ 0–100; 'count' số đếm; đơn vị khác (vd. '%/năm') nhận mọi số / '%' is a 0–100 share; 'count' a count; other units (e.g. '%/năm') take any number",
    ),
  direction: z.enum(directions),
  aggregation: z.enum(aggregations),
  periodType: z.enum(periodTypes),
  decimals: z.number().int().min(0).max(MAX_DECIMALS),
  computedSource: z.string().max(100).nullable().default(null),
  example: z.boolean().optional(),
});

const person = z.object({ accountId: z.string(), name: z.string() });
export const provenanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual'), by: person, at: z.string() }),
  z.object({
    kind: z.literal('imported'),
    by: person,
    at: z.string(),
    fileId: z.string(),
    filename: z.string(),
    sheet: z.string(),
    row: z.number().int(),
  }),
  z.object({
    kind: z.literal('computed'),
    source: z.string(),
    query: z.string().describe('Câu truy vấn đã chạy / The query that ran'),
    at: z.string(),
  }),
  z.object({ kind: z.literal('seed'), note: z.string(), at: z.string() }),
]);

export const evidenceSchema = z.object({
  id: z.string(),
  fileId: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  description: z.string().nullable(),
  uploadedAt: z.string(),
});

export const observationSchema = z.object({
  id: z.string(),
  indicatorCode: z.string(),
  period: z.string(),
  agencyId: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  status: z.enum(observationStatuses),
  comment: z.string().nullable(),
  provenance: provenanceSchema,
  example: z.boolean().describe('Ví dụ minh họa / Example'),
  demo: z.boolean().describe('Tính từ dữ liệu mô phỏng / Computed from demo or synthetic data'),
  updatedAt: z.string(),
  evidence: z.array(evidenceSchema),
});

/** A comma-separated list in a query string: `indicator=G05,G09`. */
const listOf = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(4000)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item).min(1).max(200));

export const observationsQuery = z.strictObject({
  indicator: listOf(indicatorCode)
    .optional()
    .describe('Mã chỉ tiêu, cách nhau dấu phẩy / Indicator codes, comma-separated'),
  agency: listOf(agencyId).optional().describe('Mã đơn vị, cách nhau dấu phẩy / Unit ids, comma-separated'),
  period: listOf(periodId).optional().describe('Kỳ, cách nhau dấu phẩy / Periods, comma-separated'),
  status: listOf(z.enum(observationStatuses))
    .optional()
    .describe('Công chúng chỉ thấy số liệu đã duyệt / The public sees approved values only'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const observationInput = z.strictObject({
  indicatorCode,
  period: periodId,
  agencyId,
  value: z.number().nullable(),
  numerator: z.number().nullable().optional(),
  denominator: z.number().nullable().optional(),
  comment: z.string().max(2000).nullable().optional(),
});

export const sourceSchema = z.object({
  name: z.string(),
  label: bilingual,
  description: bilingual,
  unit: z.string(),
  scope: z.enum(['city', 'agency']),
  indicators: z.array(z.string()).describe('Chỉ tiêu gắn với nguồn / Indicators bound to the source'),
  lastRun: z
    .object({
      at: z.string(),
      periods: z.array(z.string()),
      query: z.string().nullable().describe('Câu truy vấn lần tính gần nhất / The query of the latest run'),
      written: z.number().int(),
      unchanged: z.number().int(),
      error: z.string().nullable(),
    })
    .nullable(),
});

export const recomputeInput = z.strictObject({
  source: z.string().max(100).optional(),
  periods: z.array(periodId).min(1).max(24).optional(),
});

export const recomputeResult = z.object({
  written: z.number().int(),
  unchanged: z.number().int(),
  failed: z.array(z.object({ source: z.string(), error: z.string() })),
});
