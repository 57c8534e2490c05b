import type { Answers, FormDefinition } from '../../../shared/forms/form-rules.ts';
import { ApiError, CSRF_HEADER, currentCsrfToken } from '../lib/api.ts';

/** Shapes of the dossiers API (docs/public-services.md, "Dossiers"). */
export type SourceInfo = {
  item: string;
  serviceId: string;
  nameVi: string;
  nameEn: string;
  verification: string;
  updatedAt: string | null;
};

export type Prefill = {
  item: string;
  serviceId: string;
  providerAgencyId: string;
  updatedAt: string;
  verification: 'government-verified' | 'self-declared';
  locked: boolean;
  label: { vi: string; en: string };
  /** For values from an issued result: the agency that issued it. */
  issuer?: { agencyId: string; nameVi: string; nameEn: string };
};

export type Draft = {
  id: string;
  procedure: {
    code: string;
    nameVi: string;
    nameEn: string;
    minimumAcr: string;
    processingDays: number;
    feeVnd: number;
  };
  formVersion: number;
  form: FormDefinition;
  agencyId: string;
  consent: 'pending' | 'accepted' | 'declined';
  neededItems: string[];
  sources: SourceInfo[];
  answers: Answers;
  prefill: Record<string, Prefill>;
  attachments: { key: string; fileId: string; filename: string; mediaType: string; sizeBytes: number }[];
  retentionDays: number;
  updatedAt: string;
  submittedDossierId: string | null;
};

export type DossierSummary = {
  id: string;
  code: string;
  procedureCode: string;
  procedureNameVi: string;
  procedureNameEn: string;
  agencyId: string;
  state: string;
  stateVi: string;
  stateEn: string;
  submittedAt: string;
  receivedAt: string | null;
  dueDate: string | null;
  appointmentDate: string | null;
  closedAt: string | null;
};

export type DossierDetail = DossierSummary & {
  feeVnd: number;
  resultId: string | null;
  paidAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  attachments: {
    id: string;
    key: string;
    filename: string;
    sizeBytes: number;
    addedAt: string;
    phase: 'submission' | 'supplement';
  }[];
  events: {
    seq: number;
    at: string;
    kind: string;
    fromState: string | null;
    toState: string | null;
    actorKind: string;
    actorLabel: string | null;
    reason: string | null;
  }[];
};

/** The 403 a level-2 procedure answers a level-1 session with. */
export function isStepUp(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 403 &&
    (error.problem as { reason?: string } | null)?.reason === 'step_up_required'
  );
}

/** Multipart upload of one attachment of a draft (`file` + `key`). */
export type DraftAttachment = Draft['attachments'][number];

export function uploadAttachment(draftId: string, key: string, file: File): Promise<DraftAttachment> {
  return upload(`/api/services/drafts/${encodeURIComponent(draftId)}/attachments`, key, file);
}

/** A file the agency asked for, added to a submitted dossier while a supplement is requested. */
export function uploadSupplement(code: string, key: string, file: File): Promise<DraftAttachment> {
  return upload(`/api/services/dossiers/mine/${encodeURIComponent(code)}/attachments`, key, file);
}

async function upload(url: string, key: string, file: File): Promise<DraftAttachment> {
  const form = new FormData();
  form.append('key', key);
  form.append('file', file);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = currentCsrfToken();
  if (token) headers[CSRF_HEADER] = token;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: form,
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body?.vi && body?.en ? body : null);
  return body as DraftAttachment;
}

/** The fee's payment intent (`GET /api/services/dossiers/mine/{code}/payment`). */
export type PaymentIntent = {
  id: string;
  amountVnd: number;
  orderRef: string;
  status: 'pending' | 'paid' | 'failed' | 'expired';
  vietQr: string;
  expiresAt: string;
  simulated: boolean;
  notice?: { vi: string; en: string };
};

/** The PDF receipt with the appointment date ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"). */
export const receiptUrl = (code: string) =>
  `/api/services/dossiers/mine/${encodeURIComponent(code)}/receipt.pdf`;
