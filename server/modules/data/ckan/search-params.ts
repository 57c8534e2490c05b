import type { PortalSearch } from '../portal/portal.service.ts';
import type { FacetField, SearchClause, SearchSort } from '../portal/portal.store.ts';
import { searchQueryError, validationError } from './envelope.ts';

/**
 * `package_search`'s parameters as CKAN documents them: `q` (words, accent-insensitive, and
 * `field:value` terms), `fq`/`fq_list` (the subset of Solr filter syntax CKAN clients send:
 * `field:value`, `field:"a b"`, `field:(a OR b)`, `+`/`-` prefixes, `AND`), `facet.field` (JSON
 * list), `rows` (≤ 1000), `start`, `sort`, `include_private`.
 */
const FIELDS: Record<string, SearchClause['field'] | 'dataset_type' | 'capacity' | 'state'> = {
  organization: 'organization',
  owner_org: 'organization',
  groups: 'groups',
  tags: 'tags',
  res_format: 'res_format',
  license_id: 'license_id',
  name: 'name',
  dataset_type: 'dataset_type',
  type: 'dataset_type',
  capacity: 'capacity',
  state: 'state',
};
const FACETS = new Set<FacetField>(['organization', 'groups', 'tags', 'res_format', 'license_id']);
const SORTS: Record<string, SearchSort['field']> = {
  score: 'score',
  name: 'name',
  title_string: 'title',
  title: 'title',
  metadata_modified: 'modified',
  metadata_created: 'created',
};
const KNOWN = new Set([
  'q',
  'fq',
  'fq_list',
  'sort',
  'rows',
  'start',
  'facet',
  'facet.field',
  'facet.limit',
  'facet.mincount',
  'include_private',
  'include_drafts',
  'include_deleted',
  'use_default_schema',
  'defType',
  'qf',
  'fl',
  'df',
  'q.op',
]);
export const MAX_ROWS = 1000;

const TERM = /([+-]?)([A-Za-z_]+):("([^"]*)"|\(([^)]*)\)|([^\s()"]+))/y;

/** Filter terms of an `fq` (or the field terms of a `q`); `rest` is what was not a term. */
function parseTerms(
  text: string,
  strict: boolean,
): { clauses: SearchClause[]; rest: string; impossible: boolean } {
  const clauses: SearchClause[] = [];
  let rest = '';
  let impossible = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      rest += char;
      i += 1;
      continue;
    }
    TERM.lastIndex = i;
    const match = TERM.exec(text);
    const field = match ? FIELDS[match[2]!] : undefined;
    if (!match || !field) {
      const end = text.slice(i).search(/\s/);
      const word = end < 0 ? text.slice(i) : text.slice(i, i + end);
      if (strict && !/^(AND|\+)$/.test(word)) throw searchQueryError(`cannot read the filter "${word}"`);
      if (!/^(AND|OR|\+)$/.test(word)) rest += word;
      i += word.length;
      continue;
    }
    i = TERM.lastIndex;
    const values = (
      match[4] !== undefined
        ? [match[4]]
        : match[5] !== undefined
          ? match[5].split(/\s+OR\s+|\s+/).map((v) => v.replace(/^"|"$/g, ''))
          : [match[6]!]
    ).filter((v) => v !== '' && v !== 'OR');
    const negate = match[1] === '-';
    if (field === 'dataset_type' || field === 'capacity' || field === 'state') {
      const fine =
        (field === 'dataset_type' && values.includes('dataset')) ||
        (field === 'capacity' && values.includes('public')) ||
        (field === 'state' && values.includes('active'));
      if (fine === negate) impossible = true;
      continue;
    }
    if (values.length === 0) throw searchQueryError(`empty value for ${match[2]}`);
    clauses.push({ field, values, negate });
  }
  return { clauses, rest: rest.trim(), impossible };
}

function integer(value: unknown, field: string, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min) throw validationError({ [field]: ['Invalid integer'] });
  return n;
}

export const asBoolean = (value: unknown, field: string, fallback: boolean) => {
  if (value === undefined || value === '') return fallback;
  if (value === true || value === 'true' || value === 'True' || value === '1') return true;
  if (value === false || value === 'false' || value === 'False' || value === '0') return false;
  throw validationError({ [field]: ['Not a boolean'] });
};

const text = (value: unknown, field: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw validationError({ [field]: ['Not a string'] });
  return value;
};

export function packageSearchParams(
  data: Record<string, unknown>,
): PortalSearch & { facetRequested: boolean; impossible: boolean } {
  const unknown = Object.keys(data).filter((key) => !KNOWN.has(key) && !key.startsWith('ext_'));
  if (unknown.length) throw searchQueryError(`Invalid search parameters: ${JSON.stringify(unknown)}`);
  const clauses: SearchClause[] = [];
  let impossible = false;
  const q = text(data.q, 'q') ?? '';
  const fromQ = parseTerms(q.replace(/\*:\*/g, ' '), false);
  clauses.push(...fromQ.clauses);
  impossible ||= fromQ.impossible;
  const filterTexts = [text(data.fq, 'fq') ?? ''];
  if (data.fq_list !== undefined) {
    const list = Array.isArray(data.fq_list) ? data.fq_list : [data.fq_list];
    for (const item of list) filterTexts.push(text(item, 'fq_list') ?? '');
  }
  for (const filter of filterTexts) {
    const parsed = parseTerms(filter, true);
    clauses.push(...parsed.clauses);
    impossible ||= parsed.impossible;
  }
  const rows = Math.min(integer(data.rows, 'rows', 10, 0), MAX_ROWS);
  const start = integer(data.start, 'start', 0, 0);
  const sortText = text(data.sort, 'sort')?.trim() || 'score desc, metadata_modified desc';
  const sort: SearchSort[] = sortText.split(',').map((part) => {
    const [field = '', direction = 'asc', extra] = part.trim().split(/\s+/);
    const mapped = SORTS[field];
    if (!mapped || !['asc', 'desc'].includes(direction) || extra)
      throw searchQueryError(`cannot sort by "${part.trim()}"`);
    return { field: mapped, direction: direction as 'asc' | 'desc' };
  });
  let facets: FacetField[] = [];
  const facetOn = asBoolean(data.facet, 'facet', true);
  if (data['facet.field'] !== undefined && facetOn) {
    let list: unknown = data['facet.field'];
    if (typeof list === 'string') {
      try {
        list = JSON.parse(list);
      } catch {
        throw validationError({ 'facet.field': ['Not a JSON list'] });
      }
    }
    if (!Array.isArray(list) || list.some((f) => typeof f !== 'string'))
      throw validationError({ 'facet.field': ['Not a list of field names'] });
    const unknownFacets = (list as string[]).filter((f) => !FACETS.has(f as FacetField));
    if (unknownFacets.length) throw searchQueryError(`cannot facet on ${unknownFacets.join(', ')}`);
    facets = [...new Set(list as FacetField[])];
  }
  const facetLimitRaw = integer(data['facet.limit'], 'facet.limit', 50, -1);
  return {
    ...(fromQ.rest ? { q: fromQ.rest } : {}),
    clauses,
    includePrivate: asBoolean(data.include_private, 'include_private', false),
    sort,
    start,
    rows,
    facets,
    facetLimit: facetLimitRaw < 0 ? 1000 : Math.min(facetLimitRaw, 1000),
    facetMinCount: integer(data['facet.mincount'], 'facet.mincount', 1, 0),
    facetRequested: facets.length > 0,
    impossible,
  };
}
