import { slugOf } from '../../data/format.ts';
import type { PublishedCycle, Results, UnitResult } from '../api.ts';

/** What the ranking table may be sorted by: a fixed column or a group code (`group:<code>`). */
export type SortKey = 'rank' | 'name' | 'peerRank' | 'index' | 'change' | `group:${string}`;
export type Sort = { key: SortKey; direction: 'asc' | 'desc' };
export type RankingFilter = { query: string; peerGroup: string; sort: Sort; language: 'vi' | 'en' };

/** A name without accents, lower case, words joined by "-", so "hoan kiem" finds "Hoàn Kiếm". */
const folded = (text: string) => slugOf(text);

export function matchesName(unit: Pick<UnitResult, 'unitNameVi' | 'unitNameEn'>, query: string): boolean {
  const wanted = folded(query);
  if (!wanted) return true;
  return folded(unit.unitNameVi).includes(wanted) || folded(unit.unitNameEn).includes(wanted);
}

/** The value a unit sorts by; null (not applicable, no previous year) sorts last either way. */
function sortValue(unit: UnitResult, key: SortKey, language: 'vi' | 'en'): number | string | null {
  if (key === 'rank') return unit.rank;
  if (key === 'name') return language === 'en' ? unit.unitNameEn : unit.unitNameVi;
  if (key === 'peerRank') return unit.peerRank;
  if (key === 'index') return unit.index;
  if (key === 'change') return unit.change?.rank ?? null;
  return unit.groups[key.slice('group:'.length)] ?? null;
}

export function filterAndSort(units: UnitResult[], filter: RankingFilter): UnitResult[] {
  const { key, direction } = filter.sort;
  const sign = direction === 'asc' ? 1 : -1;
  return units
    .filter((unit) => !filter.peerGroup || unit.peerGroup === filter.peerGroup)
    .filter((unit) => matchesName(unit, filter.query))
    .map((unit) => ({ unit, value: sortValue(unit, key, filter.language) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null)
        return a.value === b.value ? a.unit.rank - b.unit.rank : a.value === null ? 1 : -1;
      const order =
        typeof a.value === 'string' && typeof b.value === 'string'
          ? a.value.localeCompare(b.value, filter.language)
          : Number(a.value) - Number(b.value);
      return sign * order || a.unit.rank - b.unit.rank;
    })
    .map(({ unit }) => unit);
}

/** Clicking a column: ascending first (descending first for indices, where higher is better), then the other way. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  const higherFirst = key === 'index' || key === 'change' || key.startsWith('group:');
  return { key, direction: higherFirst ? 'desc' : 'asc' };
}

/** Peer groups present in the results, in a stable order. */
export const peerGroupsOf = (units: UnitResult[]) =>
  [...new Set(units.map((unit) => unit.peerGroup).filter((group): group is string => Boolean(group)))].sort();

/** An index 0–1 to three decimals, with the language's decimal mark. */
export function formatIndex(value: number | null | undefined, language: 'vi' | 'en'): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', {
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
  }).format(value);
}

/** The rank change as an arrow and a direction: positive means the unit moved up. */
export function changeOf(
  change: UnitResult['change'],
): { arrow: string; direction: 'up' | 'down' | 'same' } | null {
  if (!change) return null;
  if (change.rank > 0) return { arrow: '▲', direction: 'up' };
  if (change.rank < 0) return { arrow: '▼', direction: 'down' };
  return { arrow: '▶', direction: 'same' };
}

/** Five equal classes over 0–1, the same every year so maps of different years compare. */
export const indexClasses = [
  { from: 0, to: 0.2, colour: '#eff3ff' },
  { from: 0.2, to: 0.4, colour: '#bdd7e7' },
  { from: 0.4, to: 0.6, colour: '#6baed6' },
  { from: 0.6, to: 0.8, colour: '#3182bd' },
  { from: 0.8, to: 1, colour: '#08519c' },
] as const;
export const NO_RESULT_COLOUR = '#ced4da';

export function colourOfIndex(value: number | undefined): string {
  if (value === undefined) return NO_RESULT_COLOUR;
  const position = Math.min(indexClasses.length - 1, Math.max(0, Math.floor(value * indexClasses.length)));
  return indexClasses[position]!.colour;
}

/** The same framework's published cycles, newest first; `years` for the year picker. */
export function cyclesOfFramework(cycles: PublishedCycle[], frameworkCode: string): PublishedCycle[] {
  return cycles.filter((cycle) => cycle.frameworkCode === frameworkCode).sort((a, b) => b.year - a.year);
}

/** The cycle shown when none is named: the latest year, then the latest published. */
export function latestCycle(cycles: PublishedCycle[]): PublishedCycle | undefined {
  return [...cycles].sort(
    (a, b) => b.year - a.year || (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''),
  )[0];
}

export type TrendPoint = { year: number; cycleId: string; index: number | null; rank: number | null };

/** One unit's index and rank in each cycle's results, oldest year first (null where it was not assessed). */
export function trendOf(
  results: Pick<Results, 'cycleId' | 'year' | 'units'>[],
  unitId: string,
): TrendPoint[] {
  return [...results]
    .sort((a, b) => a.year - b.year)
    .map((result) => {
      const unit = result.units.find((candidate) => candidate.unitId === unitId);
      return {
        year: result.year,
        cycleId: result.cycleId,
        index: unit?.index ?? null,
        rank: unit?.rank ?? null,
      };
    });
}
