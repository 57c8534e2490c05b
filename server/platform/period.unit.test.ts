import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  makePeriod,
  nextPeriod,
  parsePeriod,
  periodContaining,
  periodContains,
  periodsBetween,
  periodTypes,
  previousPeriod,
  tryParsePeriod,
} from './period.ts';

describe('periods', () => {
  it('parses the compact ids', () => {
    expect(parsePeriod('2025')).toMatchObject({ type: 'year', start: '2025-01-01', end: '2026-01-01' });
    expect(parsePeriod('2025S2')).toMatchObject({ type: 'half', start: '2025-07-01', end: '2026-01-01' });
    expect(parsePeriod('2025Q3')).toMatchObject({ type: 'quarter', start: '2025-07-01', end: '2025-10-01' });
    expect(parsePeriod('202509')).toMatchObject({ type: 'month', start: '2025-09-01', end: '2025-10-01' });
    for (const bad of ['2025Q5', '202513', '2025S3', '25Q1', '2025-09', '', '2025q3']) {
      expect(tryParsePeriod(bad), bad).toBeNull();
    }
    expect(() => parsePeriod('2025Q5')).toThrow(/not a period/);
  });

  it('round-trips ids and steps through periods without gaps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...periodTypes),
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        (type, year, rawIndex) => {
          const count = { year: 1, half: 2, quarter: 4, month: 12 }[type];
          const period = makePeriod(type, year, ((rawIndex - 1) % count) + 1);
          expect(parsePeriod(period.id)).toEqual(period);
          expect(nextPeriod(period).start).toBe(period.end);
          expect(previousPeriod(nextPeriod(period))).toEqual(period);
          expect(periodContaining(type, period.start)).toEqual(period);
          expect(periodContains(makePeriod('year', year, 1), period)).toBe(true);
        },
      ),
    );
  });

  it('lists the periods between two dates', () => {
    expect(periodsBetween('quarter', '2024-11-15', '2025-07-01').map((p) => p.id)).toEqual([
      '2024Q4',
      '2025Q1',
      '2025Q2',
      '2025Q3',
    ]);
  });
});

describe('labels', () => {
  it('says periods and dates the way people write them', async () => {
    const { periodLabel, dateLabel } = await import('./period.ts');
    expect(periodLabel('2025Q3')).toEqual({ vi: 'Quý 3/2025', en: 'Q3 2025' });
    expect(periodLabel('2025S2')).toEqual({ vi: '6 tháng cuối năm 2025', en: 'H2 2025' });
    expect(periodLabel('202509')).toEqual({ vi: 'Tháng 9/2025', en: 'September 2025' });
    expect(periodLabel('2025')).toEqual({ vi: 'Năm 2025', en: '2025' });
    expect(dateLabel('2026-11-28')).toEqual({ vi: '28/11/2026', en: '28 Nov 2026' });
  });
});
