import { describe, expect, it } from 'vitest';
import type { Results, UnitResult } from '../api.ts';
import { indexChartOption, mainIndexAxes } from './group-chart.ts';
import {
  changeOf,
  colourOfIndex,
  filterAndSort,
  formatIndex,
  latestCycle,
  NO_RESULT_COLOUR,
  nextSort,
  peerGroupsOf,
  trendOf,
} from './ranking.ts';

const unit = (over: Partial<UnitResult> & { unitId: string }): UnitResult => ({
  unitNameVi: over.unitId,
  unitNameEn: over.unitId,
  peerGroup: 'departments',
  index: 0,
  rank: 1,
  peerRank: 1,
  groups: {},
  mainIndices: {},
  change: null,
  ...over,
});

const units = [
  unit({
    unitId: 'so-y-te',
    unitNameVi: 'Sở Y tế',
    unitNameEn: 'Department of Health',
    index: 0.8,
    rank: 1,
    groups: { I: 0.9, II: null },
    change: { index: 0.1, rank: 2 },
  }),
  unit({
    unitId: 'comm-00070',
    unitNameVi: 'Phường Hoàn Kiếm',
    unitNameEn: 'Hoan Kiem Ward',
    peerGroup: 'communes',
    index: 0.5,
    rank: 2,
    groups: { I: 0.2, II: 0.7 },
    change: { index: -0.1, rank: -1 },
  }),
  unit({
    unitId: 'so-xay-dung',
    unitNameVi: 'Sở Xây dựng',
    unitNameEn: 'Department of Construction',
    index: 0.3,
    rank: 3,
    peerRank: 2,
    groups: { I: 0.4, II: 0.1 },
  }),
];
const base = { query: '', peerGroup: '', sort: { key: 'rank', direction: 'asc' }, language: 'vi' } as const;
const ids = (list: UnitResult[]) => list.map((u) => u.unitId);

describe('ranking table helpers', () => {
  it('finds names without accents, in either language', () => {
    expect(ids(filterAndSort(units, { ...base, query: 'hoan kiem' }))).toEqual(['comm-00070']);
    expect(ids(filterAndSort(units, { ...base, query: 'Xây' }))).toEqual(['so-xay-dung']);
    expect(ids(filterAndSort(units, { ...base, query: 'health' }))).toEqual(['so-y-te']);
    expect(ids(filterAndSort(units, { ...base, query: 'khong co' }))).toEqual([]);
  });

  it('filters by peer group and lists the groups present', () => {
    expect(ids(filterAndSort(units, { ...base, peerGroup: 'departments' }))).toEqual([
      'so-y-te',
      'so-xay-dung',
    ]);
    expect(peerGroupsOf(units)).toEqual(['communes', 'departments']);
  });

  it('sorts by any column, missing values last both ways', () => {
    expect(ids(filterAndSort(units, { ...base, sort: { key: 'index', direction: 'asc' } }))).toEqual([
      'so-xay-dung',
      'comm-00070',
      'so-y-te',
    ]);
    expect(ids(filterAndSort(units, { ...base, sort: { key: 'group:II', direction: 'desc' } }))).toEqual([
      'comm-00070',
      'so-xay-dung',
      'so-y-te',
    ]);
    expect(ids(filterAndSort(units, { ...base, sort: { key: 'change', direction: 'asc' } }))).toEqual([
      'comm-00070',
      'so-y-te',
      'so-xay-dung',
    ]);
    expect(ids(filterAndSort(units, { ...base, sort: { key: 'name', direction: 'asc' } }))).toEqual([
      'comm-00070',
      'so-xay-dung',
      'so-y-te',
    ]);
  });

  it('toggles the direction, indices highest first', () => {
    expect(nextSort({ key: 'rank', direction: 'asc' }, 'rank')).toEqual({ key: 'rank', direction: 'desc' });
    expect(nextSort({ key: 'rank', direction: 'asc' }, 'index')).toEqual({ key: 'index', direction: 'desc' });
    expect(nextSort({ key: 'rank', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'asc' });
  });

  it('formats indices to three decimals and rank changes as arrows', () => {
    expect(formatIndex(0.5, 'vi')).toBe('0,500');
    expect(formatIndex(0.12345, 'en')).toBe('0.123');
    expect(formatIndex(null, 'en')).toBe('—');
    expect(changeOf({ index: 0.1, rank: 2 })?.direction).toBe('up');
    expect(changeOf({ index: -0.1, rank: -1 })?.arrow).toBe('▼');
    expect(changeOf({ index: 0, rank: 0 })?.direction).toBe('same');
    expect(changeOf(null)).toBeNull();
  });
});

describe('map and trend helpers', () => {
  it('colours 0–1 in five fixed classes, grey without a result', () => {
    expect(colourOfIndex(undefined)).toBe(NO_RESULT_COLOUR);
    expect(colourOfIndex(0)).not.toBe(colourOfIndex(1));
    expect(colourOfIndex(1)).toBe(colourOfIndex(0.85));
    expect(colourOfIndex(0.19)).toBe(colourOfIndex(0.01));
  });

  it('picks the latest published cycle and follows a unit across years', () => {
    const cycles = [
      { id: 'a', frameworkCode: 'f', year: 2024, publishedAt: '2025-01-01T00:00:00Z' },
      { id: 'b', frameworkCode: 'f', year: 2025, publishedAt: '2025-06-01T00:00:00Z' },
    ];
    expect(latestCycle(cycles)?.id).toBe('b');
    expect(latestCycle([])).toBeUndefined();
    const trend = trendOf(
      [
        { cycleId: 'b', year: 2025, units: [units[0]!] },
        { cycleId: 'a', year: 2024, units: [] },
      ],
      'so-y-te',
    );
    expect(trend).toEqual([
      { year: 2024, cycleId: 'a', index: null, rank: null },
      { year: 2025, cycleId: 'b', index: 0.8, rank: 1 },
    ]);
  });
});

describe('main-index chart', () => {
  const results = {
    mainIndices: ['1', '2', '3'].map((code) => ({
      code,
      groupCode: 'I',
      nameVi: `Chỉ số ${code}`,
      nameEn: `Index ${code}`,
    })),
  } as Results;
  it('draws a radar over the main indices that apply, 0–1 on each axis', () => {
    const axes = mainIndexAxes(results, unit({ unitId: 'x', mainIndices: { 1: 0.1, 2: 0.5, 3: 0.9 } }), 'en');
    const option = indexChartOption(axes, 'X');
    expect(option.radar).toEqual({
      indicator: [
        { name: '1. Index 1', max: 1, min: 0 },
        { name: '2. Index 2', max: 1, min: 0 },
        { name: '3. Index 3', max: 1, min: 0 },
      ],
      radius: '62%',
    });
    expect(option.series).toMatchObject([{ type: 'radar', data: [{ value: [0.1, 0.5, 0.9] }] }]);
  });

  it('falls back to bars with fewer than three main indices that apply', () => {
    const axes = mainIndexAxes(
      results,
      unit({ unitId: 'x', mainIndices: { 1: 0.1, 2: null, 3: 0.9 } }),
      'vi',
    );
    const option = indexChartOption(axes, 'X');
    expect(option.radar).toBeUndefined();
    expect(option.yAxis).toMatchObject({ data: ['1. Chỉ số 1', '3. Chỉ số 3'] });
    expect(option.series).toMatchObject([{ type: 'bar', data: [0.1, 0.9] }]);
  });
});
