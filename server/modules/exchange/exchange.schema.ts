import { z } from 'zod';

const itemCode = z
  .string()
  .min(3)
  .max(120)
  .regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/);
const agencyId = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9-]+$/);
/** No control characters: PostgreSQL refuses NUL in text, and none belongs in these fields. */
const noControl = /^[^\p{Cc}]*$/u;
const text = (max: number) => z.string().trim().min(1).max(max).regex(noControl);
const serviceId = z
  .string()
  .max(200)
  .regex(/^HN\/GOV\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+$/);

export const consentInput = z.strictObject({
  purposeCode: text(100).regex(/^[A-Za-z0-9._:-]+$/),
  purposeVi: text(500),
  purposeEn: text(500),
  consumerAgencyId: agencyId,
  items: z.array(itemCode).min(1).max(100),
  retentionDays: z.number().int().min(1).max(3650),
});

const bilingualName = z.object({ vi: z.string(), en: z.string() });
export const itemNames = z.record(z.string(), bilingualName);

export const consentReceipt = z.object({
  id: z.string(),
  consumerAgencyId: z.string(),
  consumerNameVi: z.string(),
  consumerNameEn: z.string(),
  purposeCode: z.string(),
  purposeVi: z.string(),
  purposeEn: z.string(),
  items: z.array(z.string()),
  retentionDays: z.number().int(),
  givenAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'revoked', 'expired']),
});

export const consentList = z.object({ consents: z.array(consentReceipt), itemNames });
export const consentCreated = z.object({ consent: consentReceipt, itemNames });

export const dataUsageResponse = z.object({
  entries: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      consumerAgencyId: z.string(),
      consumerNameVi: z.string(),
      consumerNameEn: z.string(),
      serviceId: z.string().nullable(),
      providerAgencyId: z.string().nullable(),
      items: z.array(z.string()),
      purposeCode: z.string(),
      receiptId: z.string().nullable(),
      outcome: z.enum(['delivered', 'refused']),
      reason: z.string().nullable(),
      reasonVi: z.string().nullable(),
      reasonEn: z.string().nullable(),
    }),
  ),
  itemNames,
});

export const sourcesQuery = z.strictObject({
  items: z
    .string()
    .max(4000)
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(itemCode).min(1).max(100)),
});
export const sourcesResponse = z.object({
  sources: z.array(
    z.object({
      item: z.string(),
      serviceId: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      verification: z.string(),
      updatedAt: z.string().nullable(),
      simulated: z.boolean(),
    }),
  ),
});

export const dataService = z.object({
  id: z.string(),
  providerAgencyId: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  items: z.array(z.string()),
  verification: z.enum(['government-verified', 'self-declared']),
  personalData: z.boolean(),
  kind: z.enum(['built-in', 'external']),
  url: z.string().nullable(),
  simulated: z.boolean(),
  active: z.boolean(),
});

export const serviceInput = z.strictObject({
  id: serviceId,
  providerAgencyId: agencyId,
  nameVi: text(300),
  nameEn: text(300),
  items: z.array(itemCode).min(1).max(200),
  verification: z.enum(['government-verified', 'self-declared']),
  personalData: z.boolean(),
  url: z.string().max(2000).regex(noControl),
});

export const agency = z.object({
  id: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  external: z.boolean(),
  keyId: z.string(),
});

export const agencyInput = z.strictObject({
  id: agencyId,
  nameVi: text(300),
  nameEn: text(300),
  publicJwk: z
    .object({
      kty: z.string().max(10).regex(noControl),
      crv: z.string().max(20).regex(noControl),
      x: z
        .string()
        .max(200)
        .regex(/^[A-Za-z0-9_-]+$/),
      kid: z.string().max(200).regex(noControl).optional(),
    })
    .passthrough(),
});

export const grant = z.object({
  id: z.string(),
  consumerAgencyId: z.string(),
  serviceId: z.string(),
  purposeVi: z.string(),
  purposeEn: z.string(),
  legalBasis: z.string(),
  grantedAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const grantInput = z.strictObject({
  consumerAgencyId: agencyId,
  serviceId,
  purposeVi: text(500),
  purposeEn: text(500),
  legalBasis: text(1000),
});

export const grantsQuery = z.strictObject({
  consumerAgencyId: agencyId.optional(),
  serviceId: serviceId.optional(),
});

export const idParams = z.strictObject({ id: z.uuid() });
export const noQuery = z.strictObject({});

export const verifyResponse = z.object({
  ok: z.boolean(),
  entries: z.number(),
  headHash: z.string().optional(),
  brokenAt: z.number().optional(),
  reason: z.string().optional(),
});
