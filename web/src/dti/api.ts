import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

/**
 * The digital-transformation index API (`/api/dti/*`, docs/dti.md): the shapes the server's
 * schemas give and one query hook per read. Writes are plain `api()` calls in the screens that make them.
 */
export type UnitSet = 'departments' | 'communes' | 'provinces';
export type Rule =
  | { kind: 'boolean' }
  | { kind: 'ratio'; target?: number }
  | { kind: 'thresholds'; steps: { min: number; points: number }[] }
  | { kind: 'formula'; expression: string; inputs: string[] }
  | { kind: 'appraiser' };
export type EvidenceField = 'number' | 'title' | 'date' | 'file';
export type SubIndex = {
  code: string;
  nameVi: string;
  nameEn: string;
  maxPoints: number;
  rule: Rule;
  source: 'self' | 'measured' | 'appraiser';
  indicatorCode?: string;
  appliesTo?: { unitKinds?: string[]; tags?: string[] };
  evidence: { required: boolean; fields: EvidenceField[] };
};
export type MainIndex = { code: string; nameVi: string; nameEn: string; subIndices: SubIndex[] };
export type Group = { code: string; nameVi: string; nameEn: string; weight: number; indices: MainIndex[] };
export type FrameworkTree = { groups: Group[] };
export type FrameworkSummary = {
  id: string;
  code: string;
  year: number;
  unitSet: UnitSet;
  version: number;
  titleVi: string;
  titleEn: string;
  weightsArePlaceholders: boolean;
  reference: boolean;
  basedOnId: string | null;
  noteVi: string | null;
  noteEn: string | null;
  createdAt: string;
  counts: { groups: number; mainIndices: number; subIndices: number; maxPoints: number };
};
export type FrameworkDetail = FrameworkSummary & { tree: FrameworkTree };

export type Evidence = { documentNumber: string; title: string; date: string; fileId: string | null };
export type EvidenceFile = { fileId: string; filename: string; mediaType: string; sizeBytes: number };
export type Provenance = {
  kind: 'measured';
  indicatorCode: string;
  period: string;
  observedValue: number | null;
  computedAt: string;
  detail: string | null;
};
export type EntryStatus = 'draft' | 'submitted' | 'accepted' | 'adjusted' | 'clarification';
export type Entry = {
  unitId: string;
  code: string;
  value: number | null;
  evidence: Evidence[];
  status: EntryStatus;
  appraisedValue: number | null;
  reason: string | null;
  provenance: Provenance | null;
  updatedAt: string;
};
export type CycleUnit = {
  unitId: string;
  unitKind: string;
  peerGroup: string;
  tags: string[];
  status: 'draft' | 'submitted';
  submittedAt: string | null;
};
export type CycleStatus = 'open' | 'finalised' | 'published';
export type Cycle = {
  id: string;
  frameworkId: string;
  frameworkCode: string;
  year: number;
  status: CycleStatus;
  openedAt: string;
  finalisedAt: string | null;
  publishedAt: string | null;
  weightsArePlaceholders: boolean;
  units: CycleUnit[];
};

export type UnitResult = {
  unitId: string;
  unitNameVi: string;
  unitNameEn: string;
  peerGroup: string | null;
  index: number;
  rank: number;
  peerRank: number | null;
  /** Group code → index 0–1 (null where nothing in the group applies to the unit). */
  groups: Record<string, number | null>;
  /** Main-index code → index 0–1 (null where none of its sub-indices applies). */
  mainIndices: Record<string, number | null>;
  change: { index: number; rank: number } | null;
};
export type Results = {
  cycleId: string;
  year: number;
  frameworkCode: string;
  status: CycleStatus;
  weightsArePlaceholders: boolean;
  previousCycleId: string | null;
  groups: { code: string; nameVi: string; nameEn: string; weight: number }[];
  mainIndices: { code: string; groupCode: string; nameVi: string; nameEn: string }[];
  units: UnitResult[];
};
export type Sensitivity = {
  weightsArePlaceholders: boolean;
  perturbations: number;
  spread: number;
  seed: number;
  normalisation: string | null;
  units: {
    unitId: string;
    index: number;
    rank: number;
    minRank: number;
    maxRank: number;
    p5: number;
    p95: number;
  }[];
};
export type WhatIf = {
  unitId: string;
  before: { index: number; rank: number };
  after: { index: number; rank: number };
};
export type PublishedCycle = { id: string; frameworkCode: string; year: number; publishedAt: string | null };
export type Normalisation = 'minmax' | 'zscore' | 'target';

/** Officials read everything they may through `/api/dti`; the public reads published results only. */
export type Audience = 'official' | 'public';
const resultsBase = (audience: Audience) =>
  audience === 'public' ? '/api/dti/public/cycles' : '/api/dti/cycles';

export const dtiKeys = {
  frameworks: (query: { year?: number; unitSet?: UnitSet }) => ['dti', 'frameworks', query] as const,
  framework: (id: string) => ['dti', 'framework', id] as const,
  cycles: ['dti', 'cycles'] as const,
  cycle: (id: string) => ['dti', 'cycle', id] as const,
  entries: (cycleId: string, unitId: string) => ['dti', 'entries', cycleId, unitId] as const,
  results: (audience: Audience, cycleId: string) => ['dti', 'results', audience, cycleId] as const,
  sensitivity: (audience: Audience, cycleId: string, query: object) =>
    ['dti', 'sensitivity', audience, cycleId, query] as const,
  published: ['dti', 'published'] as const,
};

export function useFrameworks(query: { year?: number; unitSet?: UnitSet } = {}) {
  return useQuery({
    queryKey: dtiKeys.frameworks(query),
    queryFn: ({ signal }) => api<FrameworkSummary[]>('/api/dti/frameworks', { query, signal }),
  });
}

export function useFramework(id: string | undefined) {
  return useQuery({
    queryKey: dtiKeys.framework(id ?? ''),
    queryFn: ({ signal }) => api<FrameworkDetail>(`/api/dti/frameworks/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useCycles(enabled = true) {
  return useQuery({
    queryKey: dtiKeys.cycles,
    queryFn: ({ signal }) => api<Cycle[]>('/api/dti/cycles', { signal }),
    enabled,
  });
}

export function useCycle(id: string | undefined) {
  return useQuery({
    queryKey: dtiKeys.cycle(id ?? ''),
    queryFn: ({ signal }) => api<Cycle>(`/api/dti/cycles/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useEntries(cycleId: string | undefined, unitId: string | undefined) {
  return useQuery({
    queryKey: dtiKeys.entries(cycleId ?? '', unitId ?? ''),
    queryFn: ({ signal }) => api<Entry[]>(`/api/dti/cycles/${cycleId}/units/${unitId}/entries`, { signal }),
    enabled: Boolean(cycleId && unitId),
  });
}

export function useResults(audience: Audience, cycleId: string | undefined) {
  return useQuery({
    queryKey: dtiKeys.results(audience, cycleId ?? ''),
    queryFn: ({ signal }) => api<Results>(`${resultsBase(audience)}/${cycleId}/results`, { signal }),
    enabled: Boolean(cycleId),
  });
}

export function useSensitivity(
  audience: Audience,
  cycleId: string | undefined,
  query: { perturbations?: number; spread?: number; seed?: number; normalisation?: Normalisation },
) {
  return useQuery({
    queryKey: dtiKeys.sensitivity(audience, cycleId ?? '', query),
    queryFn: ({ signal }) =>
      api<Sensitivity>(`${resultsBase(audience)}/${cycleId}/sensitivity`, { query, signal }),
    enabled: Boolean(cycleId),
  });
}

export function usePublishedCycles() {
  return useQuery({
    queryKey: dtiKeys.published,
    queryFn: ({ signal }) => api<PublishedCycle[]>('/api/dti/public/cycles', { signal }),
  });
}

/** XLSX of the ranking, for the audience's own endpoint. */
export const resultsXlsxUrl = (audience: Audience, cycleId: string) =>
  `${resultsBase(audience)}/${cycleId}/results.xlsx`;

/** Where every sub-index of a framework tree sits, flattened in display order. */
export function flattenTree(tree: FrameworkTree) {
  return tree.groups.flatMap((group) =>
    group.indices.flatMap((main) => main.subIndices.map((sub) => ({ group, main, sub }))),
  );
}
