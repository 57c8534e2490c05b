import { z } from 'zod';

const bilingual = z.object({ vi: z.string(), en: z.string() });

export const idParam = z.strictObject({ id: z.uuid() });

/** What the dossiers part hands over when a dossier's decision is a result. */
export const issueResultInput = z.strictObject({
  dossierId: z.string().min(1).max(100),
  dossierCode: z.string().min(1).max(100),
  procedureCode: z.string().min(1).max(100),
  agencyId: z.string().min(1).max(64),
  subject: z.strictObject({
    personalId: z.string().regex(/^\d{12}$/),
    fullName: z.string().trim().min(1).max(200),
  }),
  titleVi: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().min(1).max(300),
  fields: z
    .array(
      z.strictObject({
        labelVi: z.string().trim().min(1).max(200),
        labelEn: z.string().trim().min(1).max(200),
        value: z.union([z.string(), z.number(), z.boolean()]).transform(String).pipe(z.string().max(2000)),
      }),
    )
    .max(60),
  issuedAt: z.coerce.date().optional(),
  /** The result's values keyed by data-dictionary item code, for once-only pre-fill later. */
  items: z.record(z.string().min(1).max(100), z.unknown()).optional(),
});
export type IssueResultInput = z.input<typeof issueResultInput>;

export const revokeInput = z.strictObject({ reason: z.string().trim().min(5).max(1000) });

export const verificationSchema = z.object({
  id: z.uuid(),
  status: z.enum(['valid', 'revoked']),
  statusText: bilingual,
  issuer: z.object({ agencyId: z.string(), nameVi: z.string(), nameEn: z.string() }),
  subject: z.object({
    nameMasked: z.string().describe('Họ tên đã che một phần / Full name, partly masked'),
    personalIdLast: z.string().describe('Ba số cuối của số định danh / Last three digits of the ID number'),
  }),
  titleVi: z.string(),
  titleEn: z.string(),
  procedureCode: z.string(),
  issuedAt: z.string(),
  sha256: z.string(),
  revocation: z.object({ at: z.string(), reason: z.string() }).nullable(),
  signature: z.object({
    demoCa: z.boolean(),
    label: bilingual.describe('Ai chứng thực chữ ký / Who certifies the signature'),
    signerSubject: z.string(),
  }),
});
export type Verification = z.infer<typeof verificationSchema>;

export const copyCheckSchema = z.object({
  id: z.uuid(),
  valid: z
    .boolean()
    .describe('Trùng bản đã cấp, chữ ký hợp lệ và chưa bị thu hồi / Identical, signature valid, not revoked'),
  identical: z.boolean(),
  signatureValid: z.boolean(),
  status: z.enum(['valid', 'revoked']),
  sha256: z.string(),
  reasons: z.array(bilingual),
  demoCa: z.boolean(),
});
export type CopyCheck = z.infer<typeof copyCheckSchema>;

export const citizenResultSchema = z.object({
  id: z.uuid(),
  dossierId: z.string(),
  dossierCode: z.string(),
  procedureCode: z.string(),
  agencyId: z.string(),
  agencyNameVi: z.string(),
  agencyNameEn: z.string(),
  titleVi: z.string(),
  titleEn: z.string(),
  issuedAt: z.string(),
  status: z.enum(['valid', 'revoked']),
  fields: z.array(z.object({ labelVi: z.string(), labelEn: z.string(), value: z.string() })),
  items: z.record(z.string(), z.unknown()),
  verifyUrl: z.string(),
  pdfUrl: z.string(),
});
export type CitizenResult = z.infer<typeof citizenResultSchema>;
