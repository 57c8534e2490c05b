import { useQuery } from '@tanstack/react-query';
import { api, type BilingualText } from '../lib/api.ts';
import type { TreeNode, Unit, UnitDetail, UnitKind } from '../lib/types.ts';

export type BoundaryFeature = {
  type: 'Feature';
  id: string;
  properties: { id: string; nameVi: string; nameEn: string; kind: UnitKind; codes: Record<string, string> };
  geometry: unknown;
};

export type Boundaries = {
  type: 'FeatureCollection';
  at: string;
  attribution: BilingualText[];
  features: BoundaryFeature[];
};

const HOUR = 60 * 60 * 1000;

export function useUnitTree(at: string, enabled = true) {
  return useQuery({
    queryKey: ['org', 'tree', at],
    queryFn: ({ signal }) =>
      api<{ at: string; tree: TreeNode[] }>('/api/org/tree', { query: { at }, signal }),
    enabled,
    staleTime: HOUR,
  });
}

export function useUnits(filter: { at: string; kind?: UnitKind; q?: string }, enabled = true) {
  return useQuery({
    queryKey: ['org', 'units', filter],
    queryFn: ({ signal }) => api<{ at: string; units: Unit[] }>('/api/org/units', { query: filter, signal }),
    enabled,
    staleTime: HOUR,
  });
}

export function useUnit(unitId: string | null | undefined) {
  return useQuery({
    queryKey: ['org', 'unit', unitId],
    queryFn: ({ signal }) => api<UnitDetail>(`/api/org/units/${encodeURIComponent(unitId!)}`, { signal }),
    enabled: Boolean(unitId),
    staleTime: HOUR,
  });
}

export function useBoundaries(at: string) {
  return useQuery({
    queryKey: ['org', 'boundaries', at],
    queryFn: ({ signal }) => api<Boundaries>('/api/org/boundaries', { query: { at }, signal }),
    staleTime: HOUR,
  });
}
