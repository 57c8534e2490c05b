import { describe, expect, it } from 'vitest';
import { acrValues, anonymous, type Principal } from '../../platform/auth/principal.ts';
import type { AppError } from '../../platform/errors.ts';
import {
  aggregate,
  draftScope,
  mayMove,
  mayRead,
  mayReport,
  validFigures,
  validIndicator,
  validPeriod,
} from './metrics.rules.ts';
import type { Indicator } from './metrics.types.ts';

const share: Indicator = {
  code: 'G05',
  nameVi: 'Tỷ lệ',
  nameEn: 'Share',
  descriptionVi: null,
  descriptionEn: null,
  unit: '%',
  direction: 'at_least',
  aggregation: 'ratio',
  periodType: 'quarter',
  decimals: 1,
  computedSource: null,
  example: false,
};

const official = (memberships: { unitId: string; role: string }[]): Principal => ({
  kind: 'official',
  accountId: 'a',
  officialId: 'o',
  sessionId: 's',
  username: 'u',
  fullName: 'Cán bộ',
  acr: acrValues.officialMfa,
  memberships: memberships as never,
});

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
};

describe('indicators', () => {
  it('normalises text and refuses each bad field by name', () => {
    expect(validIndicator({ ...share, nameVi: '  Tỷ lệ  ', descriptionEn: '   ' })).toMatchObject({
      nameVi: 'Tỷ lệ',
      descriptionEn: null,
      example: false,
    });
    const error = failure(() =>
      validIndicator({
        ...share,
        code: 'bad code',
        nameEn: '',
        unit: '',
        decimals: 7,
        direction: 'up' as never,
        periodType: 'week' as never,
      }),
    );
    expect(error.code).toBe('validation_failed');
    expect((error.extra.fields ?? []).map((f) => f.path).sort()).toEqual(
      ['code', 'decimals', 'direction', 'nameEn', 'periodType', 'unit'].sort(),
    );
    expect(failure(() => validIndicator({ ...share, unit: 'count' })).code).toBe('validation_failed');
  });
});

describe('periods and values', () => {
  it('takes only periods of the indicator’s type that have begun', () => {
    expect(validPeriod(share, '2025Q3', '2025-11-01').id).toBe('2025Q3');
    expect(failure(() => validPeriod(share, '202509', '2025-11-01')).code).toBe('validation_failed');
    expect(failure(() => validPeriod(share, '2025Q5', '2025-11-01')).code).toBe('validation_failed');
    expect(failure(() => validPeriod(share, '2026Q1', '2025-11-01')).code).toBe('unprocessable');
  });

  it('derives a ratio’s value from numerator and denominator, within the unit’s range', () => {
    expect(validFigures(share, { value: null, numerator: 1, denominator: 4 })).toEqual({
      value: 25,
      numerator: 1,
      denominator: 4,
    });
    expect(validFigures(share, { value: 25.04, numerator: 1, denominator: 4 }).value).toBe(25);
    expect(validFigures(share, { value: null })).toEqual({ value: null, numerator: null, denominator: null });
    for (const input of [
      { value: 30, numerator: 1, denominator: 4 },
      { value: 25 },
      { value: null, numerator: 1 },
      { value: null, numerator: 5, denominator: 4 },
      { value: null, numerator: 1, denominator: 0 },
    ]) {
      expect(failure(() => validFigures(share, input)).code, JSON.stringify(input)).toBe('validation_failed');
    }
  });

  it('keeps % within 0–100 and counts whole, while other units take any number', () => {
    const percent = { ...share, aggregation: 'last' as const };
    expect(validFigures(percent, { value: 100 }).value).toBe(100);
    expect(failure(() => validFigures(percent, { value: 100.5 })).code).toBe('validation_failed');
    expect(failure(() => validFigures(percent, { value: 5, numerator: 1, denominator: 2 })).code).toBe(
      'validation_failed',
    );
    const count = { ...share, aggregation: 'sum' as const, unit: 'count' };
    expect(failure(() => validFigures(count, { value: 2.5 })).code).toBe('validation_failed');
    expect(failure(() => validFigures(count, { value: -1 })).code).toBe('validation_failed');
    expect(validFigures({ ...percent, unit: '%/năm' }, { value: -3.2 }).value).toBe(-3.2);
    expect(failure(() => validFigures(percent, { value: Number.NaN })).code).toBe('validation_failed');
  });
});

describe('status changes', () => {
  it('allows the submission flow and approval from a draft for system loads only', () => {
    expect(mayMove('draft', 'submitted', false)).toBe(true);
    expect(mayMove('returned', 'submitted', false)).toBe(true);
    expect(mayMove('submitted', 'approved', false)).toBe(true);
    expect(mayMove('submitted', 'returned', false)).toBe(true);
    expect(mayMove('approved', 'draft', false)).toBe(true);
    expect(mayMove('draft', 'approved', false)).toBe(false);
    expect(mayMove('draft', 'approved', true)).toBe(true);
    expect(mayMove('draft', 'returned', true)).toBe(false);
    expect(mayMove('approved', 'submitted', true)).toBe(false);
  });
});

describe('who reports and who reads drafts', () => {
  const reporterA = official([{ unitId: 'so-y-te', role: 'agency_reporter' }]);
  const reviewerA = official([{ unitId: 'so-y-te', role: 'agency_reviewer' }]);
  const owner = official([{ unitId: 'hanoi', role: 'plan_owner' }]);
  // plan_owner is granted at the city only; a grant at one agency (which org refuses) reaches that agency alone.
  const ownerAtAgency = official([{ unitId: 'so-kh-cn', role: 'plan_owner' }]);
  const cityReviewer = official([{ unitId: 'hanoi', role: 'agency_reviewer' }]);
  const admin = official([{ unitId: 'so-y-te', role: 'agency_admin' }]);

  it('lets reporters report for their agency and plan owners for any', () => {
    expect(mayReport(reporterA, 'so-y-te')).toBe(true);
    expect(mayReport(reporterA, 'so-xay-dung')).toBe(false);
    expect(mayReport(reviewerA, 'so-y-te')).toBe(false);
    expect(mayReport(owner, 'so-xay-dung')).toBe(true);
    expect(mayReport(ownerAtAgency, 'so-kh-cn')).toBe(true);
    expect(mayReport(ownerAtAgency, 'so-xay-dung')).toBe(false);
    expect(mayReport(anonymous, 'so-y-te')).toBe(false);
  });

  it('shows drafts to the agency’s reporters and reviewers, and to plan owners', () => {
    expect(draftScope(anonymous)).toEqual([]);
    expect(draftScope(admin)).toEqual([]);
    expect(draftScope(reporterA)).toEqual(['so-y-te']);
    expect(draftScope(owner)).toBe('all');
    expect(draftScope(ownerAtAgency)).toEqual(['so-kh-cn']);
    expect(draftScope(cityReviewer)).toBe('all');
    const draftOfB = { status: 'draft', agencyId: 'so-xay-dung' };
    expect(mayRead(reporterA, draftOfB)).toBe(false);
    expect(mayRead(reporterA, { ...draftOfB, agencyId: 'so-y-te' })).toBe(true);
    expect(mayRead(anonymous, { ...draftOfB, status: 'approved' })).toBe(true);
  });
});

describe('aggregation', () => {
  const items = [
    { period: '2025Q1', value: 10, numerator: 1, denominator: 10 },
    { period: '2025Q3', value: 50, numerator: 5, denominator: 10 },
    { period: '2025Q2', value: 30, numerator: 9, denominator: 30 },
    { period: '2025Q4', value: null },
  ];
  it('sums, averages, takes the latest, or divides the sums', () => {
    expect(aggregate({ aggregation: 'sum', unit: 'count' }, items)).toBe(90);
    expect(aggregate({ aggregation: 'average', unit: '%' }, items)).toBe(30);
    expect(aggregate({ aggregation: 'last', unit: '%' }, items)).toBe(50);
    expect(aggregate({ aggregation: 'ratio', unit: '%' }, items)).toBe(30);
    expect(aggregate({ aggregation: 'ratio', unit: 'ratio' }, items)).toBeCloseTo(0.3);
    expect(aggregate({ aggregation: 'sum', unit: 'count' }, [])).toBeNull();
  });
});
