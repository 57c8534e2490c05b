import type { Generated } from 'kysely';

/** Row shapes of the dossiers tables (schema `services`). */
export type DraftRow = {
  id: string;
  account_id: string;
  personal_id: string;
  procedure_code: string;
  form_version: number;
  agency_id: string;
  consent: 'pending' | 'accepted' | 'declined';
  receipt_id: string | null;
  answers: Record<string, unknown>;
  delivered: Record<string, DeliveredValue>;
  fetched_at: Date | null;
  attachments: DraftAttachment[];
  created_at: Date;
  updated_at: Date;
  purged_at: Date | null;
  submitted_dossier_id: string | null;
};

/** What the exchange delivered for one form field of a draft. */
export type DeliveredValue = {
  value: unknown;
  item: string;
  serviceId: string;
  providerAgencyId: string;
  updatedAt: string;
  verification: 'government-verified' | 'self-declared';
  /** The agency that issued the result the value was read from (issued-results provider). */
  issuer?: { agencyId: string; nameVi: string; nameEn: string };
};

export type DraftAttachment = {
  key: string;
  fileId: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
};

/** Where one answer came from. */
export type Provenance =
  | {
      source: 'exchange';
      item: string;
      serviceId: string;
      providerAgencyId: string;
      updatedAt: string;
      verification: 'government-verified';
      fetchedAt: string;
    }
  | {
      source: 'earlier-dossier';
      item: string;
      serviceId: string;
      updatedAt: string;
      verification: 'self-declared';
      fetchedAt: string;
      edited: false;
    }
  | {
      source: 'typed';
      item?: string;
      prefilledFrom?: { serviceId: string; verification: string; updatedAt: string };
    };

export type DossierRow = {
  id: string;
  code: string;
  procedure_code: string;
  procedure_name_vi: string;
  procedure_name_en: string;
  form_version: number;
  agency_id: string;
  account_id: string | null;
  personal_id: string;
  id_last4: string;
  applicant_name: string;
  contact_email: string | null;
  /** As typed in the form's field bound to `person.phone`; the notifier sends SMS to mobiles only. */
  contact_phone: string | null;
  channel: 'online' | 'counter';
  online_level: string;
  state: DossierState;
  resume_state: DossierState | null;
  answers: Record<string, unknown>;
  provenance: Record<string, Provenance>;
  processing_days: number;
  fee_vnd: number;
  paid_at: Date | null;
  payment_intent_id: string | null;
  submitted_at: Date;
  received_at: Date | null;
  due_date: string | null;
  pauses: { from: string; to: string | null; kind: 'supplement' | 'suspension' }[];
  extension_days: number;
  suspensions: number;
  assigned_official_id: string | null;
  step: string | null;
  target_agency_id: string | null;
  decided_at: Date | null;
  result_id: string | null;
  closed_at: Date | null;
  appointment_date: string | null;
  apology_for_due: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  draft_id: string | null;
  demo: boolean;
  version: number;
  updated_at: Date;
};

export type AttachmentRow = {
  id: string;
  dossier_id: string;
  key: string;
  file_id: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  phase: 'submission' | 'supplement';
  added_at: Date;
};

export type EventRow = {
  seq: number;
  dossier_id: string;
  at: Date;
  kind: string;
  from_state: string | null;
  to_state: string;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string | null;
  reason: string | null;
  details: Record<string, unknown>;
};

export type DossierTables = {
  'services.dossier_drafts': DraftRow;
  'services.dossier_sequences': { agency_id: string; day: string; last: number };
  'services.dossiers': DossierRow;
  'services.dossier_attachments': AttachmentRow;
  'services.dossier_events': Omit<EventRow, 'seq'> & { seq: Generated<number> };
};

export const dossierStates = [
  'submitted',
  'intake_review',
  'supplement_requested',
  'refused',
  'received',
  'in_processing',
  'sent_to_agency',
  'awaiting_payment',
  'suspended',
  'approved',
  'denied',
  'result_issued',
  'closed',
  'withdrawn',
] as const;
export type DossierState = (typeof dossierStates)[number];

export const stateLabels: Record<DossierState, { vi: string; en: string }> = {
  submitted: { vi: 'Đã nộp', en: 'Submitted' },
  intake_review: { vi: 'Đang kiểm tra tiếp nhận', en: 'Intake review' },
  supplement_requested: { vi: 'Yêu cầu bổ sung', en: 'Supplement requested' },
  refused: { vi: 'Từ chối tiếp nhận', en: 'Refused at intake' },
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  in_processing: { vi: 'Đang xử lý', en: 'In processing' },
  sent_to_agency: { vi: 'Chuyển cơ quan khác', en: 'Sent to another agency' },
  awaiting_payment: { vi: 'Chờ nộp phí', en: 'Awaiting payment' },
  suspended: { vi: 'Tạm dừng', en: 'Suspended' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  denied: { vi: 'Không giải quyết', en: 'Denied' },
  result_issued: { vi: 'Đã trả kết quả', en: 'Result issued' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
  withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
};

/** States in which the legal clock runs (received and not yet decided). */
export const clockRunning: DossierState[] = ['received', 'in_processing', 'sent_to_agency'];
