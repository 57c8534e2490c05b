import { z } from 'zod';
import { itemCode } from '../dictionary/dictionary.schema.ts';
import { nationalSourceCodes } from '../dictionary/reference/sources.ts';

/**
 * The catalogue's HTTP contract; docs/open-data.md lists the routes. Which fields are public is
 * decided here (`PUBLIC_FIELDS`, `OPEN_ONLY_FIELDS`) and applied by the views.
 */
export const updateFrequencies = [
  'realtime',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'yearly',
  'irregular',
] as const;
export type UpdateFrequency = (typeof updateFrequencies)[number];
export const sharingLevels = ['open', 'shared', 'restricted'] as const;
export type SharingLevel = (typeof sharingLevels)[number];
export const hostingKinds = ['city_data_centre', 'agency', 'cloud', 'national'] as const;
export type HostingKind = (typeof hostingKinds)[number];
/** Decree 85/2016/NĐ-CP: a system's security level is proposed, appraised, then approved. */
export const securityStates = ['proposed', 'appraised', 'approved'] as const;
export type SecurityState = (typeof securityStates)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const agencyId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);
const sourceCode = z.enum(nationalSourceCodes as [string, ...string[]]);

export const contactSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(200).optional(),
  phone: z
    .string()
    .max(30)
    .regex(/^[0-9 +().-]+$/)
    .optional(),
});
export type Contact = z.infer<typeof contactSchema>;

export const entryInput = z.strictObject({
  nameVi: text(300),
  nameEn: text(300),
  ownerAgencyId: agencyId,
  legalBasis: optionalText(2000),
  descriptionVi: text(4000),
  descriptionEn: optionalText(4000),
  dataItems: z.array(itemCode).max(500).default([]),
  recordCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  updateFrequency: z.enum(updateFrequencies),
  sharingLevel: z.enum(sharingLevels),
  nationalConnections: z.array(sourceCode).max(20).default([]),
  securityLevel: z.number().int().min(1).max(5).nullable().optional(),
  securityState: z.enum(securityStates).nullable().optional(),
  securityAuthority: optionalText(300),
  securityDecision: optionalText(300),
  hosting: z.enum(hostingKinds).nullable().optional(),
  contact: contactSchema.nullable().optional(),
});
export type EntryInput = z.infer<typeof entryInput>;

export const proposalBody = z.strictObject({
  entry: entryInput,
  reason: z.string().trim().min(1).max(1000).describe('Lý do thay đổi / Why'),
});
export const approveBody = z.strictObject({ reason: z.string().trim().max(1000).optional() });
export const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

export const entryParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9-]+$/),
});
export const versionParams = entryParams.extend({
  version: z.coerce.number().int().min(1).max(100_000),
});

export const entriesQuery = z.strictObject({
  q: z.string().max(100).optional().describe('Không phân biệt dấu / Accent-insensitive'),
  ownerAgencyId: agencyId.optional(),
  sharingLevel: z.enum(sharingLevels).optional(),
  nationalConnection: sourceCode.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const proposalsQuery = z.strictObject({
  state: z.enum(['proposed', 'approved', 'rejected']).default('proposed'),
});

// ——— Responses ———

/** Shown to everyone for every approved entry. */
export const PUBLIC_FIELDS = [
  'nameVi',
  'nameEn',
  'ownerAgencyId',
  'descriptionVi',
  'descriptionEn',
  'dataItems',
  'updateFrequency',
  'sharingLevel',
  'nationalConnections',
] as const;
/** Shown to everyone only when the entry's sharing level is `open`. */
export const OPEN_ONLY_FIELDS = ['legalBasis', 'recordCount', 'hosting', 'contact'] as const;
/** Shown to officials only. */
export const OFFICIAL_FIELDS = [
  'securityLevel',
  'securityState',
  'securityAuthority',
  'securityDecision',
] as const;

export const catalogueEntrySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  view: z.enum(['public', 'full']),
  demo: z.boolean(),
  nameVi: z.string(),
  nameEn: z.string(),
  ownerAgencyId: z.string(),
  ownerNameVi: z.string(),
  ownerNameEn: z.string(),
  descriptionVi: z.string(),
  descriptionEn: z.string().nullable(),
  dataItems: z.array(z.string()),
  updateFrequency: z.enum(updateFrequencies),
  sharingLevel: z.enum(sharingLevels),
  nationalConnections: z.array(z.string()),
  approvedAt: z.string().nullable(),
  legalBasis: z.string().nullable().optional(),
  recordCount: z.number().nullable().optional(),
  hosting: z.enum(hostingKinds).nullable().optional(),
  contact: contactSchema.nullable().optional(),
  securityLevel: z.number().int().nullable().optional(),
  securityState: z.enum(securityStates).nullable().optional(),
  securityAuthority: z.string().nullable().optional(),
  securityDecision: z.string().nullable().optional(),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export const proposalSchema = z.object({
  entryId: z.string(),
  version: z.number().int(),
  state: z.enum(['proposed', 'approved', 'rejected']),
  proposedBy: z.string().nullable().describe('null ở chế độ công khai / null in the public view'),
  proposedAt: z.string(),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  changedFields: z.array(z.string()),
  entry: catalogueEntrySchema,
});
export type Proposal = z.infer<typeof proposalSchema>;

export const entryDetailSchema = catalogueEntrySchema.extend({
  history: z.array(proposalSchema),
  openProposal: proposalSchema.nullable(),
});
export const entryListSchema = z.object({
  view: z.enum(['public', 'full']),
  entries: z.array(catalogueEntrySchema),
  total: z.number().int(),
});
