import type { BilingualText } from '../lib/api.ts';

/**
 * Shapes of the city-data API the web app reads (docs/open-data.md; the server's Zod schemas in
 * server/modules/data/**). Kept by hand: the web bundle never imports server code.
 */

// ——— Data-item dictionary (the city's data standards) ———

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

export const sensitivities = ['public', 'internal', 'personal', 'sensitive_personal'] as const;
export type Sensitivity = (typeof sensitivities)[number];

export const verificationClasses = ['government_verified', 'self_declared'] as const;
export type VerificationClass = (typeof verificationClasses)[number];

export type ItemConstraints = {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  geometryTypes?: string[];
  mediaTypes?: string[];
  maxBytes?: number;
};

export type DataItem = {
  code: string;
  version: number;
  status: ItemStatus;
  current: boolean;
  nameVi: string;
  nameEn: string;
  descriptionVi: string | null;
  descriptionEn: string | null;
  type: ItemType;
  constraints: ItemConstraints;
  codeList: string | null;
  sensitivity: Sensitivity;
  verificationClass: VerificationClass;
  source: string | null;
  agencyId: string;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  deprecatedAt: string | null;
  deprecationReason: string | null;
  replacedBy: string | null;
};

export type ItemVersionSummary = {
  version: number;
  status: ItemStatus;
  createdAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  deprecatedAt: string | null;
};

export type DataItemDetail = DataItem & { versions: ItemVersionSummary[] };
export type DataItemList = { items: DataItem[]; total: number };

export type CodeListSummary = {
  code: string;
  nameVi: string;
  nameEn: string;
  descriptionVi: string | null;
  descriptionEn: string | null;
  sourceVi: string;
  sourceEn: string;
  dynamic: boolean;
  valueCount: number | null;
};

export type CodeListValue = {
  code: string;
  labelVi: string;
  labelEn: string;
  noteVi: string | null;
  noteEn: string | null;
};

export type CodeList = CodeListSummary & { at: string | null; values: CodeListValue[] };

export type NationalSource = {
  code: string;
  nameVi: string;
  nameEn: string;
  custodianVi: string;
  custodianEn: string;
};

// ——— Database catalogue ———

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

export const hostings = ['city_data_centre', 'agency', 'cloud', 'national'] as const;
export type Hosting = (typeof hostings)[number];

export type CatalogueEntry = {
  id: string;
  version: number;
  view: 'public' | 'full';
  demo: boolean;
  nameVi: string;
  nameEn: string;
  ownerAgencyId: string;
  ownerNameVi: string;
  ownerNameEn: string;
  descriptionVi: string;
  descriptionEn: string | null;
  dataItems: string[];
  updateFrequency: UpdateFrequency;
  sharingLevel: SharingLevel;
  nationalConnections: string[];
  approvedAt: string;
  legalBasis?: string | null;
  recordCount?: number | null;
  hosting?: Hosting | null;
  contact?: { name?: string; email?: string; phone?: string } | null;
  securityLevel?: 1 | 2 | 3 | 4 | 5 | null;
  securityState?: 'proposed' | 'appraised' | 'approved' | null;
  securityAuthority?: string | null;
  securityDecision?: string | null;
};

export type CatalogueProposal = {
  entryId: string;
  version: number;
  state: 'proposed' | 'approved' | 'rejected';
  proposedBy: string;
  proposedAt: string;
  reason: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  changedFields: string[];
  entry: CatalogueEntry;
};

export type CatalogueList = { view: 'public' | 'full'; entries: CatalogueEntry[]; total: number };
export type CatalogueEntryDetail = CatalogueEntry & {
  history: CatalogueProposal[];
  openProposal?: CatalogueProposal | null;
};

// ——— Open-data portal ———

export const tableFieldTypes = ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] as const;
export type TableFieldType = (typeof tableFieldTypes)[number];

export type TableField = {
  name: string;
  type: TableFieldType;
  title?: string;
  description?: string;
  format?: string;
  constraints?: {
    required?: boolean;
    unique?: boolean;
    minimum?: number;
    maximum?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    enum?: string[];
  };
};

/** Frictionless Table Schema, the subset the platform supports. */
export type TableSchema = { fields: TableField[]; primaryKey?: string[] };

export type ValidationIssue = {
  type: 'encoding' | 'format' | 'header' | 'ragged_row' | 'type' | 'constraint' | 'size' | 'empty';
  /** As a spreadsheet numbers rows: the header is row 1. */
  row?: number;
  column?: string;
  vi: string;
  en: string;
};

export type ValidationReport = {
  valid: boolean;
  rows: number;
  issues: ValidationIssue[];
  truncated: boolean;
};

export const refreshSchedules = ['none', 'daily', 'weekly', 'monthly'] as const;
export type RefreshSchedule = (typeof refreshSchedules)[number];

export type Resource = {
  id: string;
  datasetId: string;
  position: number;
  name: string;
  description: string | null;
  format: string;
  kind: 'upload' | 'link';
  /** Where the file downloads from (counted). */
  url: string;
  sourceUrl: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  licenseId: string | null;
  schema: TableSchema | null;
  schemaSource: 'publisher' | 'inferred' | null;
  validation: ValidationReport | null;
  datastoreActive: boolean;
  rows: number | null;
  refresh: RefreshSchedule;
  lastCheck: { at: string; ok: boolean; status: number | null; detail: string | null } | null;
  createdAt: string;
  modifiedAt: string;
};

export type QualityCriterion = {
  code: string;
  label: BilingualText;
  points: number;
  max: number;
  met: boolean;
  reason: BilingualText;
};
export type Quality = { score: number; criteria: QualityCriterion[] };

export type OrganizationRef = {
  id: string;
  nameVi: string;
  nameEn: string;
  kind: string;
  validTo: string | null;
};

export type Dataset = {
  id: string;
  name: string;
  titleVi: string;
  titleEn: string | null;
  descriptionVi: string;
  descriptionEn: string | null;
  organization: OrganizationRef;
  contactName: string | null;
  contactEmail: string | null;
  keywords: string[];
  themes: { code: string; vi: string; en: string; uri: string }[];
  licenseId: string;
  licence: { id: string; title: string; url: string; open: boolean };
  temporalStart: string | null;
  temporalEnd: string | null;
  spatialUnitIds: string[];
  frequency: string;
  issued: string | null;
  modified: string;
  metadataCreated: string;
  metadataModified: string;
  private: boolean;
  demo: boolean;
  state: 'active' | 'deleted';
  version: number;
  resources: Resource[];
  quality: Quality;
  counters: { downloads: number; apiCalls: number };
  canEdit: boolean;
};

export type FacetItem = { name: string; vi: string; en: string; count: number };
export const facetKeys = ['organization', 'groups', 'tags', 'res_format', 'license_id'] as const;
export type FacetKey = (typeof facetKeys)[number];

export type DatasetSearchResult = {
  count: number;
  results: Dataset[];
  facets: Record<FacetKey, FacetItem[]>;
};

export const datasetSorts = ['relevance', 'modified', 'name', 'title', 'created', 'quality'] as const;
export type DatasetSort = (typeof datasetSorts)[number];

/** A page of a resource's DataStore table (the portal's preview, as `datastore_search` answers it). */
export type DatastorePage = {
  fields: { id: string; type: string }[];
  records: Record<string, unknown>[];
  total: number | null;
  totalWasEstimated: boolean;
  nextAfter: string | null;
};

export type PortalVocabularies = {
  themes: { code: string; name: string; vi: string; en: string; uri: string; datasets: number }[];
  licences: { id: string; title: string; url: string; open: boolean; default: boolean }[];
  frequencies: { code: string; vi: string; en: string }[];
  uploadFormats: string[];
};
