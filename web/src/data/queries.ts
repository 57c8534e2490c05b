import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../lib/api.ts';
import type {
  CatalogueEntryDetail,
  CatalogueList,
  CodeList,
  CodeListSummary,
  DataItemDetail,
  DataItemList,
  Dataset,
  DatasetSearchResult,
  DatastorePage,
  NationalSource,
  PortalVocabularies,
} from './types.ts';

const enc = encodeURIComponent;
const HOUR = 60 * 60 * 1000;

/** Query keys: everything of the data area starts with `data`, so one invalidation refreshes it all. */
export const dataKeys = {
  all: ['data'] as const,
  items: (filters: object) => ['data', 'items', filters] as const,
  item: (code: string) => ['data', 'item', code] as const,
  codeLists: () => ['data', 'code-lists'] as const,
  codeList: (code: string) => ['data', 'code-list', code] as const,
  sources: () => ['data', 'sources'] as const,
  catalogue: (filters: object) => ['data', 'catalogue', filters] as const,
  entry: (id: string) => ['data', 'entry', id] as const,
  datasets: (filters: object) => ['data', 'datasets', filters] as const,
  dataset: (name: string) => ['data', 'dataset', name] as const,
  vocabularies: () => ['data', 'vocabularies'] as const,
  preview: (resourceId: string, query: object) => ['data', 'preview', resourceId, query] as const,
};

// ——— Dictionary ———

export const dictionaryPaths = {
  items: '/api/data/items',
  item: (code: string) => `/api/data/items/${enc(code)}`,
  itemSchema: (code: string, version?: number) =>
    `/api/data/items/${enc(code)}/schema.json${version ? `?version=${version}` : ''}`,
  schema: '/api/data/items/schema.json',
  csv: '/api/data/items.csv',
  codeLists: '/api/data/code-lists',
  codeList: (code: string) => `/api/data/code-lists/${enc(code)}`,
  sources: '/api/data/sources',
};

export type ItemFilters = { q?: string; sensitivity?: string; type?: string; source?: string };

export function useItems(filters: ItemFilters) {
  return useQuery({
    queryKey: dataKeys.items(filters),
    queryFn: ({ signal }) =>
      api<DataItemList>(dictionaryPaths.items, { query: { ...filters, limit: 1000 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useItem(code: string) {
  return useQuery({
    queryKey: dataKeys.item(code),
    queryFn: ({ signal }) => api<DataItemDetail>(dictionaryPaths.item(code), { signal }),
  });
}

export function useCodeLists() {
  return useQuery({
    queryKey: dataKeys.codeLists(),
    queryFn: ({ signal }) => api<CodeListSummary[]>(dictionaryPaths.codeLists, { signal }),
    staleTime: HOUR,
  });
}

export function useCodeList(code: string | null) {
  return useQuery({
    queryKey: dataKeys.codeList(code ?? ''),
    queryFn: ({ signal }) => api<CodeList>(dictionaryPaths.codeList(code!), { signal }),
    enabled: Boolean(code),
    staleTime: HOUR,
  });
}

/** The national databases: authoritative sources of items, connections of catalogue entries. */
export function useSources() {
  return useQuery({
    queryKey: dataKeys.sources(),
    queryFn: ({ signal }) => api<NationalSource[]>(dictionaryPaths.sources, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

// ——— Catalogue ———

export const cataloguePaths = {
  entries: '/api/data/catalogue/entries',
  entry: (id: string) => `/api/data/catalogue/entries/${enc(id)}`,
  xlsx: '/api/data/catalogue.xlsx',
};

export type CatalogueFilters = {
  q?: string;
  ownerAgencyId?: string;
  sharingLevel?: string;
  nationalConnection?: string;
};

export function useCatalogue(filters: CatalogueFilters) {
  return useQuery({
    queryKey: dataKeys.catalogue(filters),
    queryFn: ({ signal }) =>
      api<CatalogueList>(cataloguePaths.entries, { query: { ...filters, limit: 500 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCatalogueEntry(id: string) {
  return useQuery({
    queryKey: dataKeys.entry(id),
    queryFn: ({ signal }) => api<CatalogueEntryDetail>(cataloguePaths.entry(id), { signal }),
  });
}

// ——— Open-data portal ———

export const portalPaths = {
  datasets: '/api/data/portal/datasets',
  dataset: (name: string) => `/api/data/portal/datasets/${enc(name)}`,
  uploads: (name: string) => `/api/data/portal/datasets/${enc(name)}/resources`,
  links: (name: string) => `/api/data/portal/datasets/${enc(name)}/links`,
  resource: (resourceId: string) => `/api/data/portal/resources/${enc(resourceId)}`,
  resourceFile: (resourceId: string) => `/api/data/portal/resources/${enc(resourceId)}/file`,
  resourceCheck: (resourceId: string) => `/api/data/portal/resources/${enc(resourceId)}/check`,
  vocabularies: '/api/data/portal/vocabularies',
};

/** The portal's search: words (accent-insensitive), comma-separated facet values, sort and page. */
export type DatasetFilters = {
  q?: string;
  organization?: string;
  group?: string;
  tag?: string;
  format?: string;
  license?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
  includePrivate?: 'true';
};

export function useDatasets(filters: DatasetFilters) {
  return useQuery({
    queryKey: dataKeys.datasets(filters),
    queryFn: ({ signal }) => api<DatasetSearchResult>(portalPaths.datasets, { query: filters, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDataset(name: string) {
  return useQuery({
    queryKey: dataKeys.dataset(name),
    queryFn: ({ signal }) => api<Dataset>(portalPaths.dataset(name), { signal }),
  });
}

/** Themes (the portal's groups), licences, update frequencies and upload formats. */
export function useVocabularies() {
  return useQuery({
    queryKey: dataKeys.vocabularies(),
    queryFn: ({ signal }) => api<PortalVocabularies>(portalPaths.vocabularies, { signal }),
    staleTime: HOUR,
  });
}

// ——— DataStore (the CKAN Action API's `datastore_search`, as every CKAN client calls it) ———

export type PreviewQuery = {
  q?: string;
  filters?: Record<string, string>;
  sort?: string;
  limit: number;
  offset: number;
};

/** `GET /api/3/action/datastore_search?…`: the address a reader can also call (the API snippet). */
export function datastoreSearchUrl(resourceId: string, query: Partial<PreviewQuery>): string {
  const params = new URLSearchParams({ resource_id: resourceId });
  if (query.q) params.set('q', query.q);
  if (query.filters && Object.keys(query.filters).length)
    params.set('filters', JSON.stringify(query.filters));
  if (query.sort) params.set('sort', query.sort);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset) params.set('offset', String(query.offset));
  return `/api/3/action/datastore_search?${params.toString()}`;
}

type CkanEnvelope<T> = { help: string; success: true; result: T };
type CkanDatastoreResult = {
  fields: { id: string; type: string }[];
  records: Record<string, unknown>[];
  total?: number;
  total_was_estimated?: boolean;
};

type CkanFailure = { success: false; error?: { __type?: string; message?: string } };

/**
 * A read of the CKAN Action API. Its errors are CKAN-shaped (`error.__type`, `error.message`,
 * English only), not problem+json: they become an `ApiError` whose problem carries CKAN's message.
 */
async function ckanGet<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    signal,
  });
  const body = (await response.json().catch(() => null)) as CkanEnvelope<T> | CkanFailure | null;
  if (response.ok && body?.success) return body.result;
  const error = body && 'error' in body ? body.error : undefined;
  const detail = [error?.__type, error?.message].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  const title = { vi: 'Không truy vấn được kho dữ liệu', en: 'The DataStore query failed' };
  throw new ApiError(response.status, {
    code: 'ckan_error',
    status: response.status,
    title: title.vi,
    detail,
    vi: { title: title.vi, detail },
    en: { title: title.en, detail },
  });
}

export function useDatastorePage(resourceId: string, query: PreviewQuery) {
  return useQuery({
    queryKey: dataKeys.preview(resourceId, query),
    queryFn: async ({ signal }): Promise<DatastorePage> => {
      const result = await ckanGet<CkanDatastoreResult>(
        `${datastoreSearchUrl(resourceId, query)}&include_total=true`,
        signal,
      );
      return {
        fields: result.fields,
        records: result.records,
        total: result.total ?? null,
        totalWasEstimated: result.total_was_estimated ?? false,
        nextAfter: null,
      };
    },
    placeholderData: keepPreviousData,
  });
}
