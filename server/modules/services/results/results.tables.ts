/** The results part's tables in schema `services` (names prefixed `result`). */
export type ResultRow = {
  id: string;
  dossier_id: string;
  dossier_code: string;
  procedure_code: string;
  agency_id: string;
  agency_name_vi: string;
  agency_name_en: string;
  personal_id: string;
  subject_name: string;
  title_vi: string;
  title_en: string;
  fields: { labelVi: string; labelEn: string; value: string }[];
  items: Record<string, unknown>;
  issued_at: Date;
  file_id: string;
  sha256: string;
  certificate_pem: string;
  demo_ca: boolean;
  status: 'valid' | 'revoked';
  revoked_at: Date | null;
  revoked_reason: string | null;
  revoked_by: string | null;
  created_at: Date;
};

export type SigningKeyRow = {
  holder: string;
  kind: 'root' | 'agency';
  certificate_pem: string;
  private_key_sealed: string;
  created_at: Date;
};

export type ResultsTables = {
  'services.results': ResultRow;
  'services.result_signing_keys': SigningKeyRow;
};
