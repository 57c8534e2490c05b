/** A value read through the exchange, with where it came from (docs/public-services.md). */
export type ItemValue = {
  value: unknown;
  /** Dictionary code, e.g. `person.fullName`. */
  item: string;
  /** `HN/GOV/<agency>/<subsystem>/<service>`. */
  serviceId: string;
  providerAgencyId: string;
  /** When the source last changed it (ISO). */
  updatedAt: string;
  verification: 'government-verified' | 'self-declared';
  /** True when the source is simulated (demo data, not real people); the exchange always sets it. */
  simulated?: boolean;
  /** Who issued the record the value comes from, when the provider names one (an issued result). */
  issuer?: ItemIssuer;
};

/** The agency that issued (and signed) the record a value was read from. */
export type ItemIssuer = { agencyId: string; nameVi: string; nameEn: string };

/** A data service run inside the platform (the population registry, earlier dossiers and results). */
export type DataProvider = {
  serviceId: string;
  providerAgencyId: string;
  nameVi: string;
  nameEn: string;
  /** Dictionary codes it can return. */
  items: string[];
  verification: 'government-verified' | 'self-declared';
  /** Demo data (labelled as such where shown). Default false. */
  simulated?: boolean;
  /** Carries personal data: every request needs the citizen's consent receipt. Default true. */
  personalData?: boolean;
  /**
   * Records of past procedures, holding an item for some citizens only: the next service offering
   * the same item is asked too, and the consumer keeps the most trusted value. Default false (a
   * register: the first service offering an item is the only one asked).
   */
  partial?: boolean;
  fetch(
    personalId: string,
    items: string[],
  ): Promise<{
    values: Record<string, unknown>;
    updatedAt: Record<string, string>;
    issuedBy?: Record<string, ItemIssuer>;
  }>;
};

export type ConsentStatus = 'active' | 'revoked' | 'expired';

export type ConsentReceipt = {
  id: string;
  consumerAgencyId: string;
  consumerNameVi: string;
  consumerNameEn: string;
  purposeCode: string;
  purposeVi: string;
  purposeEn: string;
  items: string[];
  retentionDays: number;
  givenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  status: ConsentStatus;
};

export type DataUsageEntry = {
  /** Position in the message log. */
  seq: number;
  at: string;
  consumerAgencyId: string;
  consumerNameVi: string;
  consumerNameEn: string;
  serviceId: string | null;
  providerAgencyId: string | null;
  items: string[];
  purposeCode: string;
  receiptId: string | null;
  outcome: 'delivered' | 'refused';
  reason: string | null;
};

export type ItemSource = {
  item: string;
  serviceId: string;
  nameVi: string;
  nameEn: string;
  verification: string;
  updatedAt: string | null;
  simulated: boolean;
};

export type DataServiceEntry = {
  id: string;
  providerAgencyId: string;
  nameVi: string;
  nameEn: string;
  items: string[];
  verification: 'government-verified' | 'self-declared';
  personalData: boolean;
  kind: 'built-in' | 'external';
  url: string | null;
  simulated: boolean;
  active: boolean;
};

export type AccessGrant = {
  id: string;
  consumerAgencyId: string;
  serviceId: string;
  purposeVi: string;
  purposeEn: string;
  legalBasis: string;
  grantedAt: string;
  revokedAt: string | null;
};

export type ExchangeAgency = {
  id: string;
  nameVi: string;
  nameEn: string;
  external: boolean;
  keyId: string;
};

/** Why a request was refused; stored in the message log and shown to the citizen. */
export const refusalReasons = {
  no_consent: { vi: 'Không có biên nhận đồng ý', en: 'No consent receipt' },
  consent_not_found: {
    vi: 'Biên nhận đồng ý không tồn tại hoặc không thuộc công dân này',
    en: 'Consent receipt not found or not this citizen’s',
  },
  consent_revoked: { vi: 'Sự đồng ý đã bị thu hồi', en: 'Consent was revoked' },
  consent_expired: { vi: 'Sự đồng ý đã hết hạn', en: 'Consent has expired' },
  consent_other_consumer: {
    vi: 'Sự đồng ý dành cho cơ quan khác',
    en: 'Consent was given to another agency',
  },
  consent_other_purpose: { vi: 'Sự đồng ý cho mục đích khác', en: 'Consent was given for another purpose' },
  consent_items_not_covered: {
    vi: 'Sự đồng ý không bao gồm các mục dữ liệu được yêu cầu',
    en: 'Consent does not cover the items requested',
  },
  subject_mismatch: {
    vi: 'Công dân chỉ được yêu cầu dữ liệu của chính mình',
    en: 'A citizen may request only their own data',
  },
  unknown_consumer: { vi: 'Cơ quan yêu cầu không có trong hệ thống', en: 'Unknown consumer agency' },
  no_grant: {
    vi: 'Cơ quan yêu cầu chưa được cấp quyền truy cập dịch vụ dữ liệu',
    en: 'The consumer agency holds no access grant for the data service',
  },
  provider_unavailable: {
    vi: 'Dịch vụ cung cấp dữ liệu không phản hồi',
    en: 'The data provider did not answer',
  },
  bad_signature: {
    vi: 'Chữ ký số của phản hồi không hợp lệ',
    en: 'The response signature is invalid',
  },
  bad_response: { vi: 'Phản hồi không đúng yêu cầu', en: 'The response does not match the request' },
} as const;
export type RefusalReason = keyof typeof refusalReasons;
