import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

/** Shapes of the officer API (docs/public-services.md, "Dossiers", routes "officer"). */
export type Deadline = {
  daysLeft: number | null;
  overdue: boolean;
  colour: 'on-track' | 'due-soon' | 'overdue' | 'paused' | 'no-clock' | 'done';
};

export type CaseSummary = {
  id: string;
  code: string;
  procedureCode: string;
  procedureNameVi: string;
  procedureNameEn: string;
  agencyId: string;
  applicantName: string;
  channel: 'online' | 'counter';
  state: string;
  stateVi: string;
  stateEn: string;
  submittedAt: string;
  receivedAt: string | null;
  dueDate: string | null;
  appointmentDate: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  feeVnd: number;
  deadline: Deadline;
};

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
    }
  | {
      source: 'typed';
      item?: string;
      prefilledFrom?: { serviceId: string; verification: string; updatedAt: string };
    };

export type CaseEvent = {
  seq: number;
  at: string;
  kind: string;
  fromState: string | null;
  toState: string;
  actorKind: string;
  actorLabel: string | null;
  reason: string | null;
};

export type CaseDetail = CaseSummary & {
  formVersion: number;
  answers: Record<string, unknown>;
  provenance: Record<string, Provenance>;
  pauses: { from: string; to: string | null; kind: 'supplement' | 'suspension' }[];
  extensionDays: number;
  suspensions: number;
  assignedOfficialId: string | null;
  step: string | null;
  targetAgencyId: string | null;
  resultId: string | null;
  paidAt: string | null;
  attachments: {
    id: string;
    key: string;
    filename: string;
    mediaType: string;
    sizeBytes: number;
    phase: 'submission' | 'supplement';
    addedAt: string;
  }[];
  events: CaseEvent[];
  /** What this officer may do now (the server's state machine; a consulted agency only returns it). */
  allowedActions: string[];
};

export type QueueFilters = {
  agencyId?: string;
  state?: string;
  procedureCode?: string;
  overdue?: boolean;
  q?: string;
};

export const caseKeys = {
  queue: (filters: QueueFilters) => ['casework', 'queue', filters] as const,
  detail: (code: string) => ['casework', 'case', code] as const,
  all: ['casework'] as const,
};

export const casePath = (code: string) => `/api/services/cases/${encodeURIComponent(code)}`;

export function useQueue(filters: QueueFilters) {
  return useQuery({
    queryKey: caseKeys.queue(filters),
    queryFn: ({ signal }) =>
      api<{ agencyId: string | null; items: CaseSummary[] }>('/api/services/queue', {
        query: { ...filters, overdue: filters.overdue ? 'true' : undefined, limit: 200 },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useCase(code: string) {
  return useQuery({
    queryKey: caseKeys.detail(code),
    queryFn: ({ signal }) => api<CaseDetail>(casePath(code), { signal }),
    // A 403/404 will not change by asking again.
    retry: false,
  });
}
