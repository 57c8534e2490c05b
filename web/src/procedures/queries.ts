import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import type { FormVersions, ProcedureList, ProcedurePage, PublishedForm } from './types.ts';

const enc = encodeURIComponent;

export const procedurePaths = {
  list: '/api/services/procedures',
  procedure: (code: string) => `/api/services/procedures/${enc(code)}`,
  form: (code: string) => `/api/services/procedures/${enc(code)}/form`,
  versions: (code: string) => `/api/services/procedures/${enc(code)}/forms`,
  draft: (code: string) => `/api/services/procedures/${enc(code)}/forms/draft`,
  publish: (code: string) => `/api/services/procedures/${enc(code)}/forms/draft/publish`,
  validate: (code: string) => `/api/services/procedures/${enc(code)}/forms/validate`,
};

export const procedureKeys = {
  all: ['procedures'] as const,
  list: (filters: object) => ['procedures', 'list', filters] as const,
  page: (code: string) => ['procedures', 'page', code] as const,
  form: (code: string, version?: number) => ['procedures', 'form', code, version ?? null] as const,
  versions: (code: string) => ['procedures', 'versions', code] as const,
};

export type ProcedureFilters = { q?: string; field?: string; agencyId?: string };

export function useProcedures(filters: ProcedureFilters) {
  return useQuery({
    queryKey: procedureKeys.list(filters),
    queryFn: ({ signal }) =>
      api<ProcedureList>(procedurePaths.list, { query: { ...filters, limit: 200 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useProcedurePage(code: string) {
  return useQuery({
    queryKey: procedureKeys.page(code),
    queryFn: ({ signal }) => api<ProcedurePage>(procedurePaths.procedure(code), { signal }),
  });
}

/** The published form (the newest, or `version`): for the dossiers part's form page too. */
export function usePublishedForm(code: string, version?: number) {
  return useQuery({
    queryKey: procedureKeys.form(code, version),
    queryFn: ({ signal }) => api<PublishedForm>(procedurePaths.form(code), { query: { version }, signal }),
  });
}

export function useFormVersions(code: string) {
  return useQuery({
    queryKey: procedureKeys.versions(code),
    queryFn: ({ signal }) => api<FormVersions>(procedurePaths.versions(code), { signal }),
  });
}
