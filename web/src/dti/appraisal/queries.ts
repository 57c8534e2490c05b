import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { Cycle, EntryStatus } from '../api.ts';

/** Appraisal progress and assignments (`/api/dti/cycles/:id/appraisal`, `/api/dti/appraisers`). */
export type Appraiser = { officialId: string; fullName: string };
export type UnitProgress = {
  unitId: string;
  nameVi: string;
  nameEn: string;
  status: 'draft' | 'submitted';
  submittedAt: string | null;
  items: Record<EntryStatus, number>;
  appraisers: Appraiser[];
  assignedToMe: boolean;
};

export const appraisalKeys = {
  progress: (cycleId: string) => ['dti', 'appraisal', cycleId] as const,
  appraisers: ['dti', 'appraisers'] as const,
};

const progressQuery = (cycleId: string) => ({
  queryKey: appraisalKeys.progress(cycleId),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api<UnitProgress[]>(`/api/dti/cycles/${cycleId}/appraisal`, { signal }),
});

export function useProgress(cycleId: string | undefined) {
  return useQuery({ ...progressQuery(cycleId ?? ''), enabled: Boolean(cycleId) });
}

/** Progress of several cycles at once (the appraiser's queue spans every open cycle). */
export function useProgressOf(cycles: Cycle[]) {
  return useQueries({ queries: cycles.map((cycle) => progressQuery(cycle.id)) });
}

export function useAppraisers(enabled: boolean) {
  return useQuery({
    queryKey: appraisalKeys.appraisers,
    queryFn: ({ signal }) => api<Appraiser[]>('/api/dti/appraisers', { signal }),
    enabled,
  });
}
