import {
  type DatasetSort,
  datasetSorts,
  type ItemType,
  itemTypes,
  type Sensitivity,
  type SharingLevel,
  sensitivities,
  sharingLevels,
} from './types.ts';

/**
 * Search parameters of the city-data pages, kept in the address so a search can be shared and
 * bookmarked. Only valid values pass; the server checks again. (Free of React: the router imports it.)
 */
const text = (value: unknown, max = 100) =>
  typeof value === 'string' && value.trim() ? value.slice(0, max) : undefined;
const SLUG = /^[A-Za-z0-9._+-]{1,100}$/;
const slug = (value: unknown) => (typeof value === 'string' && SLUG.test(value) ? value : undefined);
const page = (value: unknown) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 1 && number < 10_000 ? number : undefined;
};
const oneOf = <T extends string>(values: readonly T[], value: unknown) =>
  values.includes(value as T) ? (value as T) : undefined;

export type PortalSearch = {
  q?: string;
  organization?: string;
  group?: string;
  tag?: string;
  format?: string;
  license?: string;
  sort?: DatasetSort;
  page?: number;
};

export function portalSearch(search: Record<string, unknown>): PortalSearch {
  return {
    q: text(search.q, 200),
    organization: slug(search.organization),
    group: slug(search.group),
    tag: text(search.tag),
    format: slug(search.format),
    license: slug(search.license),
    sort: oneOf(datasetSorts, search.sort),
    page: page(search.page),
  };
}

export type StandardsSearch = { q?: string; sensitivity?: Sensitivity; type?: ItemType; source?: string };

export function standardsSearch(search: Record<string, unknown>): StandardsSearch {
  return {
    q: text(search.q),
    sensitivity: oneOf(sensitivities, search.sensitivity),
    type: oneOf(itemTypes, search.type),
    source: slug(search.source),
  };
}

export type CatalogueSearch = { q?: string; owner?: string; sharing?: SharingLevel; connection?: string };

export function catalogueSearch(search: Record<string, unknown>): CatalogueSearch {
  return {
    q: text(search.q),
    owner: slug(search.owner),
    sharing: oneOf(sharingLevels, search.sharing),
    connection: slug(search.connection),
  };
}
