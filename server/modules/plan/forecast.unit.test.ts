import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePeriod } from '../../platform/period.ts';
import { fitLine, forecast, periodNumber, studentTCdf, studentTQuantile } from './forecast.ts';

const quarters = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return makePeriod('quarter', Math.floor(n / 4), (n % 4) + 1).id;
  });
const q2023Q1 = periodNumber('quarter', 2023, 1);

describe("Student's t", () => {
  it('matches the 90% quantiles of the textbook table', () => {
    expect(studentTQuantile(0.9, 1)).toBeCloseTo(3.0777, 3);
    expect(studentTQuantile(0.9, 5)).toBeCloseTo(1.4759, 3);
    expect(studentTQuantile(0.9, 10)).toBeCloseTo(1.3722, 3);
    expect(studentTQuantile(0.9, 30)).toBeCloseTo(1.3104, 3);
    expect(studentTQuantile(0.9, 10_000)).toBeCloseTo(1.2816, 3);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 10);
  });
});

describe('forecast', () => {
  it('recovers the slope of an exact line and projects it without uncertainty', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.integer({ min: 3, max: 12 }),
        (intercept, slope, count) => {
          const observations = quarters(q2023Q1, count).map((period, i) => ({
            period,
            value: intercept + slope * i,
          }));
          const result = forecast({
            observations,
            milestones: [{ year: 2027, value: 1000 }],
            direction: 'at_least',
            today: '2023-01-15',
          })!;
          expect(result.slopePerPeriod).toBeCloseTo(slope, 6);
          const stepsToTarget = periodNumber('quarter', 2027, 4) - q2023Q1;
          expect(result.projected).toBeCloseTo(intercept + slope * stepsToTarget, 5);
          expect(result.high! - result.low!).toBeLessThan(1e-5);
          expect(result.atPeriod).toBe('2027Q4');
          expect(result.atDate).toBe('2027-12-31');
        },
      ),
    );
  });

  it('widens the interval as the noise grows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 12 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 1.1, max: 10, noNaN: true }),
        (noise, scale, factor) => {
          const width = (s: number) => {
            const observations = quarters(q2023Q1, noise.length).map((period, i) => ({
              period,
              value: 50 + 2 * i + s * noise[i]!,
            }));
            const result = forecast({
              observations,
              milestones: [{ year: 2026, value: 90 }],
              direction: 'at_least',
              today: '2024-01-01',
            })!;
            return result.high! - result.low!;
          };
          const line = fitLine(
            noise.map((_, i) => i),
            noise,
          );
          fc.pre(line !== null && line.residualSd !== null && line.residualSd > 1e-6);
          expect(width(scale * factor)).toBeGreaterThan(width(scale));
        },
      ),
    );
  });

  it('gives the run-rate still needed per period from the latest value', () => {
    const observations = [
      { period: '2024Q2', value: 50 },
      { period: '2024Q3', value: 55 },
      { period: '2024Q4', value: 60 },
    ];
    const result = forecast({
      observations,
      milestones: [{ year: 2025, value: 100 }],
      direction: 'at_least',
      today: '2025-01-10',
    })!;
    expect(result.runRateNeeded).toBeCloseTo(10, 10); // 40 more over the 4 quarters of 2025
    expect(result.slopePerPeriod).toBeCloseTo(5, 10);
    expect(result.projected).toBeCloseTo(80, 10);

    const met = forecast({
      observations,
      milestones: [{ year: 2025, value: 60 }],
      direction: 'at_least',
      today: '2025-01-10',
    })!;
    expect(met.runRateNeeded).toBe(0);
    const rank = forecast({
      observations: [
        { period: '2022', value: 24 },
        { period: '2023', value: 6 },
      ],
      milestones: [{ year: 2025, value: 5 }],
      direction: 'at_most',
      today: '2024-03-01',
    })!;
    expect(rank.runRateNeeded).toBeCloseTo(-0.5, 10); // one place over two years
    expect(rank.low).toBeNull(); // two points: a line, no interval
  });

  it('needs two observations, and aims at the next milestone with a value', () => {
    expect(
      forecast({
        observations: [{ period: '2024', value: 1 }],
        milestones: [{ year: 2025, value: 2 }],
        direction: 'at_least',
        today: '2024-06-01',
      }),
    ).toBeNull();
    const result = forecast({
      observations: quarters(q2023Q1, 8).map((period, i) => ({ period, value: i })),
      milestones: [
        { year: 2025, value: 100 },
        { year: 2030, value: 200 },
      ],
      direction: 'at_least',
      today: '2026-02-01',
    })!;
    expect(result.milestoneYear).toBe(2030);
  });
});
